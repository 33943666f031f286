"""Shared fixtures: the seed release is built once per test session (it is the golden input)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"


@pytest.fixture(autouse=True, scope="session")
def _offline_and_isolated_hf(tmp_path_factory):
    """Never touch the network or the user's HF cache from tests."""
    home = tmp_path_factory.mktemp("hf_home")
    old = {k: os.environ.get(k) for k in ("HF_HOME", "HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")}
    os.environ.update({"HF_HOME": str(home), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"})
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def build_release(raw: Path, out: Path, *extra: str) -> Path:
    """Run `source-stance build` in-process and return the release folder."""
    from source_stance.builder.cli import main

    code = main(["build", "--raw", str(raw), "--out", str(out), *extra])
    assert code == 0, f"build exited {code}"
    (release,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return release


@pytest.fixture(scope="session")
def seed_release(tmp_path_factory) -> Path:
    return build_release(RAW, tmp_path_factory.mktemp("seed_out"))


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A private copy of raw/ that a test may change."""
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    return dst


@pytest.fixture
def make_corpus():
    """``make_corpus(raw_dir, {name: text|bytes}, corpus_yaml=None, metadata=None) -> raw_dir``."""
    return write_corpus


def write_corpus(raw: Path, texts: dict[str, str | bytes], corpus_yaml: str | None = None, metadata: str | None = None) -> Path:
    """Make a small raw folder: corpus.yaml (two sides), optional metadata and the given files."""
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "corpus.yaml").write_text(
        corpus_yaml
        or "name: test-corpus\nversion: 0.1.0\nsides:\n  - id: side_a\n    description: Aligns with A.\n"
        "  - id: side_b\n    description: Aligns with B.\n",
        encoding="utf-8",
    )
    if metadata is not None:
        (raw / "metadata.yaml").write_text(metadata, encoding="utf-8")
    for name, content in texts.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return raw
