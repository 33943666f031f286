"""Publishing's helper processes change nothing in the release."""

from __future__ import annotations

from pathlib import Path

import pytest

from source_stance.builder.errors import BuildError
from source_stance.builder.engine import background
from source_stance.builder.engine.background import Background


def _tree(release: Path) -> dict[str, bytes]:
    return {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}


def test_submit_gives_the_call_result_inline_and_in_a_helper():
    with Background() as inline, Background(2) as helped:
        assert inline.submit(divmod, 17, 5)() == helped.submit(divmod, 17, 5)() == (3, 2)


def test_helpers_follow_the_build_workers_and_small_builds_have_none():
    assert Background.for_build(background.MIN_INPUTS, 2).helpers == 2
    assert Background.for_build(background.MIN_INPUTS, 1).helpers == 0  # --workers 1 publishes in one process
    assert Background.for_build(background.MIN_INPUTS - 1, 2).helpers == 0


def _pid_after(seconds: float) -> int:
    import os
    import time

    time.sleep(seconds)
    return os.getpid()


def test_jobs_beyond_the_helpers_wait_for_one_or_run_here():
    import os

    with Background(1) as helped:
        first = helped.submit(_pid_after, 0.5)
        second = helped.submit(_pid_after, 0)  # the only helper is busy: waits
        third = helped.submit(_pid_after, 0)
        assert second() == os.getpid()  # asked for before a helper was free: ran here
        assert first() != os.getpid()
        assert third() != os.getpid()  # started when the first one's result was collected


def _fail(message: str) -> None:
    raise ValueError(message)


def _die() -> None:
    import os

    os._exit(7)


def test_a_helper_error_is_raised_here_with_where_it_came_from():
    with Background(1) as helped:
        failing = helped.submit(_fail, "bad input")
        with pytest.raises(ValueError, match="bad input") as info:
            failing()
    assert any("publishing helper" in note for note in info.value.__notes__)


def test_a_helper_that_dies_is_a_build_error_naming_its_exit_code():
    with Background(1) as helped:
        dying = helped.submit(_die)
        with pytest.raises(BuildError, match="exit code 7"):
            dying()


def test_release_is_the_same_with_and_without_helpers(generated_corpus, tmp_path, monkeypatch):
    from source_stance.builder.engine import ExecutionOptions
    from source_stance.builder.pipeline import BuildOptions, run
    from source_stance.builder.release import publish

    output = run(BuildOptions(raw_dir=generated_corpus, out_dir=tmp_path), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=4))
    assert output.local_workers == 1  # a --workers 1 build publishes without helpers
    try:
        inline = publish(output, tmp_path / "inline").path
        monkeypatch.setattr(background, "MIN_INPUTS", 0)
        output.local_workers = 4  # as after a 4-worker build: no job waits for a helper
        started: list[str] = []
        start = background._Job.start
        monkeypatch.setattr(background._Job, "start", lambda job, ctx: (started.append(job.fn.__name__), start(job, ctx))[1])
        helped = publish(output, tmp_path / "helped").path
    finally:
        output.cleanup()
    assert _tree(helped) == _tree(inline)
    # every job publishing hands out ran in a helper
    assert sorted(started) == ["count_sentences", "inputs_sha256", "release_text_baseline", "write_plots"]


def test_a_failed_publish_ends_the_jobs_still_running():
    import time

    t0 = time.monotonic()
    try:
        with Background(1) as helped:
            helped.submit(time.sleep, 60)
            time.sleep(0.5)  # the job has started
            raise RuntimeError("publishing failed")
    except RuntimeError:
        pass
    assert time.monotonic() - t0 < 30


def _touch_after(path: str, seconds: float) -> None:
    import time

    time.sleep(seconds)
    Path(path).write_text("done")


def test_closing_waits_for_jobs_nobody_asked_for_and_ignores_their_errors(tmp_path):
    marker = tmp_path / "marker"
    with Background(2) as helped:
        helped.submit(_touch_after, str(marker), 0.3)
        helped.submit(_fail, "a result nobody asked for")
    assert marker.read_text() == "done"  # the job ran to its end before close returned
