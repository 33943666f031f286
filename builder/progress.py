"""Progress of a build: a bar with documents/s and sentences/s, and a summary line at the end.

The bar is tqdm's (a dependency of ``datasets`` already, so no new install): it is drawn on stderr
only when stderr is a terminal and ``--quiet`` is not given, so logs and CI output stay clean.  The
summary line is returned as text for the command line to print.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Optional, TextIO


class Progress:
    def __init__(self, enabled: Optional[bool] = None, stream: Optional[TextIO] = None, description: str = "build"):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.documents = 0
        self.sentences = 0
        self.inputs = 0
        self.started = time.perf_counter()
        self.finished: Optional[float] = None
        self.stages: list[tuple[str, float]] = [("annotating", self.started)]  # (stage, when it began)
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(desc=description, unit=" docs", file=self.stream, dynamic_ncols=True, smoothing=0.1, mininterval=0.5)

    def update(self, inputs: int, documents: int, sentences: int) -> None:
        self.inputs += inputs
        self.documents += documents
        self.sentences += sentences
        if self._bar is not None:
            self._bar.update(documents)
            self._bar.set_postfix_str(f"{self.sentences / max(self.elapsed, 1e-9):,.0f} sentences/s", refresh=False)

    def stage(self, text: str) -> None:
        self.stages.append((text, time.perf_counter()))
        if self._bar is not None:
            self._bar.set_description_str(text, refresh=True)

    @property
    def elapsed(self) -> float:
        return (self.finished if self.finished is not None else time.perf_counter()) - self.started

    def stage_times(self) -> list[tuple[str, float]]:
        """Seconds spent in each stage, in order (the last one ends when the build finished)."""
        ends = [t for _, t in self.stages[1:]] + [self.started + self.elapsed]
        return [(name, end - begun) for (name, begun), end in zip(self.stages, ends)]

    def close(self) -> None:
        if self.finished is None:
            self.finished = time.perf_counter()
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def summary(self, engine: str = "", extra: str = "") -> str:
        t = max(self.elapsed, 1e-9)
        parts = [
            f"processed {self.documents:,} documents, {self.sentences:,} sentences in {t:.1f} s",
            f"{self.documents / t:,.0f} documents/s, {self.sentences / t:,.0f} sentences/s",
        ]
        if engine:
            parts.append(engine)
        if extra:
            parts.append(extra)
        return " — ".join([parts[0], "; ".join(parts[1:])])

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
