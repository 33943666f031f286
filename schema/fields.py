"""Field specifications and the three things derived from them.

Every record type (documents, sentences, rejects) is declared once as a tuple of :class:`Field`.
From that one declaration we derive

* the ``datasets.Features`` (ClassLabel with names for labelled fields),
* the Arrow schema (``Features.arrow_schema``, which embeds the features under the
  ``huggingface`` metadata key so Parquet files reload with their label names), and
* a pydantic model used at the boundaries (public API, tests, metadata round trips).

so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Optional

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, create_model

from source_stance.schema.vocab import Vocabularies

Kind = Literal["string", "int32", "int64", "float32", "bool", "label", "strings", "records"]

_VALUE_DTYPE = {
    "string": "string",
    "int32": "int32",
    "int64": "int64",
    "float32": "float32",
    "bool": "bool",
}
_PY_TYPE: dict[str, Any] = {
    "string": str,
    "int32": int,
    "int64": int,
    "float32": float,
    "bool": bool,
}


@dataclass(frozen=True)
class Field:
    """One column.

    ``kind``:
      * scalar kinds (``string``, ``int32``, ``int64``, ``float32``, ``bool``)
      * ``label``: a ClassLabel over the vocabulary named ``vocab`` (stored as int64)
      * ``strings``: a list of strings
      * ``records``: a list of structs whose members are ``children`` (scalars or labels)
    """

    name: str
    kind: Kind
    doc: str
    vocab: Optional[str] = None
    nullable: bool = False
    children: tuple["Field", ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind == "label" and not self.vocab:
            raise ValueError(f"label field {self.name!r} needs a vocab")
        if self.kind == "records" and not self.children:
            raise ValueError(f"records field {self.name!r} needs children")


def feature(f: Field, vocabs: Vocabularies):
    """The ``datasets`` feature type of one field."""
    from datasets import ClassLabel, List, Value

    if f.kind in _VALUE_DTYPE:
        return Value(_VALUE_DTYPE[f.kind])
    if f.kind == "label":
        return ClassLabel(names=list(vocabs.names(f.vocab)))  # type: ignore[arg-type]
    if f.kind == "strings":
        return List(Value("string"))
    if f.kind == "records":
        return List({c.name: feature(c, vocabs) for c in f.children})
    raise ValueError(f"unknown field kind {f.kind!r}")  # pragma: no cover


def features(fields: tuple[Field, ...], vocabs: Vocabularies):
    """``datasets.Features`` for a record type."""
    from datasets import Features

    return Features({f.name: feature(f, vocabs) for f in fields})


def arrow_schema(fields: tuple[Field, ...], vocabs: Vocabularies) -> pa.Schema:
    """The Arrow schema for a record type, with the features embedded in its metadata.

    Nullability is recorded on the Arrow fields (``nullable=False`` for required columns) so a
    writer fed a null in a required column fails loudly instead of writing it.
    """
    base = features(fields, vocabs).arrow_schema
    out = []
    for f in fields:
        af = base.field(f.name)
        out.append(af.with_nullable(f.nullable))
    return pa.schema(out, metadata=base.metadata)


def _py_type(f: Field, vocabs: Vocabularies) -> Any:
    if f.kind in _PY_TYPE:
        t = _PY_TYPE[f.kind]
    elif f.kind == "label":
        t = Literal[tuple(vocabs.names(f.vocab))]  # type: ignore[arg-type,misc]
    elif f.kind == "strings":
        t = list[str]
    else:
        t = list[pydantic_model(f.name.title().replace("_", ""), f.children, vocabs)]  # type: ignore[misc]
    return Optional[t] if f.nullable else t


def pydantic_model(name: str, fields: tuple[Field, ...], vocabs: Vocabularies) -> type[BaseModel]:
    """A pydantic model whose label fields accept the vocabulary's *names* (not integers)."""
    defs: dict[str, Any] = {}
    for f in fields:
        t = _py_type(f, vocabs)
        defs[f.name] = (t, None) if f.nullable else (t, ...)
    return create_model(  # type: ignore[call-overload]
        name, __config__=ConfigDict(extra="forbid", frozen=True), **defs
    )


def label_fields(fields: tuple[Field, ...]) -> dict[str, str]:
    """Top-level label fields and their vocabulary names."""
    return {f.name: f.vocab for f in fields if f.kind == "label"}  # type: ignore[misc]
