"""The CLI's exit codes and messages for the common mistakes (sqlite-utils style: exact text)."""

import subprocess
import sys

from source_stance.builder.cli import main

META_BAD_LABEL = """documents:
  - file: a.txt
    perspective: pro_someone
"""


def test_missing_raw_folder_exits_2_and_says_how_to_fix(tmp_path, capsys):
    code = main(["build", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"error: {tmp_path / 'nope'}: raw folder not found" in err
    assert "fix: run from the project root (which has raw/), or pass --raw DIR" in err
    assert not (tmp_path / "out").exists()


def test_raw_without_corpus_yaml_exits_2(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    code = main(["build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "no corpus.yaml in the raw folder" in capsys.readouterr().err


def test_unknown_label_value_names_file_field_and_allowed_values(tmp_path, capsys, make_corpus):
    raw = make_corpus(tmp_path / "raw", {"a.txt": "Some text here."}, metadata=META_BAD_LABEL)
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "metadata.yaml" in err
    assert "unknown perspective 'pro_someone'" in err
    assert "allowed values: side_a, side_b, neutral, mixed, unknown" in err
    assert not (tmp_path / "out").exists()


def test_unknown_fixed_vocabulary_value(tmp_path, capsys, make_corpus):
    raw = make_corpus(
        tmp_path / "raw", {"a.txt": "Some text."}, metadata="documents:\n  - file: a.txt\n    document_type: newsreport\n"
    )
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "unknown document_type 'newsreport'" in err
    assert "news_report" in err


def test_malformed_yaml_names_line_and_column(tmp_path, capsys, make_corpus):
    raw = make_corpus(tmp_path / "raw", {"a.txt": "Some text."}, metadata="documents:\n  - file: a.txt\n   title: [oops\n")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "metadata.yaml: line " in err and "column" in err and "malformed YAML" in err


def test_bad_corpus_config_lists_fields(tmp_path, capsys, make_corpus):
    raw = make_corpus(tmp_path / "raw", {"a.txt": "x."}, corpus_yaml="name: Bad Name\nversion: 1\nsides: []\n")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "corpus.yaml: invalid corpus configuration" in err
    assert "[name]" in err and "[version]" in err and "[sides]" in err


def test_successful_build_reports_counts(tmp_path, capsys, make_corpus):
    raw = make_corpus(tmp_path / "raw", {"a.txt": "One sentence. Two sentences.", "b.bin": b"\x00\x01"})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "read 2 inputs: 1 accepted, 1 rejected" in out
    assert "reject b.bin: ingest.unsupported_type" in out
    assert (tmp_path / "out" / "test-corpus-0.1.0" / "manifest.json").is_file()


def test_strict_exits_1_naming_rejected_files(tmp_path, capsys, make_corpus):
    raw = make_corpus(tmp_path / "raw", {"a.txt": "One sentence.", "empty.txt": ""})
    assert main(["build", "--strict", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 1
    assert "--strict: 1 input(s) rejected: empty.txt" in capsys.readouterr().err


def test_every_command_has_help():
    from source_stance.builder.cli import _parser

    parser = _parser()
    sub = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
    for name, p in sub.choices.items():
        assert p.description or p.format_help(), name
        assert name in sub.choices and sub._choices_actions, name


def test_module_entry_points(tmp_path):
    for module in ("source_stance.builder", "source_stance"):
        r = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 0 and "build" in r.stdout, (module, r.stderr)
