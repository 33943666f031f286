"""Split stage: deterministic, group-aware assignment of documents to train/validation/test.

Each document belongs to a *group*: its publisher when one is known (no publisher in two splits),
else its document family (a post and its comments stay together).  A group's split comes from a
uniform hash of its key salted with the corpus name, compared with the configured ratios, so it is
the same on every build and does not depend on the order of inputs.

Small corpora: when hashing leaves a split empty although there are at least as many groups as
splits, one group is moved into each empty split from the split holding the most groups (for train
the lowest-hash group, for test and validation the highest), so every split can be loaded.  This is deterministic too, and the build output says which splits are
small.  As a corpus grows past that point, those groups may move back: the changelog lists them.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

from source_stance.schema.config import SplitRatios
from source_stance.schema.vocab import SPLITS


def group_key(publisher: str | None, family_id: str) -> str:
    if publisher:
        return "publisher:" + " ".join(publisher.casefold().split())
    return "family:" + family_id


def group_hash(group: str, salt: str) -> float:
    """Uniform value in [0, 1) for a group."""
    digest = hashlib.sha256(f"{salt}\x00{group}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_for(u: float, ratios: SplitRatios) -> str:
    if u < ratios.train:
        return "train"
    if u < ratios.train + ratios.validation:
        return "validation"
    return "test"


def assign_splits(groups: Iterable[str], salt: str, ratios: SplitRatios) -> dict[str, str]:
    """Split of every group (see module doc)."""
    hashed = sorted((group_hash(g, salt), g) for g in set(groups))
    out = {g: split_for(u, ratios) for u, g in hashed}
    wanted = [s for s in ("train", "test", "validation") if getattr(ratios, s) > 0]
    if len(hashed) < len(wanted):
        return out
    for split in wanted:
        if split in out.values():
            continue
        sizes = {s: sum(1 for v in out.values() if v == s) for s in SPLITS}
        donor = max(SPLITS, key=lambda s: (sizes[s], -SPLITS.index(s)))
        members = [g for _, g in hashed if out[g] == donor]  # ascending hash
        out[members[0] if split == "train" else members[-1]] = split
    return out
