"""The driver's reading of the corpus: inputs in order, cut into shards and pass-1 pieces.

Shard boundaries depend on the raw folder only (input order and ``--shard-size``), never on the
engine or the number of workers; the pieces only split the pass-1 work (see :mod:`builder.engine`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from source_stance.builder.corpus import Corpus
from source_stance.builder.ingest import Reject, iter_inputs


@dataclass
class InputReader:
    """Reads the corpus in input order and cuts it into shards of ``size`` inputs (ingest rejects
    count as inputs too, so shard boundaries depend on the raw folder only), and each shard into
    ``pieces_per_shard`` pass-1 tasks of near-equal size (piece ``j`` of shard ``k`` has id
    ``k * pieces_per_shard + j``)."""

    corpus: Corpus
    size: int
    pieces_per_shard: int = 1
    ignore_metadata: bool = False  # --ignore-metadata: every input goes without its metadata entry
    n_read: int = 0
    rejects: list[Reject] = field(default_factory=list)
    seen_metadata: set[str] = field(default_factory=set)
    n_without_metadata: int = 0  # distinct source files without a metadata entry
    _last_file: Optional[str] = None

    def shard_of(self, piece: int) -> int:
        return piece // self.pieces_per_shard

    def pieces(self) -> Any:
        """``(piece id, [(input, metadata), ...])`` in input order."""
        n_pieces = min(self.pieces_per_shard, self.size)
        cuts = [round(self.size * (j + 1) / n_pieces) for j in range(n_pieces)]  # in-shard counts ending each piece
        shard, j, batch, in_shard = 0, 0, [], 0
        for item in iter_inputs(self.corpus):
            self.n_read += 1
            in_shard += 1
            if item.source_file in self.corpus.metadata:
                self.seen_metadata.add(item.source_file)
            elif item.source_file != self._last_file:  # inputs come file by file
                self.n_without_metadata += 1
            self._last_file = item.source_file
            if isinstance(item, Reject):
                self.rejects.append(item)
            else:
                meta = None if self.ignore_metadata else self.corpus.metadata.get(item.source_file)
                batch.append((item, meta))
            if in_shard == cuts[j]:
                yield shard * self.pieces_per_shard + j, batch
                batch, j = [], j + 1
                if j == n_pieces:
                    shard, j, in_shard = shard + 1, 0, 0
        if in_shard > (cuts[j - 1] if j else 0):  # the last piece, cut short by the end of the inputs
            yield shard * self.pieces_per_shard + j, batch
