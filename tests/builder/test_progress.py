"""The progress bar stays off when stderr is not a terminal; the summary line reports rates."""

from __future__ import annotations

import io

from source_stance.builder.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_not_a_terminal():
    stream = io.StringIO()
    with Progress(stream=stream) as p:
        p.update(3, 4, 40)
    assert stream.getvalue() == ""
    assert p.documents == 4 and p.sentences == 40 and p.inputs == 3


def test_bar_on_a_terminal_shows_sentence_rate_and_quiet_wins():
    stream = _Tty()
    with Progress(stream=stream) as p:
        p.update(1, 10, 250)
    assert "docs" in stream.getvalue() and "sentences/s" in stream.getvalue()
    quiet = _Tty()
    with Progress(enabled=False, stream=quiet) as p:
        p.update(1, 10, 250)
    assert quiet.getvalue() == ""


def test_summary_line_has_counts_and_rates():
    p = Progress(enabled=False)
    p.update(2, 5, 120)
    p.close()
    line = p.summary(engine="local engine, 2 workers")
    assert "5 documents, 120 sentences" in line and "documents/s" in line and "sentences/s" in line
    assert "local engine, 2 workers" in line


def test_stage_times_cover_the_whole_build_in_order(monkeypatch):
    clock = iter([100.0, 130.0, 131.5, 134.0, 140.0])  # start, three stages, finish
    monkeypatch.setattr("source_stance.builder.progress.time.perf_counter", lambda: next(clock))
    p = Progress(enabled=False)
    p.stage("restarting workers")
    p.stage("deciding duplicates and splits")
    p.stage("writing shards")
    p.close()
    assert p.stage_times() == [
        ("annotating", 30.0),
        ("restarting workers", 1.5),
        ("deciding duplicates and splits", 2.5),
        ("writing shards", 6.0),
    ]
    assert sum(t for _, t in p.stage_times()) == p.elapsed


def test_build_summary_names_the_stage_times(tmp_path):
    from source_stance.builder.engine import ExecutionOptions
    from source_stance.builder.pipeline import BuildOptions, run

    from tests.builder.engine.conftest import write_generated

    raw = write_generated(tmp_path / "raw", 6)
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o"), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=2))
    for stage in ("annotating", "restarting workers", "deciding duplicates and splits", "writing shards"):
        assert f"{stage} " in out.summary
