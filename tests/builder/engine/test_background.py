"""Publishing's helper processes change nothing in the release."""

from __future__ import annotations

from pathlib import Path

from source_stance.builder.engine import background
from source_stance.builder.engine.background import Background


def _tree(release: Path) -> dict[str, bytes]:
    return {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}


def test_submit_gives_the_call_result_inline_and_in_a_helper():
    with Background(False) as inline, Background(True) as helped:
        assert inline.submit(divmod, 17, 5)() == helped.submit(divmod, 17, 5)() == (3, 2)


def test_small_builds_publish_without_helpers():
    assert Background.for_inputs(background.MIN_INPUTS - 1)._pool is None


def test_release_is_the_same_with_and_without_helpers(generated_corpus, tmp_path, monkeypatch):
    from source_stance.builder.engine import ExecutionOptions
    from source_stance.builder.pipeline import BuildOptions, run
    from source_stance.builder.release import publish

    output = run(BuildOptions(raw_dir=generated_corpus, out_dir=tmp_path), ExecutionOptions(workers=1, use_cache=False, quiet=True, shard_size=4))
    try:
        inline = publish(output, tmp_path / "inline").path
        monkeypatch.setattr(background, "MIN_INPUTS", 0)
        monkeypatch.setattr(background, "default_workers", lambda: 2)
        helped = publish(output, tmp_path / "helped").path
    finally:
        output.cleanup()
    assert _tree(helped) == _tree(inline)


def test_a_failed_publish_ends_the_jobs_still_running():
    import time

    t0 = time.monotonic()
    try:
        with Background(True) as helped:
            helped.submit(time.sleep, 60)
            time.sleep(0.5)  # the job has started
            raise RuntimeError("publishing failed")
    except RuntimeError:
        pass
    assert time.monotonic() - t0 < 30
