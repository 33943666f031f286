"""``croissant.json``: Croissant 1.0 JSON-LD (with the RAI extension) describing a release.

One ``cr:FileSet`` per config (``data/<config>/*.parquet``, local to the JSON-LD file), one
``cr:RecordSet`` per config with a field per flat column (label columns as their ClassLabel
integers, each pointing at an ``sc:Enumeration`` record set that lists the names), the split
extracted from each file's path, and every Parquet file as a ``cr:FileObject`` with its sha256.
Nested span lists (quantities, actors, framing terms) are described in the dataset card, not as
Croissant fields.

Built with plain dicts (no dependency); the tests validate it with ``mlcroissant`` and iterate
its records against the Parquet rows, since validation alone never opens the data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from source_stance.builder.reading import Release
from source_stance.builder.release_files import DATA_CONFIGS, data_files
from source_stance.schema.fields import Field
from source_stance.schema.records import RECORD_TYPES

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
PARQUET = "application/x-parquet"
_DTYPE = {
    "string": "sc:Text",
    "int32": "sc:Integer",
    "int64": "sc:Integer",
    "float32": "sc:Float",
    "bool": "sc:Boolean",
    "label": "sc:Integer",
}
SPLIT_REGEX = r"^(?:.*/)?(train|validation|test)-[^/]*\.parquet$"


def _field(config: str, f: Field, vocab_sets: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{config}/{f.name}",
        "name": f.name,
        "description": f.doc,
        "dataType": _DTYPE[f.kind],
        "source": {"fileSet": {"@id": f"{config}-parquet"}, "extract": {"column": f.name}},
    }
    if f.kind == "label":
        out["description"] += f" ClassLabel index into the `{f.vocab}` names (record set `{vocab_sets[f.vocab]}`)."  # type: ignore[index]
    return out


def _enumeration(vocab: str, names: tuple[str, ...]) -> dict[str, Any]:
    rid = f"vocab_{vocab}"
    return {
        "@type": "cr:RecordSet",
        "@id": rid,
        "name": rid,
        "description": f"Label names of the `{vocab}` vocabulary; `index` is the integer stored in the Parquet files.",
        "dataType": "sc:Enumeration",
        "key": {"@id": f"{rid}/index"},
        "field": [
            {"@type": "cr:Field", "@id": f"{rid}/index", "name": "index", "dataType": "sc:Integer"},
            {"@type": "cr:Field", "@id": f"{rid}/name", "name": "name", "dataType": "sc:Text"},
        ],
        "data": [{f"{rid}/index": i, f"{rid}/name": n} for i, n in enumerate(names)],
    }


def croissant(
    release: Release, *, description: str, license: str, cite_as: str, rai: dict[str, Any], url: str = "", digests: Optional[dict[str, str]] = None
) -> dict[str, Any]:
    """The Croissant document of ``release`` (its data files must be in place; ``digests``: the
    sha256 of data files already known, by path in the release, instead of reading them again)."""
    from source_stance.builder.release import sha256_file

    distribution: list[dict[str, Any]] = []
    record_sets: list[dict[str, Any]] = []
    vocab_sets: dict[str, str] = {}
    for config in DATA_CONFIGS:
        fields = [f for f in RECORD_TYPES[config] if f.kind in _DTYPE and release.has_column(config, f.name)]
        for f in fields:
            if f.kind == "label":
                vocab_sets.setdefault(f.vocab, f"vocab_{f.vocab}")  # type: ignore[arg-type]
        distribution.append(
            {
                "@type": "cr:FileSet",
                "@id": f"{config}-parquet",
                "name": f"{config}-parquet",
                "description": f"Parquet files of the `{config}` config, one or more per split.",
                "encodingFormat": PARQUET,
                "includes": f"data/{config}/*.parquet",
            }
        )
        for paths in data_files(release.path, config).values():
            for p in paths:
                rel = p.relative_to(release.path).as_posix()
                distribution.append(
                    {
                        "@type": "cr:FileObject",
                        "@id": rel,
                        "name": rel,
                        "contentUrl": rel,
                        "encodingFormat": PARQUET,
                        "sha256": (digests or {}).get(rel) or sha256_file(p),
                    }
                )
        split_field = {
            "@type": "cr:Field",
            "@id": f"{config}/split_name",
            "name": "split_name",
            "description": "Split, from the name of the file the row is in (train, validation or test).",
            "dataType": "sc:Text",
            "source": {
                "fileSet": {"@id": f"{config}-parquet"},
                "extract": {"fileProperty": "fullpath"},
                "transform": {"regex": SPLIT_REGEX},
            },
        }
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": config,
                "name": config,
                "description": f"Rows of the `{config}` config (flat columns; see the dataset card for nested span lists).",
                "field": [_field(config, f, vocab_sets) for f in fields] + [split_field],
            }
        )
    enums = [_enumeration(v, release.vocabs.names(v)) for v in sorted(vocab_sets)]
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": ["http://mlcommons.org/croissant/1.0", "http://mlcommons.org/croissant/RAI/1.0"],
        "name": release.name,
        "description": description,
        "version": release.version,
        "license": license,
        "citeAs": cite_as,
        "url": url or f"https://example.invalid/{release.name}/{release.version}",
        "inLanguage": "en",
        "isLiveDataset": False,
        "distribution": distribution,
        "recordSet": enums + record_sets,
    }
    doc.update(rai)
    return doc


def write_croissant(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
