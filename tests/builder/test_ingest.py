"""ingest: every entry below raw/ becomes a RawText or a Reject with a reason; nothing is lost."""

import os

import pytest

from source_stance.builder import ingest
from source_stance.builder.corpus import load_corpus
from source_stance.builder.ingest import RawText, Reject, iter_inputs
from tests.conftest import write_corpus

TEXT = "Talks resumed in Geneva on Monday. Both delegations attended.\n"


def outcomes(raw):
    return {i.source_file: (i if isinstance(i, RawText) else i.code) for i in iter_inputs(load_corpus(raw))}


def test_plain_files_odd_names_and_folders_named_like_files(tmp_path):
    raw = write_corpus(
        tmp_path / "raw",
        {
            "with space.txt": TEXT,
            "ünïcödé 文字.txt": TEXT + "x",
            "folder.txt/inner.txt": TEXT + "y",
            "UPPER.TXT": TEXT + "z",
            ".hidden.txt": TEXT,
            ".git/config.txt": TEXT,
            "notes.md": "# notes",
        },
    )
    (raw / "empty-folder.txt").mkdir()
    got = outcomes(raw)
    assert set(got) == {"with space.txt", "ünïcödé 文字.txt", "folder.txt/inner.txt", "UPPER.TXT", "notes.md"}
    assert all(isinstance(got[k], RawText) for k in ("with space.txt", "ünïcödé 文字.txt", "folder.txt/inner.txt", "UPPER.TXT"))
    assert got["notes.md"] == "ingest.unsupported_type"


def test_links_inside_outside_broken_and_to_folders(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("outside text, must never be read")
    (tmp_path / "outside_dir").mkdir()
    raw = write_corpus(tmp_path / "raw", {"a.txt": TEXT, "sub/b.txt": TEXT + "b"})
    (raw / "to_secret.txt").symlink_to(outside)
    (raw / "to_secret_rel.txt").symlink_to(os.path.join("..", "secret.txt"))
    (raw / "to_a.txt").symlink_to("a.txt")
    (raw / "broken.txt").symlink_to("missing.txt")
    (raw / "to_sub").symlink_to("sub")
    (raw / "to_outside_dir").symlink_to(tmp_path / "outside_dir")
    got = outcomes(raw)
    assert got["to_secret.txt"] == "ingest.outside_raw"
    assert got["to_secret_rel.txt"] == "ingest.outside_raw"
    assert isinstance(got["to_a.txt"], RawText) and got["to_a.txt"].text == TEXT
    assert got["broken.txt"] == "ingest.broken_link"
    assert got["to_sub"] == "ingest.not_a_file"
    assert got["to_outside_dir"] == "ingest.outside_raw"
    assert isinstance(got["sub/b.txt"], RawText)
    assert not any(isinstance(v, RawText) and "must never" in v.text for v in got.values())


def test_fifo_is_not_read(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a.txt": TEXT})
    os.mkfifo(raw / "pipe.txt")
    assert outcomes(raw)["pipe.txt"] == "ingest.not_a_file"  # would hang if it were opened


def test_non_utf8_file_name(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a.txt": TEXT})
    bad = os.path.join(os.fsencode(raw), b"caf\xe9.txt")
    with open(bad, "wb") as fh:
        fh.write(TEXT.encode())
    got = outcomes(raw)
    assert got["caf\\xe9.txt"] == "ingest.bad_filename"


def test_unreadable_file_via_a_failing_open(tmp_path, monkeypatch):
    raw = write_corpus(tmp_path / "raw", {"a.txt": TEXT, "locked.txt": TEXT + "l"})
    real_open = open

    def fake_open(path, *a, **k):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)
    got = outcomes(raw)
    assert got["locked.txt"] == "ingest.unreadable"
    assert isinstance(got["a.txt"], RawText)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_via_permissions(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"locked.txt": TEXT})
    (raw / "locked.txt").chmod(0)
    try:
        assert outcomes(raw)["locked.txt"] == "ingest.unreadable"
    finally:
        (raw / "locked.txt").chmod(0o644)


def test_unlistable_folder_is_a_reject_not_a_silent_gap(tmp_path, monkeypatch):
    raw = write_corpus(tmp_path / "raw", {"a.txt": TEXT, "locked/b.txt": TEXT + "b"})
    real_scandir = os.scandir

    def fake_scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    got = outcomes(raw)
    assert got["locked"] == "ingest.unreadable"
    assert isinstance(got["a.txt"], RawText)


def test_size_limit_empty_and_whitespace(tmp_path):
    corpus = (
        "name: t\nversion: 0.1.0\nmax_file_bytes: 200\nsides:\n  - id: side_a\n    description: A.\n"
    )
    raw = write_corpus(
        tmp_path / "raw",
        {"big.txt": "word " * 100, "ok.txt": TEXT, "empty.txt": "", "blank.txt": " \r\n\t\n \u3000\n"},
        corpus_yaml=corpus,
    )
    got = outcomes(raw)
    assert got["big.txt"] == "ingest.too_large"
    assert got["empty.txt"] == "ingest.empty"
    assert got["blank.txt"] == "ingest.empty"
    assert isinstance(got["ok.txt"], RawText)


def test_every_non_hidden_entry_is_accounted_for_once(tmp_path):
    raw = write_corpus(tmp_path / "raw", {f"d{i % 3}/f{i}.{ext}": TEXT + str(i) for i, ext in enumerate(["txt", "bin", "txt", "md", "text"] * 3)})
    entries = [e for e in ingest.walk(raw)]
    items = list(iter_inputs(load_corpus(raw)))
    assert len(items) == len(entries) - 1  # corpus.yaml is configuration
    assert [i.source_file for i in items] == sorted(i.source_file for i in items)
    assert all(isinstance(i, (RawText, Reject)) for i in items)


def test_inputs_that_would_share_a_document_id_are_rejected(tmp_path):
    raw = write_corpus(
        tmp_path / "raw",
        {"a.txt": TEXT, "a.text": TEXT + "2", "b.jsonl": '{"id": "r0", "text": "Row text here."}\n', "b/r0.txt": TEXT + "3"},
    )
    items = list(iter_inputs(load_corpus(raw)))
    dups = [i for i in items if isinstance(i, Reject) and i.code == "ingest.duplicate_doc_id"]
    assert sorted((d.source_file, d.message.split(" is already used by ")[1].split(" (")[0]) for d in dups) == [
        ("a.txt", "a.text"),
        ("b/r0.txt", "b.jsonl row 0"),
    ]
    assert len(items) == 4


def test_a_loop_of_links_is_a_broken_link(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a.txt": TEXT})
    (raw / "l1.txt").symlink_to("l2.txt")
    (raw / "l2.txt").symlink_to("l1.txt")
    got = outcomes(raw)
    assert got["l1.txt"] == got["l2.txt"] == "ingest.broken_link"


def test_tabular_files_that_yield_no_row_or_are_binary_are_rejects(tmp_path):
    raw = write_corpus(
        tmp_path / "raw",
        {
            "empty.jsonl": b"",
            "empty.csv": b"",
            "header_only.csv": b"id,text\n",
            "binary.csv": bytes(range(256)) * 4,
            "zip.jsonl": b"PK\x03\x04" + b"\x00" * 100,
            "ok.jsonl": b'{"text": "A row of text."}\n',
        },
    )
    got = outcomes(raw)
    assert got["empty.jsonl"] == got["empty.csv"] == got["header_only.csv"] == "ingest.empty"
    assert got["binary.csv"] == got["zip.jsonl"] == "ingest.binary"
    assert isinstance(got["ok.jsonl"], RawText)


def test_yaml_is_configuration_only_at_the_top_or_when_named(tmp_path):
    corpus = "name: t\nversion: 0.1.0\nsides:\n  - id: side_a\n    description: A.\ngazetteer: res/gaz.yaml\n"
    raw = write_corpus(
        tmp_path / "raw",
        {"a.txt": TEXT, "notes.yaml": "x: 1\n", "res/gaz.yaml": "actors: []\n", "texts/stray.yml": "x: 1\n"},
        corpus_yaml=corpus,
    )
    from source_stance.builder.corpus import load_corpus as load

    items = {i.source_file: i for i in iter_inputs(load(raw))}
    assert set(items) == {"a.txt", "texts/stray.yml"}
    assert items["texts/stray.yml"].code == "ingest.unsupported_type"


def test_an_input_named_like_a_comment_id_is_rejected(tmp_path, make_corpus):
    from source_stance.builder.cli import main

    raw = make_corpus(
        tmp_path / "raw",
        {
            "p.txt": "Post title\n\nThe post body is here. It has text.\n\n2 replies\n\n1. A comment long enough to count.\n",
            "p#comment-1.txt": "Another text entirely, with its own words.",
        },
    )
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    report = (tmp_path / "out" / "test-corpus-0.1.0" / "rejects.jsonl").read_text()
    assert '"code": "ingest.reserved_doc_id"' in report and "p#comment-1.txt" in report


def test_resource_paths_in_corpus_yaml_cannot_leave_raw(tmp_path, make_corpus, capsys):
    from source_stance.builder.cli import main

    corpus_yaml = (
        "name: test-corpus\nversion: 0.1.0\nsides:\n  - id: side_a\n    description: A.\n"
        "gazetteer: ../outside.yaml\n"
    )
    (tmp_path / "outside.yaml").write_text("actors: []\n")
    raw = make_corpus(tmp_path / "raw", {"a.txt": "Some text here."}, corpus_yaml=corpus_yaml)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "`gazetteer:`" in err and "is not a path inside the raw folder" in err


def test_walk_streams_entries_in_sorted_full_path_order(tmp_path):
    """Folders are walked one listing at a time, yet the order is that of sorting every path:
    characters that sort before "/" ("a b", "a!", "a-c", "a.txt") come before the folder "a"."""
    names = ["a/b.txt", "a-c.txt", "a.txt", "ab/x.txt", "a/a/z.txt", "a b.txt", "a!.txt", "b.txt", "a/.hidden.txt", ".h/x.txt", "a0.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    rels = [e.rel for e in ingest.walk(tmp_path)]
    assert rels == sorted(n for n in names if not any(part.startswith(".") for part in n.split("/")))
    assert rels[:4] == ["a b.txt", "a!.txt", "a-c.txt", "a.txt"]
