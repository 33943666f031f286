"""Whole-build golden file: the seed release's rows, label by label (volatile fields stripped).

A change to any stage that alters the seed release fails here with the fields that changed.
Regenerate on purpose only, and review the diff of the golden file in the commit:

    UPDATE_GOLDEN=1 ./dev test tests/builder/test_golden.py
"""

import json
import os
from pathlib import Path

from source_stance.builder.reading import read_release

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "seed_release.json"
#: Text is represented by its sha256 (kept); volatile manifest parts (library versions, code
#: fingerprint, file hashes that embed pyarrow's version) are not part of the golden file.
DROP = {"text"}


def snapshot(release: Path) -> dict:
    rel = read_release(release)
    manifest = rel.manifest
    rows = {
        "documents": sorted(rel.documents, key=lambda r: r["doc_id"]),
        "sentences": sorted(rel.sentences, key=lambda r: r["sentence_id"]),
    }
    return {
        "dataset": manifest["dataset"],
        "version": manifest["version"],
        "row_counts": manifest["row_counts"],
        "accounting": manifest["accounting"],
        **{k: [{f: v for f, v in r.items() if f not in DROP} for r in v] for k, v in rows.items()},
        "rejects": [json.loads(line) for line in (release / "rejects.jsonl").read_text().splitlines()],
    }


def _diff(want: dict, got: dict) -> list[str]:
    out = []
    for key in sorted(set(want) | set(got)):
        a, b = want.get(key), got.get(key)
        if key in ("documents", "sentences") and isinstance(a, list) and isinstance(b, list):
            idf = "doc_id" if key == "documents" else "sentence_id"
            ra, rb = {r[idf]: r for r in a}, {r[idf]: r for r in b}
            out += [f"{key}: {i} removed" for i in sorted(set(ra) - set(rb))]
            out += [f"{key}: {i} added" for i in sorted(set(rb) - set(ra))]
            for i in sorted(set(ra) & set(rb)):
                for f in sorted(set(ra[i]) | set(rb[i])):
                    if ra[i].get(f) != rb[i].get(f):
                        out.append(f"{key}: {i}.{f}: {ra[i].get(f)!r} -> {rb[i].get(f)!r}")
        elif a != b:
            out.append(f"{key}: {a!r} -> {b!r}")
    return out


def test_seed_release_matches_the_golden_file(seed_release):
    got = json.loads(json.dumps(snapshot(seed_release), sort_keys=True, ensure_ascii=False))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changes = _diff(want, got)
    assert not changes, "seed release differs from tests/golden/seed_release.json:\n  " + "\n  ".join(changes[:60])
