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
