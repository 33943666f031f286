"""Synthetic news-length corpora for the benchmark, generated from the seed texts.

Each document is a seed text's title line and paragraphs, shuffled, with about one word in seven
(4+ letters) replaced by another word: half from the seeds' own vocabulary, half invented
(pronounceable strings), so vocabulary keeps growing with the corpus and no cache, memo or
dictionary of any stage sees the same text twice.  Every document also gets a unique dateline.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
_CONS = "bcdfghklmnprstvz"
_VOWELS = "aeiou"
PER_FOLDER = 1000


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(_CONS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4)))


def seed_texts(raw: Path) -> list[str]:
    return [p.read_text(encoding="utf-8-sig") for p in sorted(raw.glob("*.txt"))]


def make_text(seeds: list[str], vocab: list[str], i: int, seed: int = 0) -> str:
    rng = random.Random(seed * 1_000_003 + i)
    text = seeds[rng.randrange(len(seeds))]
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    head, body = paras[0], paras[1:]
    rng.shuffle(body)

    def sub(m: re.Match) -> str:
        if rng.random() >= 0.15:
            return m.group(0)
        w = rng.choice(vocab) if rng.random() < 0.5 else _invented(rng)
        return w.capitalize() if m.group(0)[0].isupper() else w.lower()

    dateline = f"Report {i}, {1 + rng.randrange(28)} {rng.choice(['March', 'June', 'October'])} {2020 + rng.randrange(6)}."
    return _WORD.sub(sub, "\n\n".join([head, dateline, *body])) + "\n"


def make_corpus(raw: Path, dest: Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` generated texts plus the seed corpus's configuration (not its metadata)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    import yaml

    config = yaml.safe_load((raw / "corpus.yaml").read_text(encoding="utf-8"))
    skip = {config.pop("metadata", None), config.pop("claims_gold", None)}  # curated files name the seeds
    config["name"] = f"{config['name']}-bench"
    (dest / "corpus.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for p in sorted(raw.iterdir()):
        if p.suffix in (".yaml", ".yml") and p.name != "corpus.yaml" and p.name not in skip:
            shutil.copy(p, dest / p.name)
    seeds = seed_texts(raw)
    vocab = sorted({w.lower() for t in seeds for w in _WORD.findall(t)})
    for i in range(n):
        folder = dest / "texts" / f"{i // PER_FOLDER:05d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:07d}.txt").write_text(make_text(seeds, vocab, i, seed), encoding="utf-8")
    return dest
