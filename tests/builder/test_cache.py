"""Incremental rebuilds: what the cache reuses, what it recomputes, and that it never changes a byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from source_stance.builder import pipeline
from source_stance.builder.cache import InputCache, input_key
from source_stance.builder.engine import ExecutionOptions
from source_stance.builder.ingest import RawText
from source_stance.builder.pipeline import BuildOptions, run
from source_stance.builder.release import publish


def _texts(n: int) -> dict[str, str]:
    return {f"t{i:02d}.txt": f"Report {i}. Officials met on day {i}. They said talks would go on.\n" for i in range(n)}


class _Calls(list):
    paused = False


@pytest.fixture
def counted(monkeypatch):
    """Count the inputs actually annotated (process_input calls; workers=1 runs in this process)."""
    calls = _Calls()
    real = pipeline.process_input

    def counting(raw, meta, ctx):
        if not calls.paused:
            calls.append(raw.source_file)
        return real(raw, meta, ctx)

    monkeypatch.setattr(pipeline, "process_input", counting)
    _PAUSE["calls"] = calls
    yield calls
    _PAUSE.clear()


_PAUSE: dict = {}


def _build(raw: Path, out: Path, cache: Path | None):
    """Build and publish; counts in ``counted`` cover the build only (publishing may run an
    evaluation build of its own, with metadata hidden)."""
    execution = ExecutionOptions(workers=1, quiet=True, cache_dir=cache, use_cache=cache is not None, shard_size=3)
    output = run(BuildOptions(raw_dir=raw, out_dir=out), execution)
    calls = _PAUSE.get("calls")
    if calls is not None:
        calls.paused = True
    try:
        release = publish(output, out).path
    finally:
        if calls is not None:
            calls.paused = False
    files = {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}
    output.cleanup()
    return output, files


def test_second_build_reannotates_nothing_and_is_identical(make_corpus, tmp_path, counted):
    raw = make_corpus(tmp_path / "raw", _texts(7))
    cache = tmp_path / "cache"
    first, files1 = _build(raw, tmp_path / "o1", cache)
    assert sorted(counted) == sorted(_texts(7))
    counted.clear()
    second, files2 = _build(raw, tmp_path / "o2", cache)
    assert counted == []
    assert "7 reused, 0 annotated" in second.summary
    assert files1 == files2


def test_changing_or_adding_one_input_reannotates_only_it(make_corpus, tmp_path, counted):
    raw = make_corpus(tmp_path / "raw", _texts(7))
    cache = tmp_path / "cache"
    _build(raw, tmp_path / "o1", cache)
    counted.clear()
    (raw / "t03.txt").write_text("Report 3, corrected. Officials met again.\n", encoding="utf-8")
    (raw / "new.txt").write_text("A new report arrived. It says little.\n", encoding="utf-8")
    _, cached_files = _build(raw, tmp_path / "o2", cache)
    assert sorted(counted) == ["new.txt", "t03.txt"]
    counted.clear()
    _, fresh_files = _build(raw, tmp_path / "o3", None)  # no cache: the same bytes
    assert cached_files == fresh_files


def test_metadata_or_config_change_invalidates(make_corpus, tmp_path, counted):
    raw = make_corpus(tmp_path / "raw", _texts(4))
    cache = tmp_path / "cache"
    _build(raw, tmp_path / "o1", cache)
    counted.clear()
    (raw / "metadata.yaml").write_text("documents:\n  - file: t01.txt\n    title: Curated title\n", encoding="utf-8")
    _build(raw, tmp_path / "o2", cache)
    assert counted == ["t01.txt"]  # only the input whose metadata entry changed
    counted.clear()
    cfg = (raw / "corpus.yaml").read_text(encoding="utf-8")
    (raw / "corpus.yaml").write_text(cfg.replace("version: 0.1.0", "version: 0.1.1"), encoding="utf-8")
    _build(raw, tmp_path / "o3", cache)
    assert len(counted) == 4  # the corpus config is part of every key


def test_corrupt_entry_is_recomputed_not_trusted(make_corpus, tmp_path, counted):
    raw = make_corpus(tmp_path / "raw", _texts(5))
    cache = tmp_path / "cache"
    _, good = _build(raw, tmp_path / "o1", cache)
    entries = sorted(cache.rglob("*.entry"))
    assert len(entries) == 5
    data = bytearray(entries[2].read_bytes())
    data[-5] ^= 0xFF  # flip a byte of the payload
    entries[2].write_bytes(bytes(data))
    entries[4].write_bytes(entries[4].read_bytes()[:40])  # truncated
    counted.clear()
    output, again = _build(raw, tmp_path / "o2", cache)
    assert len(counted) == 2
    assert "2 corrupt entries recomputed" in output.summary
    assert again == good


def _raw(text: str = "Hello there.") -> RawText:
    return RawText("a.txt", None, text, "utf-8", 0, "0" * 64)


def test_input_cache_round_trip_and_rejects_foreign_entries(tmp_path):
    cache = InputCache(tmp_path)
    k1, k2 = input_key("ctx", _raw(), None), input_key("ctx", _raw("Other."), None)
    assert k1 != k2 and k1 != input_key("other-ctx", _raw(), None) and k1 != input_key("ctx", _raw(), "{}")
    assert cache.get(k1) is None and cache.stats.misses == 1
    cache.put(k1, {"rows": [1, 2, 3]})
    assert cache.get(k1) == {"rows": [1, 2, 3]}
    # an entry copied under another key's name is not trusted
    cache.path(k2).parent.mkdir(parents=True, exist_ok=True)
    cache.path(k2).write_bytes(cache.path(k1).read_bytes())
    assert cache.get(k2) is None and cache.stats.corrupt == 1
    cache.path(k1).write_bytes(b"garbage")
    assert cache.get(k1) is None and cache.stats.corrupt == 2


def test_a_changed_model_folder_changes_the_context_key(tmp_path):
    from source_stance.builder.cache import _path_sha256

    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    (model / "weights.bin").write_bytes(b"\x00\x01")
    before = _path_sha256(model)
    assert _path_sha256(model) == before
    (model / "weights.bin").write_bytes(b"\x00\x02")
    assert _path_sha256(model) != before
    assert _path_sha256(tmp_path / "absent").startswith("missing:")
