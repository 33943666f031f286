"""The release is byte-identical whatever runs it: one worker, two workers, or Dask."""

from __future__ import annotations

from pathlib import Path

import pytest

from source_stance.builder.cli import main


def _tree(release: Path) -> dict[str, bytes]:
    return {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}


def _build(raw: Path, out: Path, *extra: str) -> Path:
    assert main(["build", "--raw", str(raw), "--out", str(out), "--no-cache", "--quiet", "--shard-size", "4", *extra]) == 0
    (release,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return release


def test_workers_1_2_and_dask_give_identical_bytes(generated_corpus, tmp_path):
    one = _tree(_build(generated_corpus, tmp_path / "w1", "--workers", "1"))
    assert sum(1 for name in one if name.startswith("data/sentences/train-")) > 1, "the corpus must span several shards"
    two = _tree(_build(generated_corpus, tmp_path / "w2", "--workers", "2"))
    assert two.keys() == one.keys()
    assert [n for n in one if one[n] != two[n]] == []
    pytest.importorskip("dask.distributed")
    dask = _tree(_build(generated_corpus, tmp_path / "dask", "--engine", "dask", "--workers", "2"))
    assert dask.keys() == one.keys()
    assert [n for n in one if one[n] != dask[n]] == []


def test_scheduler_needs_dask_engine(generated_corpus, tmp_path, capsys):
    code = main(["build", "--raw", str(generated_corpus), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert code == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_workers_must_be_positive(generated_corpus, tmp_path, capsys):
    assert main(["build", "--raw", str(generated_corpus), "--out", str(tmp_path), "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


def test_workers_check_the_offsets_so_publishing_does_not_read_the_shards_again(generated_corpus, tmp_path, monkeypatch):
    """Every shard's files come back from the pool with their sha256 and a clean offset check, so
    the publish step's verification skips its own offset pass (and the release still verifies)."""
    import hashlib

    from source_stance.builder import verify
    from source_stance.builder.engine import ExecutionOptions
    from source_stance.builder.pipeline import BuildOptions, run
    from source_stance.builder.release import publish

    output = run(BuildOptions(raw_dir=generated_corpus, out_dir=tmp_path), ExecutionOptions(workers=2, use_cache=False, quiet=True, shard_size=4))
    try:
        files = [f for by_split in output.files.values() for fs in by_split.values() for f in fs]
        assert len(files) > 4 and all(f.offsets_clean for f in files)
        assert all(f.sha256 == hashlib.sha256(Path(f.path).read_bytes()).hexdigest() for f in files)
        from source_stance.builder.report import _members, near_duplicate_members

        members = near_duplicate_members(output)
        assert members and members == _members(output.iter_rows("documents", columns=["doc_id", "near_duplicate_cluster"]))

        def no_second_pass(*a, **k):
            raise AssertionError("the offsets were checked again at publishing")

        monkeypatch.setattr(verify, "check_split_offsets", no_second_pass)
        result = publish(output, tmp_path / "out")
    finally:
        output.cleanup()
    monkeypatch.undo()
    assert verify.verify_release(result.path) == []


def _children_after_start(engine: str, workers: int) -> int:
    """In a fresh process: how many child processes ``start_process_server`` leaves running."""
    import subprocess
    import sys

    code = (
        "import os\n"
        "from pathlib import Path\n"
        "from source_stance.builder.engine import ExecutionOptions, process_context, start_process_server\n"
        f"start_process_server(ExecutionOptions(engine={engine!r}, workers={workers}))\n"
        "def ppid(d):\n"
        "    try:\n"
        "        return int((d / 'stat').read_text().rsplit(')', 1)[1].split()[1])\n"
        "    except (OSError, ValueError, IndexError):\n"
        "        return None\n"
        "print(sum(1 for d in Path('/proc').iterdir() if d.name.isdigit() and ppid(d) == os.getpid()))\n"
    )
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc")
def test_the_process_server_starts_early_only_for_local_worker_pools():
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no forkserver on this platform")
    assert _children_after_start("local", 1) == 0  # --workers 1 runs in this process
    assert _children_after_start("dask", 2) == 0  # Dask starts its own workers
    assert _children_after_start("local", 2) >= 1  # the forkserver, preloading meanwhile
