"""examples/train_baseline.py runs on the seed release (as a user would, in a new process)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "train_baseline.py"


@pytest.mark.parametrize("args", [[], ["--task", "perspective"], ["--gold-only"]])
def test_train_baseline_runs_on_the_seed_release(seed_release, args):
    pytest.importorskip("sklearn")
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    out = subprocess.run([sys.executable, str(SCRIPT), str(seed_release), *args], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    m = re.search(r"task \w+: (\d+) training and (\d+) held-out", out.stdout)
    assert m and int(m[1]) > 0 and int(m[2]) > 0
    assert re.search(r"tf-idf \+ logistic regression: accuracy [01]\.\d{3}, macro F1 [01]\.\d{3}", out.stdout)
    assert "majority baseline" in out.stdout


def test_train_baseline_refuses_a_text_free_release(make_corpus, tmp_path):
    pytest.importorskip("sklearn")
    from source_stance.builder.cli import main

    raw = make_corpus(tmp_path / "raw", {f"{n}.txt": f"Text {n}. It says a thing." for n in "abcd"})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet", "--text-free"]) == 0
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    out = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "out" / "test-corpus-0.1.0")], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 2 and "text-free" in out.stderr
