"""DATASHEET.md: never stale, Gebru's seven sections, computed statements, reproducible plots."""

import json
import shutil
from pathlib import Path

import pytest

from source_stance.builder.cli import main
from source_stance.builder.cli_release import PLOTS_DIR
from source_stance.builder.datasheet import blocks_of, fill, release_blocks, stale_blocks, write_plots
from source_stance.builder.reading import read_release

ROOT = Path(__file__).resolve().parents[2]
DATASHEET = ROOT / "DATASHEET.md"
SECTIONS = ("Motivation", "Composition", "Collection process", "Preprocessing, cleaning and labelling", "Uses", "Distribution", "Maintenance")


def test_committed_datasheet_is_not_stale(seed_release):
    """The figures of DATASHEET.md equal those of a fresh build of raw/ (fix: `source-stance datasheet`)."""
    blocks = release_blocks(seed_release, PLOTS_DIR.as_posix() + "/")
    stale = stale_blocks(DATASHEET.read_text(encoding="utf-8"), blocks)
    assert stale == [], f"DATASHEET.md is stale in blocks {stale}: run `source-stance datasheet` and commit"
    for png in sorted((seed_release / "plots").glob("*.png")):
        committed = ROOT / PLOTS_DIR / png.name
        assert committed.is_file() and committed.read_bytes() == png.read_bytes(), f"{committed} is stale: run `source-stance datasheet`"


def test_datasheet_has_gebru_sections_and_says_the_hard_things_plainly():
    text = DATASHEET.read_text(encoding="utf-8")
    for i, title in enumerate(SECTIONS, start=1):
        assert f"\n## {i}. {title}\n" in text, title
    for phrase in ("Perspective is not truth", "no inter-annotator agreement was measured", "the sources' wording", "personal data", "Rights."):
        assert phrase in text, phrase


def test_release_copy_has_the_narrative_and_its_own_figures(seed_release):
    copy = (seed_release / "DATASHEET.md").read_text(encoding="utf-8")
    assert copy.split("<!-- BEGIN GENERATED")[0] == DATASHEET.read_text(encoding="utf-8").split("<!-- BEGIN GENERATED")[0]
    blocks = blocks_of(copy)
    manifest = json.loads((seed_release / "manifest.json").read_text())
    n_docs = sum(manifest["row_counts"]["documents"].values())
    assert f"{n_docs} documents" in blocks["counts"]
    assert "](plots/perspective_by_split.png)" in blocks["plots"]


def test_imbalance_and_unknown_publishers_are_computed(make_corpus, tmp_path):
    meta = "documents:\n" + "".join(
        f"  - file: {n}.txt\n    perspective: {p}\n    publisher: {pub}\n"
        for n, p, pub in (("a", "side_a", "null"), ("b", "side_a", "Paper One"), ("c", "side_a", "null"), ("d", "side_b", "Paper Two"))
    )
    texts = {f"{n}.txt": f"Text {n} reports an event. Officials spoke." for n in "abcd"}
    raw = make_corpus(tmp_path / "raw", texts, metadata=meta)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    blocks = blocks_of((tmp_path / "out" / "test-corpus-0.1.0" / "DATASHEET.md").read_text())
    assert "`side_a` 3, `side_b` 1: 3.0:1" in blocks["perspective"]
    assert "Publisher unknown for 2 of 4 documents: `a`, `c`." in blocks["publisher"]


def test_fill_and_stale_blocks():
    template = "intro\n<!-- BEGIN GENERATED: a -->\nold\n<!-- END GENERATED -->\nmiddle\n<!-- BEGIN GENERATED: keep -->\nx\n<!-- END GENERATED -->\n"
    assert stale_blocks(template, {"a": "new", "keep": "x"}) == ["a"]
    filled = fill(template, {"a": "new\ntext"})
    assert "<!-- BEGIN GENERATED: a -->\nnew\ntext\n<!-- END GENERATED -->\nmiddle" in filled
    assert "<!-- BEGIN GENERATED: keep -->\nx\n<!-- END GENERATED -->" in filled
    assert stale_blocks(filled, {"a": "new\ntext", "missing": "y"}) == ["missing"]


def test_plots_are_byte_identical_across_runs_and_carry_no_software_stamp(seed_release, tmp_path):
    pytest.importorskip("matplotlib")
    release = read_release(seed_release)
    a, b = write_plots(release, tmp_path / "a"), write_plots(release, tmp_path / "b")
    assert a == b and a
    for name in a:
        data = (tmp_path / "a" / name).read_bytes()
        assert data.startswith(b"\x89PNG") and data == (tmp_path / "b" / name).read_bytes()
        assert data == (seed_release / "plots" / name).read_bytes()
        assert b"Software" not in data and b"matplotlib" not in data


def test_datasheet_check_command(seed_release, tmp_path, capsys):
    copy = tmp_path / "DATASHEET.md"
    shutil.copyfile(DATASHEET, copy)
    shutil.copytree(ROOT / PLOTS_DIR, tmp_path / PLOTS_DIR)
    assert main(["datasheet", "--release", str(seed_release), "--file", str(copy), "--check"]) == 0
    copy.write_text(copy.read_text().replace("<!-- BEGIN GENERATED: counts -->\n", "<!-- BEGIN GENERATED: counts -->\nedited by hand\n"))
    capsys.readouterr()
    assert main(["datasheet", "--release", str(seed_release), "--file", str(copy), "--check"]) == 1
    assert "stale: blocks counts" in capsys.readouterr().out
    assert main(["datasheet", "--release", str(seed_release), "--file", str(copy)]) == 0
    assert copy.read_text() == DATASHEET.read_text()


def test_a_sampled_naive_bayes_is_said_to_be_one(seed_release):
    from source_stance.builder.audit import run_audit
    from source_stance.builder.datasheet import block_audit

    release = read_release(seed_release, sentences=False, documents=False)
    full = block_audit(release, run_audit(release))
    audit = run_audit(release, train_max=2, eval_max=1)
    sample = audit["perspective_baselines"]["text_nb_sample"]
    block = block_audit(release, audit)
    assert "(on a sample)" not in full and "not on the whole release" not in full
    assert "| bag-of-words naive Bayes on text (on a sample) |" in block
    assert f"trained on {sample['n_train']} of the {sample['n_train_with_text']} training documents" in block
    assert "not on the whole release" in block


def test_unknown_publishers_are_listed_only_up_to_the_limit(seed_release, monkeypatch):
    from source_stance.builder import datasheet, reading

    n = read_release(seed_release, sentences=False, documents=False).document_stats.unknown_publisher
    assert n >= 2
    for module in (reading, datasheet):
        monkeypatch.setattr(module, "MAX_LISTED_UNKNOWN", n - 1)
    release = read_release(seed_release, sentences=False, documents=False)
    assert release.document_stats.unknown_publisher == n and release.document_stats.unknown_publisher_ids == []
    assert f"Publisher unknown for {n} of {release.document_stats.n} documents.\n" in datasheet.block_publisher(release) + "\n"
