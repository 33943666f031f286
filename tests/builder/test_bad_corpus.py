"""A corpus holding every kind of bad or awkward input builds (non-strict) with each outcome
asserted, and fails under --strict naming every bad file; metadata problems stop the build."""

import codecs
import json
import os
import unicodedata

import pyarrow.parquet as pq
import pytest

from source_stance.builder import ingest
from source_stance.builder.cli import main
from tests.conftest import write_corpus

WORDS = (
    "delegation ministry ceasefire village border statement negotiations observers convoy humanitarian corridor "
    "agreement parliament spokesperson journalists refugees monitoring mission resolution envoy capital region"
).split()


def article(seed: int, n: int = 120) -> str:
    """A deterministic English-like text of n words in sentences of 8-14 words."""
    out, i, k = [], 0, seed
    while i < n:
        k = (k * 1103515245 + 12345) % 2**31
        length = 8 + k % 7
        words = [WORDS[(k >> (3 + j)) % len(WORDS)] for j in range(length)]
        out.append(" ".join(words).capitalize() + ".")
        i += length
    return " ".join(out) + "\n"


GOOD = article(1)
NEAR = GOOD.replace("ceasefire", "truce", 1)  # one word changed: a near duplicate
CORPUS = """name: bad-corpus
version: 0.1.0
max_file_bytes: 300000
sides:
  - id: side_a
    description: Aligns with A.
  - id: side_b
    description: Aligns with B.
"""
META = """documents:
  - file: good.txt
    perspective: neutral
  - file: missing.txt
    perspective: side_a
  - file: folder.txt
    perspective: side_b
"""


def bad_corpus(root):
    cyrillic = "Переговоры между делегациями продолжились в понедельник. Стороны обсудили обмен пленными.\n"
    files = {
        "good.txt": GOOD,
        "near.txt": NEAR,
        "nometa.txt": article(2),
        "empty.txt": b"",
        "blank.txt": b"  \r\n\t \n",
        "png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "nul.txt": b"text\x00\x00\x00 with \x00 many \x00 NULs\x00\x00" * 20,
        "bom8.txt": codecs.BOM_UTF8 + article(3).encode(),
        "bom16.txt": codecs.BOM_UTF16_LE + article(4).encode("utf-16-le"),
        "cp1251.txt": cyrillic.encode("cp1251"),
        "cp1252.txt": "Le ministre a déclaré que l’accord sera signé à Genève. Les délégués étaient d’accord.\n".encode("cp1252"),
        "latin1.txt": "Der Außenminister äußerte sich über die Lage. Die Gespräche gehen weiter.\n".encode("latin-1"),
        "mixed.txt": "Déclaration « signée » à Genève.".encode() + b" Caf\xe9 cr\xe8me.\n",
        "crlf.txt": article(5).replace(". ", ".\r\n").encode(),
        "cr.txt": article(6).replace(". ", ".\r").encode(),
        "nfd.txt": unicodedata.normalize("NFD", "Le délégué a répondu à la presse. Ça s’est passé à Genève.\n"),
        "zw.txt": "Zero\u200bwidth and \u202ebidi\u202c controls. Soft\u00adhyphen here.\n",
        "longline.txt": ("the envoy said word " * 12_500).strip() + ".\n",  # 250,000 chars, no sentence end
        "big.txt": "x" * 300_001,
        "good_copy.txt": GOOD,
        "odd name ünï.txt": article(7),
        "folder.txt/inner.txt": article(8),
        "notes.docx": b"PK\x03\x04",
    }
    raw = write_corpus(root / "raw", files, corpus_yaml=CORPUS, metadata=META)
    (root / "outside.txt").write_text(article(9))
    (raw / "link_out.txt").symlink_to(root / "outside.txt")
    (raw / "locked.txt").write_text(article(10))
    return raw


EXPECTED_REJECTS = {
    "empty.txt": "ingest.empty",
    "blank.txt": "ingest.empty",
    "png.txt": "ingest.binary",
    "nul.txt": "ingest.binary",
    "mixed.txt": "ingest.mixed_encoding",
    "big.txt": "ingest.too_large",
    "good_copy.txt": "dedup.exact_duplicate",
    "notes.docx": "ingest.unsupported_type",
    "link_out.txt": "ingest.outside_raw",
    "locked.txt": "ingest.unreadable",
}


@pytest.fixture
def locked_open(monkeypatch):
    """Make locked.txt unreadable (tests run as root, so permissions alone would not)."""
    real_open = open

    def fake_open(path, *a, **k):
        if os.fspath(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)


def read_release(release):
    docs = {}
    for f in sorted((release / "data" / "documents").glob("*.parquet")):
        for row in pq.read_table(f).to_pylist():
            docs[row["doc_id"]] = row
    sents = [r for f in sorted((release / "data" / "sentences").glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    rejects = [json.loads(line) for line in (release / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    report = json.loads((release / "build_report.json").read_text(encoding="utf-8"))
    return docs, sents, rejects, report


def test_every_case_has_its_outcome(tmp_path, capsys, locked_open):
    raw = bad_corpus(tmp_path)
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    (release,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith(".")]
    docs, sents, rejects, report = read_release(release)

    # accounting: read = accepted + rejected, on the console and in the report
    by_file = {r["source_file"]: r for r in rejects}
    assert {f: r["code"] for f, r in by_file.items()} == EXPECTED_REJECTS
    assert all(r["message"] for r in rejects)
    inputs = report["inputs"]
    assert inputs["read"] == inputs["accepted"] + inputs["rejected"]
    assert inputs["rejected"] == len(EXPECTED_REJECTS)
    assert inputs["accepted"] == len({d["source_file"] for d in docs.values()})
    assert f"read {inputs['read']} inputs: {inputs['accepted']} accepted, {inputs['rejected']} rejected" in out
    for f, code_ in EXPECTED_REJECTS.items():
        assert f"reject {f}: {code_}:" in out
    assert by_file["good_copy.txt"]["duplicate_of"] == "good"
    assert report["rejects_by_code"]["ingest.empty"] == 2

    # decoding recorded per document
    enc = {d["doc_id"]: d["encoding"] for d in docs.values()}
    assert enc["bom8"] == "utf-8" and enc["bom16"] == "utf-16-le"
    assert (enc["cp1251"], enc["cp1252"]) == ("cp1251", "cp1252")
    assert enc["latin1"] in ("cp1252", "latin-1")
    assert "Переговоры" in docs["cp1251"]["text"] and "déclaré" in docs["cp1252"]["text"] and "äußerte" in docs["latin1"]["text"]

    # line ends, normalisation and invisible characters
    assert "\r" not in docs["crlf"]["text"] and "\r" not in docs["cr"]["text"]
    assert docs["crlf"]["text"].count("\n") >= 5
    assert docs["nfd"]["text"] == unicodedata.normalize("NFC", docs["nfd"]["text"]) and "délégué" in docs["nfd"]["text"]
    assert docs["zw"]["text"] == "Zerowidth and bidi controls. Softhyphen here."
    raw_bytes = {p: (raw / f"{p}.txt").read_bytes() for p in ("bom8", "bom16", "nfd", "zw", "crlf", "cr")}
    for s in sents:
        d = docs[s["doc_id"]]
        assert d["text"][s["char_start"] : s["char_end"]] == s["text"]
        if s["doc_id"] in raw_bytes:
            b = raw_bytes[s["doc_id"]][s["raw_byte_start"] : s["raw_byte_end"]].decode(d["encoding"])
            norm = unicodedata.normalize("NFC", b.replace("\u200b", "").replace("\u202e", "").replace("\u202c", "").replace("\u00ad", ""))
            assert " ".join(norm.split()) == " ".join(s["text"].split())

    # a very long line and odd names build
    from source_stance.builder.segment import MAX_SENTENCE_CHARS

    long_sents = [s for s in sents if s["doc_id"] == "longline"]
    assert len(long_sents) == docs["longline"]["n_sentences"] >= 250_000 // MAX_SENTENCE_CHARS
    assert max(s["char_end"] - s["char_start"] for s in long_sents) <= MAX_SENTENCE_CHARS
    assert "odd name ünï" in docs and "folder.txt/inner" in docs

    # near duplicates: kept, clustered, one split
    assert docs["good"]["near_duplicate_cluster"] == docs["near"]["near_duplicate_cluster"] == "good"
    assert docs["good"]["split"] == docs["near"]["split"]
    assert docs["nometa"]["near_duplicate_cluster"] is None
    assert report["near_duplicates"]["clusters"] == {"good": ["good", "near"]}

    # metadata: a row for a missing file and a row naming a folder are reported; files without metadata build
    assert report["metadata_without_file"] == ["folder.txt", "missing.txt"]
    assert "metadata: entry for 'missing.txt' has no file in the raw folder" in out
    assert report["inputs_without_metadata"] == inputs["read"] - 1  # only good.txt has an entry


def test_strict_fails_naming_each_bad_file_and_publishes_nothing(tmp_path, capsys, locked_open):
    raw = bad_corpus(tmp_path)
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--strict"])
    err = capsys.readouterr().err
    assert code == 1
    for f, code_ in EXPECTED_REJECTS.items():
        assert f"  {f} ({code_})" in err
    assert "  missing.txt (metadata.missing_file)" in err
    assert "  folder.txt (metadata.missing_file)" in err
    assert not (tmp_path / "out").exists() or not [p for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")]


def test_strict_passes_on_a_clean_corpus(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a.txt": article(1), "b.txt": article(2)})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--strict"]) == 0


@pytest.mark.parametrize(
    "entry, message",
    [
        ("- file: ../outside.txt", "file '../outside.txt' is not a path inside the raw folder"),
        ("- file: /etc/passwd", "file '/etc/passwd' is not a path inside the raw folder"),
        ("- file: sub/../../x.txt", "is not a path inside the raw folder"),
        ("- file: a.txt\n  perspective: side-a", "unknown perspective 'side-a' (did you mean 'side_a'?)"),
        ("- file: a.txt\n  document_type: news", "unknown document_type 'news' (did you mean 'news_report'?)"),
        ("- file: a.txt\n  perspective: [side_a", "while parsing a flow sequence at line 2, column 16"),
        ("- file: a.txt\n  colour: red", "colour"),
    ],
)
def test_metadata_problems_stop_the_build_with_file_and_position(tmp_path, capsys, entry, message):
    raw = write_corpus(tmp_path / "raw", {"a.txt": article(1)}, corpus_yaml=CORPUS, metadata=entry + "\n")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "metadata.yaml" in err and message in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "csv_text, message",
    [
        ("file,perspective\na.txt,side_a,extra\n", "line 2, column 3: more cells than header columns"),
        ('file,perspective\n"a.txt,side_a\n', "malformed CSV"),
        ("file,perspective\na.txt,sidea\n", "did you mean 'side_a'?"),
    ],
)
def test_malformed_csv_metadata(tmp_path, capsys, csv_text, message):
    corpus = CORPUS + "metadata: metadata.csv\n"
    raw = write_corpus(tmp_path / "raw", {"a.txt": article(1)}, corpus_yaml=corpus)
    (raw / "metadata.csv").write_text(csv_text, encoding="utf-8")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "metadata.csv" in err and message in err


def test_non_utf8_csv_metadata_is_a_config_error(tmp_path, capsys):
    raw = write_corpus(tmp_path / "raw", {"a.txt": article(1)}, corpus_yaml=CORPUS + "metadata: metadata.csv\n")
    (raw / "metadata.csv").write_bytes("file,title\na.txt,Caf\xe9\n".encode("latin-1"))
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err


def test_tabular_rows_are_accounted_for_with_their_row(tmp_path, capsys):
    rows = [
        json.dumps({"id": "r0", "text": article(20)}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "r3", "title": "no text"}),
        json.dumps({"id": "r4", "text": article(20)}),  # same text as r0
        json.dumps({"id": "r5", "text": "Caf\u00e9 \u200b\u0000 ok. " + article(21)}),
    ]
    files = {
        "crawl.jsonl": "\n".join(rows) + "\n",
        "sheet.csv": "id,text\nc0," + article(22).strip() + "\nc1,too,many,cells\n",
        "fake.parquet": b"this is not parquet",
    }
    raw = write_corpus(tmp_path / "raw", files, corpus_yaml=CORPUS)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    (release,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith(".")]
    docs, _, rejects, report = read_release(release)
    got = {(r["source_file"], r["source_row"]): r["code"] for r in rejects}
    assert got[("crawl.jsonl", 1)] == "ingest.bad_json"
    assert got[("crawl.jsonl", 2)] == "ingest.bad_json"
    assert got[("crawl.jsonl", 3)] == "ingest.missing_text"
    assert got[("crawl.jsonl", 4)] == "dedup.exact_duplicate"
    assert got[("fake.parquet", None)] == "ingest.bad_parquet"
    assert ("sheet.csv", 1) in got
    assert "reject crawl.jsonl row 1: ingest.bad_json:" in out
    accepted_rows = {(d["source_file"], d["source_row"]) for d in docs.values() if d["parent_id"] is None}
    assert accepted_rows == {("crawl.jsonl", 0), ("crawl.jsonl", 5), ("sheet.csv", 0)}
    assert report["inputs"]["read"] == len(accepted_rows) + len(rejects) == report["inputs"]["accepted"] + report["inputs"]["rejected"]
    r5 = next(d for d in docs.values() if d["source_row"] == 5)
    assert r5["text"].startswith("Café  ok.")

    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out2"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "  crawl.jsonl row 1 (ingest.bad_json)" in err and "  fake.parquet (ingest.bad_parquet)" in err


@pytest.mark.parametrize(
    "extra, message",
    [
        ("metadata: ../elsewhere.yaml\n", "`metadata:`: file '../elsewhere.yaml' is not a path inside the raw folder"),
        ("max_file_bytes: 0\n", "[max_file_bytes] Input should be greater than or equal to 1"),
    ],
)
def test_corpus_config_paths_and_limits_are_checked(tmp_path, capsys, extra, message):
    (tmp_path / "elsewhere.yaml").write_text("documents: []\n")
    raw = write_corpus(tmp_path / "raw", {"a.txt": article(1)}, corpus_yaml=CORPUS.replace("max_file_bytes: 300000\n", "") + extra)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err


def test_metadata_names_match_files_whatever_their_unicode_normalisation(tmp_path):
    from source_stance.builder.pipeline import BuildOptions, run

    nfd_name = unicodedata.normalize("NFD", "café.txt")
    meta = "documents:\n  - file: " + unicodedata.normalize("NFC", "café.txt") + "\n    perspective: side_a\n"
    raw = write_corpus(tmp_path / "raw", {nfd_name: article(1)}, corpus_yaml=CORPUS, metadata=meta)
    output = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "out"))
    assert output.metadata_missing == []
    (doc,) = output.documents
    assert doc["perspective"] == "side_a" and doc["perspective_source"] == "curated"


def test_the_bad_corpus_builds_byte_identically_twice(tmp_path, locked_open):
    raw = bad_corpus(tmp_path)
    releases = []
    for out in ("out1", "out2"):
        assert main(["build", "--raw", str(raw), "--out", str(tmp_path / out), "--workers", "1" if out == "out1" else "2"]) == 0
        (release,) = [p for p in (tmp_path / out).iterdir() if p.is_dir() and not p.name.startswith(".")]
        releases.append(release)
    files = [sorted(p.relative_to(r).as_posix() for p in r.rglob("*") if p.is_file()) for r in releases]
    assert files[0] == files[1] and "build_report.json" in files[0]
    for rel in files[0]:
        assert (releases[0] / rel).read_bytes() == (releases[1] / rel).read_bytes(), rel


def test_many_rejects_are_summarised_on_the_console(tmp_path, capsys):
    from source_stance.builder import report

    files = {f"e{i:03d}.txt": b"" for i in range(report.MAX_CONSOLE_REJECTS + 5)}
    files["ok.txt"] = article(1)
    raw = write_corpus(tmp_path / "raw", files, corpus_yaml=CORPUS)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("  reject ") == report.MAX_CONSOLE_REJECTS
    assert f"... and 5 more rejects (all in rejects.jsonl); by code: ingest.empty {report.MAX_CONSOLE_REJECTS + 5}" in out
