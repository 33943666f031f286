"""Pluggable model annotator for ``claim_kind`` (optional extra ``model``: transformers + torch).

A local ``transformers`` sequence-classification model directory (``config.json``, weights,
tokenizer files) whose ``id2label`` names are claim kinds replaces the rules' ``is_claim`` /
``claim_kind``; attribution, quantities, actors and framing terms stay the rules'.  Same interface
as the rule core: ``ClaimModel.annotate_document_claims(text, spans, resources, default_speaker)``.

* Labels: each ``id2label`` name, case-insensitive, must be a ``claim_kind`` value or an alias of
  ``none`` (``non_claim``, ``not_claim``, ``no_claim``, ``nonclaim``, ``other``); anything else is
  a :class:`ConfigError` listing the labels, at load time, before any text is annotated.
* Provenance: source ``model``, annotator ``model:<name_or_path from config, else the directory
  name>``, confidence the softmax probability of the predicted label.
* Nothing is downloaded: the directory is opened with ``local_files_only=True``.

``transformers`` and ``torch`` are imported inside :func:`load_claim_model` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from source_stance.builder.annotate.claims import KindDecision, annotate_document_claims
from source_stance.builder.annotate.claims_resources import ClaimResources
from source_stance.builder.errors import ConfigError
from source_stance.schema.vocab import CLAIM_KIND

NONE_ALIASES = frozenset({"none", "non_claim", "not_claim", "no_claim", "nonclaim", "non-claim", "other"})
BATCH_SIZE = 32
MAX_LENGTH = 256


def map_labels(id2label: dict[int, str], where: str) -> dict[int, str]:
    """Model label ids -> claim_kind names (see module doc)."""
    out = {}
    bad = []
    for i, name in id2label.items():
        key = str(name).strip().lower().replace(" ", "_")
        if key in CLAIM_KIND:
            out[int(i)] = key
        elif key in NONE_ALIASES:
            out[int(i)] = "none"
        else:
            bad.append(str(name))
    if bad:
        raise ConfigError(
            f"model labels {bad} are not claim kinds (all labels: {sorted(map(str, id2label.values()))})",
            path=where,
            fix=f"set id2label in config.json to names from: {', '.join(CLAIM_KIND)} (or non_claim for none)",
        )
    return out


@dataclass
class ClaimModel:
    """A loaded model: tokenizer, network and its label mapping."""

    model_dir: Path
    annotator_id: str
    labels: dict[int, str]
    tokenizer: Any
    model: Any

    def predict(self, sentences: Sequence[str]) -> list[tuple[str, float, str]]:
        """(claim_kind, probability, model label name) per sentence."""
        import torch

        out: list[tuple[str, float, str]] = []
        for i in range(0, len(sentences), BATCH_SIZE):
            batch = list(sentences[i : i + BATCH_SIZE])
            enc = self.tokenizer(batch, padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt")
            with torch.no_grad():
                probs = torch.softmax(self.model(**enc).logits, dim=-1)
            best = probs.argmax(dim=-1)
            for row, j in zip(probs, best.tolist()):
                out.append((self.labels[j], float(row[j]), str(self.model.config.id2label[j])))
        return out

    def annotate_document_claims(
        self, text: str, spans: Sequence[tuple[int, int]], resources: ClaimResources, default_speaker: str | None
    ) -> list[dict[str, Any]]:
        preds = self.predict([text[s:e] for s, e in spans]) if spans else []
        kinds = [KindDecision(k, p, "model", self.annotator_id, f"model label {name!r}, p={p:.3f}") for k, p, name in preds]
        return annotate_document_claims(text, spans, resources, default_speaker, kinds=kinds)


def load_claim_model(model_dir: Path) -> ClaimModel:
    """Load a local sequence-classification model directory (see module doc)."""
    model_dir = Path(model_dir)
    where = str(model_dir)
    if not (model_dir / "config.json").is_file():
        raise ConfigError(
            "not a transformers model directory (no config.json)",
            path=where,
            fix="pass a directory written by `save_pretrained` (config.json, weights, tokenizer files)",
        )
    try:
        import torch  # noqa: F401
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
    except ImportError as e:
        raise ConfigError(
            f"--claim-model needs the optional `model` extra ({e.name} is not installed)",
            fix='pip install "source-stance[model]"',
        ) from None
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True)
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot load the model: {e}", path=where, fix="check the directory holds a complete saved model and tokenizer") from None
    model.eval()
    labels = map_labels(dict(model.config.id2label), where)
    name = getattr(model.config, "name_or_path", "") or ""
    ident = name if name and not Path(name).is_absolute() and name != str(model_dir) else model_dir.name
    return ClaimModel(model_dir, f"model:{ident}", labels, tokenizer, model)
