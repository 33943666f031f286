"""Whole-build behaviour on the seed corpus: layout, determinism, loading with `datasets`."""

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]

WORDPRESS_LINES = (
    "Categories:",
    "Tags:",
    "2 replies",
    "Leave a Reply",
    "Log Out /",
    "bloggers like this",
    "You are commenting using",
    "Connecting to %s",
    "Fill in your details below",
)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_layout_and_manifest(seed_release):
    manifest = json.loads((seed_release / "manifest.json").read_text())
    assert seed_release.name == f"{manifest['dataset']}-{manifest['version']}"
    listed = set(manifest["files"])
    on_disk = set(_files(seed_release)) - {"manifest.json"}
    assert listed == on_disk
    for rel, info in manifest["files"].items():
        import hashlib

        assert hashlib.sha256((seed_release / rel).read_bytes()).hexdigest() == info["sha256"], rel
    for lib in ("pyarrow", "nupunkt", "datasets"):
        assert manifest["libraries"][lib] not in ("", "not installed")
    assert manifest["segmenter"].startswith("nupunkt-")
    assert set(manifest["fingerprint"]) >= {"inputs", "config", "code", "build"}
    acc = manifest["accounting"]
    assert acc["inputs_read"] == acc["inputs_accepted"] + acc["inputs_rejected"] == 5


def test_parquet_embeds_features_and_has_no_pandas_metadata(seed_release):
    for path in seed_release.glob("data/*/*.parquet"):
        meta = pq.read_schema(path).metadata or {}
        assert b"huggingface" in meta, path
        assert b"pandas" not in meta, path


def test_second_build_is_byte_identical(seed_release, tmp_path):
    from source_stance.builder.cli import main

    assert main(["build", "--raw", str(ROOT / "raw"), "--out", str(tmp_path)]) == 0
    again = tmp_path / seed_release.name
    assert _files(again) == _files(seed_release)


def test_seed_003_is_one_post_and_two_comments_without_furniture(seed_release):
    docs = pq.read_table(seed_release / "data" / "documents").to_pylist() if False else [
        row for p in sorted(seed_release.glob("data/documents/*.parquet")) for row in pq.read_table(p).to_pylist()
    ]
    family = [d for d in docs if d["family_id"] == "003_2cbd1f3617226d94"]
    assert sorted(d["doc_id"] for d in family) == [
        "003_2cbd1f3617226d94",
        "003_2cbd1f3617226d94#comment-1",
        "003_2cbd1f3617226d94#comment-2",
    ]
    comments = [d for d in family if d["parent_id"]]
    assert all(d["parent_id"] == "003_2cbd1f3617226d94" for d in comments)
    assert len({d["split"] for d in family}) == 1
    for d in docs:
        for line in WORDPRESS_LINES:
            assert line not in d["text"], (d["doc_id"], line)


def test_load_dataset_in_a_new_process(seed_release, tmp_path):
    script = textwrap.dedent(
        f"""
        import json
        from datasets import load_dataset
        path = {str(seed_release)!r}
        manifest = json.load(open(path + "/manifest.json"))
        out = {{}}
        for config in ("sentences", "documents"):
            ds = load_dataset(path, config)
            assert sorted(ds) == ["test", "train", "validation"], sorted(ds)
            for split, d in ds.items():
                assert d.num_rows == manifest["row_counts"][config][split], (config, split)
            out[config] = {{k: getattr(v, "names", None) for k, v in ds["train"].features.items()}}
        print(json.dumps(out))
        """
    )
    env = dict(os.environ, HF_HOME=str(tmp_path / "hf"), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    names = json.loads(r.stdout.strip().splitlines()[-1])
    assert names["documents"]["perspective"] == ["pro_azerbaijan", "pro_armenia", "neutral", "mixed", "unknown"]
    assert names["documents"]["split"] == ["train", "validation", "test"]
    assert "comment" in names["documents"]["document_type"]
    assert names["sentences"]["document_perspective"] == names["documents"]["perspective"]


def test_curated_labels_are_marked_curated(seed_release):
    docs = [row for p in sorted(seed_release.glob("data/documents/*.parquet")) for row in pq.read_table(p).to_pylist()]
    post = next(d for d in docs if d["doc_id"] == "001_15007a863467a948")
    assert post["publisher"] == "Azernews"
    curated = 0  # index of "curated" in LABEL_SOURCE
    assert post["publisher_source"] == curated and post["publisher_confidence"] == 1.0
    assert post["publisher_annotator"].startswith("curator:")
    assert "Azernews reports" in post["publisher_evidence"]


def test_release_of_same_version_with_other_content_is_refused(seed_release, raw_copy, tmp_path, capsys):
    import shutil

    from source_stance.builder.cli import main

    out = tmp_path / "out"
    shutil.copytree(seed_release, out / seed_release.name)
    (raw_copy / "zzz_new.txt").write_text("A new text. It changes the release.", encoding="utf-8")
    assert main(["build", "--raw", str(raw_copy), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "already exists with different content" in err and "bump `version`" in err
    assert _files(out / seed_release.name) == _files(seed_release)


def test_verify_written_still_refuses_a_parquet_file_that_does_not_load(seed_release, tmp_path):
    """check_release_files leaves the Parquet checks to verify_release there; they still run."""
    import shutil

    import pytest

    from source_stance.builder.errors import ReleaseError
    from source_stance.builder.release import verify_written

    release = tmp_path / seed_release.name
    shutil.copytree(seed_release, release)
    rel = "data/sentences/test-00000-of-00001.parquet"
    (release / rel).write_bytes(b"PAR1 not a parquet file PAR1")
    manifest = json.loads((release / "manifest.json").read_text())
    manifest["files"][rel].update(sha256=hashlib.sha256((release / rel).read_bytes()).hexdigest(), bytes=(release / rel).stat().st_size)
    (release / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ReleaseError, match=f"{rel}: parquet.unreadable"):
        verify_written(release)
