"""The release's ``README.md``: Hugging Face YAML front matter (configs, features) and a card body.

The front matter is what makes ``datasets.load_dataset(<release folder>, <config>)`` find the
files and the ClassLabel names: ``configs`` with ``data_files`` as a list of ``{split, path}`` and
``dataset_info`` as a list with one entry (with ``config_name``) per config.
"""

from __future__ import annotations

from typing import Any

import yaml

from source_stance.schema.fields import Field, features
from source_stance.schema.records import RECORD_TYPES
from source_stance.schema.vocab import SPLITS, Vocabularies

CONFIGS = ("sentences", "documents")
DEFAULT_CONFIG = "sentences"


def front_matter(
    name: str,
    vocabs: Vocabularies,
    files: dict[str, dict[str, list[str]]],
    counts: dict[str, dict[str, int]],
    nbytes: dict[str, dict[str, int]],
) -> dict[str, Any]:
    configs = []
    infos = []
    for config in CONFIGS:
        entry: dict[str, Any] = {"config_name": config}
        if config == DEFAULT_CONFIG:
            entry["default"] = True
        entry["data_files"] = [{"split": split, "path": path} for split in SPLITS for path in files[config][split]]
        configs.append(entry)
        infos.append(
            {
                "config_name": config,
                "features": features(RECORD_TYPES[config], vocabs)._to_yaml_list(),
                "splits": [
                    {"name": split, "num_bytes": nbytes[config][split], "num_examples": counts[config][split]}
                    for split in SPLITS
                ],
            }
        )
    return {"pretty_name": name, "configs": configs, "dataset_info": infos}


def field_table(fields: tuple[Field, ...], vocabs: Vocabularies) -> str:
    lines = ["| field | type | meaning |", "|---|---|---|"]
    for f in fields:
        kind = f"label: {', '.join(vocabs.names(f.vocab))}" if f.kind == "label" else f.kind  # type: ignore[arg-type]
        if f.nullable:
            kind += " (nullable)"
        lines.append(f"| `{f.name}` | {kind} | {f.doc.replace('|', '/')} |")
    return "\n".join(lines)


def render_card(
    name: str,
    version: str,
    description: str,
    vocabs: Vocabularies,
    files: dict[str, dict[str, list[str]]],
    counts: dict[str, dict[str, int]],
    nbytes: dict[str, dict[str, int]],
) -> str:
    fm = yaml.safe_dump(front_matter(name, vocabs, files, counts, nbytes), sort_keys=False, allow_unicode=True, width=1000)
    count_lines = "\n".join(
        f"| {config} | " + " | ".join(str(counts[config][s]) for s in SPLITS) + " |" for config in CONFIGS
    )
    return f"""---
{fm}---

# {name} {version}

{description.strip()}

Built by source-stance. Load it offline with:

```python
from datasets import load_dataset
sentences = load_dataset("path/to/{name}-{version}", "sentences")
documents = load_dataset("path/to/{name}-{version}", "documents")
```

## Rows

| config | {" | ".join(SPLITS)} |
|---|{"---|" * len(SPLITS)}
{count_lines}

See `manifest.json` for file hashes, library versions and the build fingerprint, and
`rejects.jsonl` for every input that did not become a document, with its reason.

## Fields: documents

{field_table(RECORD_TYPES["documents"], vocabs)}

## Fields: sentences

{field_table(RECORD_TYPES["sentences"], vocabs)}
"""
