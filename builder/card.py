"""The release's ``README.md``: Hugging Face YAML front matter (configs, features) and the dataset card.

:func:`render_card` writes the front matter and a short body (what the writer knows);
:func:`render_full_card` replaces the body by the full Hugging Face card (summary, tasks,
languages, structure, creation, considerations, additional information) once the release's data
files are in place, from the same facts as ``croissant.json`` (:func:`rai_statements`) and the
datasheet's generated figures.

The front matter is what makes ``datasets.load_dataset(<release folder>, <config>)`` find the
files and the ClassLabel names: ``configs`` with ``data_files`` as a list of ``{split, path}`` and
``dataset_info`` as a list with one entry (with ``config_name``) per config.
"""

from __future__ import annotations

import json
import re
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
    return {
        "pretty_name": name,
        # the texts' rights vary per document (`rights_status`); no single licence covers them
        "license": "other",
        "task_categories": ["text-classification", "token-classification"],
        "tags": ["stance", "claims", "media", "croissant"],
        "configs": configs,
        "dataset_info": infos,
    }


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


# --- the full card -------------------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


def rai_statements(release: Any, audit: dict[str, Any], cfg: Any, blocks: dict[str, str]) -> dict[str, Any]:
    """Responsible-AI statements shared by the card and Croissant (``rai:*`` keys).

    Every figure comes from the release (via the datasheet blocks' numbers or the audit)."""
    from source_stance.builder.audit import shortcut_sentence

    ds = release.document_stats
    n_docs = ds.n
    unknown_pub = ds.unknown_publisher
    sides = ", ".join(f"`{s.id}`" for s in cfg.sides)
    annotators = sorted(ds.annotators | release.stats.annotators)
    imbalance = " ".join(line.strip() for line in blocks["perspective"].splitlines() if line.startswith("Imbalance"))
    mode = release.manifest.get("release_mode", {})
    return {
        "rai:dataCollection": (
            f"Texts (conflict covered: {cfg.conflict or 'see the description'}) collected by the corpus curator as raw text files (and crawls "
            "read as JSONL/CSV/Parquet), cleaned of page furniture; reader comments become their own documents. "
            f"This release holds {n_docs} documents."
        ),
        "rai:dataCollectionType": ["Manual Human Curation", "Web Scraping"],
        "rai:dataAnnotationProtocol": [
            "Document labels (publisher, publisher kind, perspective, document type, language, rights status) are curated "
            "by hand where raw/metadata.yaml has an entry (with a one-line rationale quoting the text), else assigned by "
            "rule annotators with a confidence and evidence. Sentence claim labels are curated gold where "
            "an annotation file covers the sentence, else rule labels. Every label carries its source, confidence, "
            "annotator id and evidence.",
            f"Perspective describes whom a source aligns with among the configured sides ({sides}), plus neutral, mixed "
            "and unknown; it never says who is right.",
        ],
        "rai:dataAnnotationAnalysis": [
            "Curated labels are one curator's; no second annotation was made and no inter-annotator agreement was measured."
        ],
        "rai:annotationsPerItem": "1",
        "rai:machineAnnotationTools": annotators or ["none"],
        "rai:dataBiases": [
            imbalance or "Perspective balance: see the datasheet.",
            f"The publisher is unknown for {unknown_pub} of {n_docs} documents; publisher-based balancing is impossible for them.",
            "Contested terms and place names (framing terms) are recorded as the sources' own wording; their presence is "
            "counted, never endorsed.",
            shortcut_sentence(audit),
        ],
        "rai:dataLimitations": [
            "Perspective is not truth: a label says whom a text aligns with, not whether what it says is accurate.",
            "The corpus is small: figures on the validation and test splits are anecdotal.",
            "Rule labels (silver) are noisier than curated labels (gold): filter on the `*_source` columns.",
        ],
        "rai:personalSensitiveInformation": [
            "Commenter handles and author names (`author` column), and names of private persons that may occur in texts "
            "and as claim speakers. Political opinions of identifiable commenters are sensitive.",
        ],
        "rai:dataUseCases": [
            "Training and evaluating stance, claim-detection and attribution models; comparing how sources of each side "
            "report the same events. Not for judging the truth of claims or profiling individuals.",
        ],
        "rai:dataSocialImpact": (
            "Models trained on it may learn one side's framing, or learn the publisher instead of the text; the audit "
            "reports how far a publisher-only baseline goes."
        ),
        "rai:dataReleaseMaintenancePlan": (
            "Versioned with semver (MAJOR: records change split or the schema breaks; MINOR: records added; PATCH: label "
            "fixes); every release carries CHANGELOG.md, manifest.json with sha256 of every file, and "
            "`source-stance verify` checks a copy."
        ),
        "rai:dataCollectionRawData": (
            f"Raw files are hashed (`raw_sha256`); release mode `{mode.get('mode', 'full_text')}` "
            f"({len(mode.get('withheld_documents', []))} document text(s) withheld, ids, offsets and hashes kept)."
        ),
    }


def example_sentence(release: Any) -> dict[str, Any]:
    """The first attributed claim of the train split (else its first row), with every column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from source_stance.builder.release_files import data_files, decode_rows

    for p in data_files(release.path, "sentences").get("train", []):
        batch = next(pq.ParquetFile(p).iter_batches(batch_size=200), None)  # the first 200 rows, not the file
        rows = decode_rows(pa.Table.from_batches([batch]), RECORD_TYPES["sentences"], release.vocabs) if batch is not None else []
        if rows:
            return next((r for r in rows if r.get("speaker_kind") == "named_source"), rows[0])
    return {}


def citation(name: str, version: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", f"{name}_{version}")
    return f"@misc{{{key},\n  title = {{{name}}},\n  version = {{{version}}},\n  note = {{Built with source-stance}}\n}}"


def render_full_card(existing: str, release: Any, cfg: Any, blocks: dict[str, str], rai: dict[str, Any], vocabs: Vocabularies) -> str:
    """The full card: ``existing``'s front matter kept byte for byte, the body regenerated."""
    m = FRONT_MATTER.match(existing)
    fm = m[0] if m else ""
    name, version = cfg.name, cfg.version
    bullets = lambda items: "\n".join(f"- {x}" for x in items)  # noqa: E731
    sides = "\n".join(f"- `{s.id}`: {s.description}" for s in cfg.sides)
    example = {k: v for k, v in example_sentence(release).items() if not k.endswith(("_evidence", "_annotator"))}
    example_json = json.dumps(example, ensure_ascii=False, indent=1, default=str)[:1500]
    return f"""{fm}
# {name} {version}

## Dataset Summary

{cfg.description.strip()}

{blocks["counts"]}

Two configs: `documents` (one row per document, with document labels) and `sentences` (one row per
sentence, with character offsets into the document text and claim labels). Every label carries its
provenance: `<label>_source` (curated / rule / model / none), `<label>_confidence`,
`<label>_annotator` and `<label>_evidence`, so curated (gold) labels can be told from rule (silver)
ones.

```python
from datasets import load_dataset
sentences = load_dataset("path/to/{name}-{version}", "sentences")
documents = load_dataset("path/to/{name}-{version}", "documents")
```

## Supported Tasks

- Document perspective classification (whom a source aligns with; see the sides below).
- Sentence claim detection (`is_claim`) and claim-kind classification (`claim_kind`).
- Claim attribution (speaker, cue, direct or indirect quote) and quantity extraction.
- Framing-term analysis (the sources' own wording, from the corpus lexicon).

The splits are group-aware (no publisher, and no post-and-comments family, in two splits): use them
as given, or a model will be scored on publishers it has seen.

## Languages

{", ".join(sorted({str(v) for v in release.document_stats.values.get("language", {}) if v})) or cfg.language or "unknown"} (see the `language` column).

## Dataset Structure

### Data Instances

A `sentences` row (evidence and annotator columns left out here):

```json
{example_json}
```

### Data Fields

Offsets are Python code points, end-exclusive; `text[char_start:char_end]` of the document is the
sentence. Label columns are stored as ClassLabel integers with their names in the features.

#### documents

{field_table(RECORD_TYPES["documents"], vocabs)}

#### sentences

{field_table(RECORD_TYPES["sentences"], vocabs)}

### Data Splits

{blocks["split"]}

## Dataset Creation

### Curation Rationale

{rai["rai:dataUseCases"][0]}

### Source Data

{rai["rai:dataCollection"]} {rai["rai:dataCollectionRawData"]}

{blocks["publisher"]}

### Annotations

{bullets(rai["rai:dataAnnotationProtocol"])}

Perspective sides of this corpus:

{sides}

{blocks["provenance"]}

Automatic annotators: {", ".join(f"`{a}`" for a in rai["rai:machineAnnotationTools"])}.

{blocks["evaluation"]}

### Personal and Sensitive Information

{bullets(rai["rai:personalSensitiveInformation"])}

{blocks["personal_data"]}

## Considerations for Using the Data

### Social Impact of Dataset

{rai["rai:dataSocialImpact"]}

### Discussion of Biases

{bullets(rai["rai:dataBiases"])}

{blocks["perspective"]}

### Other Known Limitations

{bullets(rai["rai:dataLimitations"])}

Leakage and shortcut audit (also in `audit.json`):

{blocks["audit"]}

## Additional Information

### Licensing Information

The texts remain their publishers' and authors' property; each document's `rights_status` says what
is known. Texts marked `restricted` are withheld (ids, offsets and hashes kept).

{blocks["rights"]}

### Citation Information

```bibtex
{citation(name, version)}
```

### Version

{version}. See `CHANGELOG.md` for what changed since the previous release, `DATASHEET.md` for the
full datasheet, `croissant.json` for machine-readable metadata (Croissant 1.0 with RAI fields),
`manifest.json` for file hashes, and run `source-stance verify` on a copy to check it.
"""
