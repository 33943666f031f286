"""Generic scoring of one categorical label: precision/recall/F1 per label, macro and micro
averages, accuracy and a confusion matrix, plus a plain-text table renderer.

Pure and dependency-free, so any evaluation (sentence claims, document labels) can reuse it::

    s = score(gold=["a", "b", "a"], pred=["a", "a", "a"], labels=["a", "b"])
    print(render(s, "claim_kind"))
    s.to_dict()  # plain data, e.g. for a datasheet

Conventions (same as scikit-learn with ``zero_division=0``):

* a ratio whose denominator is 0 is 0.0;
* ``macro_*`` averages over the labels that occur in gold or in predictions (a label nobody used
  says nothing about the annotator and would only drag the mean to 0); ``labels_averaged`` says
  which;
* ``micro_*`` pools counts over all labels; for single-label data it equals accuracy.

Confusion matrix rows are gold labels, columns predicted labels, both in ``labels`` order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class LabelScore:
    """Scores of one label (one-vs-rest)."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold items with this label
    predicted: int  # items predicted with this label
    true_positives: int


@dataclass(frozen=True)
class Scores:
    """Everything :func:`score` measured, as plain data."""

    labels: tuple[str, ...]
    per_label: tuple[LabelScore, ...]
    n: int
    accuracy: float
    macro_precision: float
    macro_recall: float
    macro_f1: float
    micro_precision: float
    micro_recall: float
    micro_f1: float
    labels_averaged: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]  # [gold][pred]

    def to_dict(self) -> dict:
        """JSON-ready dict (tuples become lists)."""
        return asdict(self)

    def label(self, name: str) -> LabelScore:
        for ls in self.per_label:
            if ls.label == name:
                return ls
        raise KeyError(f"no label {name!r} (labels: {', '.join(self.labels)})")


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return _div(2 * p * r, p + r)


def score(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> Scores:
    """Score predictions against gold for one categorical label.

    ``gold`` and ``pred`` are aligned item by item. Every value must be one of ``labels``
    (:class:`ValueError` otherwise, naming the value and the allowed labels).
    """
    labels = tuple(labels)
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} items but pred has {len(pred)}; they must be aligned")
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels must be unique: {labels}")
    index = {lab: i for i, lab in enumerate(labels)}
    k = len(labels)
    matrix = [[0] * k for _ in range(k)]
    for which, values in (("gold", gold), ("pred", pred)):
        for v in values:
            if v not in index:
                raise ValueError(f"{which} value {v!r} is not a label (allowed: {', '.join(labels)})")
    for g, p in zip(gold, pred):
        matrix[index[g]][index[p]] += 1

    per_label = []
    for i, lab in enumerate(labels):
        tp = matrix[i][i]
        support = sum(matrix[i])
        predicted = sum(row[i] for row in matrix)
        p = _div(tp, predicted)
        r = _div(tp, support)
        per_label.append(LabelScore(lab, p, r, _f1(p, r), support, predicted, tp))

    used = [ls for ls in per_label if ls.support or ls.predicted]
    macro_p = _div(sum(ls.precision for ls in used), len(used))
    macro_r = _div(sum(ls.recall for ls in used), len(used))
    macro_f = _div(sum(ls.f1 for ls in used), len(used))
    tp_all = sum(ls.true_positives for ls in per_label)
    micro_p = _div(tp_all, sum(ls.predicted for ls in per_label))
    micro_r = _div(tp_all, sum(ls.support for ls in per_label))
    n = len(gold)
    return Scores(
        labels=labels,
        per_label=tuple(per_label),
        n=n,
        accuracy=_div(tp_all, n),
        macro_precision=macro_p,
        macro_recall=macro_r,
        macro_f1=macro_f,
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=_f1(micro_p, micro_r),
        labels_averaged=tuple(ls.label for ls in used),
        confusion=tuple(tuple(row) for row in matrix),
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]

    def line(cells: Sequence[str]) -> str:
        first = str(cells[0]).ljust(widths[0])
        rest = (str(c).rjust(w) for c, w in zip(cells[1:], widths[1:]))
        return "  ".join([first, *rest]).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def render(scores: Scores, title: str) -> str:
    """A plain-text report: per-label table, averages, then the confusion matrix."""
    out = [f"{title} (n={scores.n})", ""]
    rows = [
        [ls.label, f"{ls.precision:.3f}", f"{ls.recall:.3f}", f"{ls.f1:.3f}", str(ls.support), str(ls.predicted)]
        for ls in scores.per_label
    ]
    rows.append(["macro avg", f"{scores.macro_precision:.3f}", f"{scores.macro_recall:.3f}", f"{scores.macro_f1:.3f}", "", ""])
    rows.append(["micro avg", f"{scores.micro_precision:.3f}", f"{scores.micro_recall:.3f}", f"{scores.micro_f1:.3f}", "", ""])
    out += _table(["label", "precision", "recall", "f1", "support", "predicted"], rows)
    out += ["", f"accuracy {scores.accuracy:.3f}"]
    if len(scores.labels_averaged) != len(scores.labels):
        unused = [lab for lab in scores.labels if lab not in scores.labels_averaged]
        out.append(f"macro averages leave out labels absent from gold and predictions: {', '.join(unused)}")
    out += ["", "confusion (rows gold, columns predicted)"]
    out += _table(["gold \\ pred", *scores.labels], [[lab, *map(str, row)] for lab, row in zip(scores.labels, scores.confusion)])
    return "\n".join(out) + "\n"
