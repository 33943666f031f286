"""The Arrow allocator of the processes a build owns."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa

from source_stance.builder import memory
from source_stance.builder.corpus import load_corpus
from source_stance.builder.engine.local import ProcessEngine
from source_stance.builder.engine.tasks import Job
from source_stance.builder.pipeline import BuildOptions

LEAN = {"jemalloc", "system"}


def _pool_in_fresh_process(env: dict[str, str]) -> str:
    code = "from source_stance.builder.memory import use_lean_arrow_pool; print(use_lean_arrow_pool())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()


def test_the_lean_pool_replaces_the_default_unless_the_user_chose_one(monkeypatch):
    import os

    env = {k: v for k, v in os.environ.items() if k != memory.POOL_VARIABLE}
    assert _pool_in_fresh_process(env) in LEAN
    assert _pool_in_fresh_process({**env, memory.POOL_VARIABLE: "mimalloc"}) == "mimalloc"


def test_processes_started_afterwards_load_arrow_with_the_lean_pool(monkeypatch):
    """The variable is set before pyarrow loads, so Arrow's C++ code (which ignores
    set_memory_pool) and every child process use the lean pool from the start."""
    import os

    env = {k: v for k, v in os.environ.items() if k != memory.POOL_VARIABLE}
    code = (
        "import os, subprocess, sys\n"
        "from source_stance.builder.memory import use_lean_arrow_pool\n"
        "print(use_lean_arrow_pool(), os.environ['ARROW_DEFAULT_MEMORY_POOL'])\n"
        "child = 'import pyarrow as pa; print(pa.default_memory_pool().backend_name)'\n"
        "print(subprocess.run([sys.executable, '-c', child], capture_output=True, text=True, check=True).stdout.strip())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out[0] in LEAN and out[1] == out[0] and out[2] == out[0]


def test_switching_pools_keeps_existing_buffers_valid(monkeypatch):
    monkeypatch.setenv(memory.POOL_VARIABLE, "")  # recorded, so the variable the call sets is undone after
    monkeypatch.delenv(memory.POOL_VARIABLE)
    before = pa.array(["a", "bb", None] * 1000)
    previous = pa.default_memory_pool()
    try:
        memory.use_lean_arrow_pool()
        after = pa.array(["a", "bb", None] * 1000)
        assert pa.concat_arrays([before, after]).to_pylist() == ["a", "bb", None] * 2000
    finally:
        pa.set_memory_pool(previous)


def test_local_engine_workers_use_the_lean_pool_in_both_passes(make_corpus, tmp_path, monkeypatch):
    monkeypatch.delenv(memory.POOL_VARIABLE, raising=False)
    raw = make_corpus(tmp_path / "raw", {"a.txt": "Officials met on Monday. They said so."})
    job = Job(load_corpus(raw), BuildOptions(raw_dir=raw), str(tmp_path / "work"), None, "key")
    engine = ProcessEngine(job, 2)
    try:
        assert set(engine.imap_unordered(memory.arrow_pool_name, [(), ()])) <= LEAN
        engine.between_passes()
        assert set(engine.imap_unordered(memory.arrow_pool_name, [(), ()])) <= LEAN
    finally:
        engine.close()



def test_a_local_dask_cluster_started_by_the_build_uses_the_lean_pool(make_corpus, tmp_path, monkeypatch):
    import pytest

    pytest.importorskip("dask.distributed")
    from source_stance.builder.engine.dask import DaskEngine

    monkeypatch.delenv(memory.POOL_VARIABLE, raising=False)
    raw = make_corpus(tmp_path / "raw", {"a.txt": "Officials met on Monday. They said so."})
    engine = DaskEngine(Job(load_corpus(raw), BuildOptions(raw_dir=raw), str(tmp_path / "work"), None, "key"), 2)
    try:
        assert set(engine.imap_unordered(memory.arrow_pool_name, [(), ()])) <= LEAN
    finally:
        engine.close()
