"""A few dozen generated news-like texts (seed texts with words substituted), with one exact
duplicate and one near duplicate, so builds span several shards and exercise every driver step."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

RAW = Path(__file__).resolve().parents[3] / "raw"
_WORD = re.compile(r"\b[a-z]{5,}\b")


def write_generated(dest: Path, n: int, seed: int = 7) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((RAW / "corpus.yaml").read_text(encoding="utf-8"))
    skip = {config.pop("metadata", None), config.pop("claims_gold", None)}
    (dest / "corpus.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for p in RAW.glob("*.yaml"):
        if p.name != "corpus.yaml" and p.name not in skip:
            shutil.copy(p, dest / p.name)
    seeds = [p.read_text(encoding="utf-8-sig") for p in sorted(RAW.glob("*.txt"))]
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        text = _WORD.sub(lambda m: m.group(0) if rng.random() > 0.2 else rng.choice(["alpha", "harbour", "meadow", "lantern", f"w{i}x"]), base)
        texts.append(f"Dispatch {i}\n\n{text}")
    texts.append(texts[3])  # exact duplicate of an earlier input, in a later shard
    texts.append(texts[5].replace("Dispatch 5", "Dispatch 5 (updated)"))  # near duplicate
    for i, t in enumerate(texts):
        (dest / f"doc{i:03d}.txt").write_text(t, encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory) -> Path:
    return write_generated(tmp_path_factory.mktemp("generated") / "raw", 22)
