"""The provenance columns every label group carries: where it came from, how sure, who, why."""

from __future__ import annotations

from source_stance.schema.fields import Field


def provenance(name: str, what: str) -> tuple[Field, ...]:
    """``<name>_source``, ``_confidence``, ``_annotator`` and ``_evidence`` for the label(s) ``what``."""
    return (
        Field(
            f"{name}_source",
            "label",
            f"Where {what} came from: curated (by hand), rule, model, or none (no annotator assigned a value).",
            vocab="label_source",
        ),
        Field(f"{name}_confidence", "float32", f"How sure the source of {what} is, 0..1 (curated: 1.0; none: 0.0)."),
        Field(
            f"{name}_annotator",
            "string",
            f"Id of the curator, rule or model that assigned {what} (e.g. `rule:doctype.v1`, `curator:<name>`).",
        ),
        Field(
            f"{name}_evidence",
            "string",
            f"Why: the curator's rationale quoting the text, or the signals the rule used for {what}.",
            nullable=True,
        ),
    )
