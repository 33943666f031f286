"""Load and validate what a curator edits: ``corpus.yaml`` and the metadata file.

Everything here runs before any text is read, and every problem is a :class:`ConfigError` naming
the file, the line/column or entry, the field, and the fix (for an unknown label: the allowed values).
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from source_stance.builder.errors import ConfigError
from source_stance.schema.config import CorpusConfig, DocumentMetadata
from source_stance.schema.vocab import Vocabularies

CONFIG_NAME = "corpus.yaml"
DEFAULT_METADATA = ("metadata.yaml", "metadata.yml", "metadata.csv")


@dataclass(frozen=True)
class Corpus:
    """A validated corpus: its folder, configuration, vocabularies and curated metadata."""

    raw_dir: Path
    config: CorpusConfig
    vocabs: Vocabularies
    metadata: dict[str, DocumentMetadata]  # by raw-relative POSIX path
    metadata_file: str | None  # raw-relative path of the metadata file, if any
    config_files: tuple[str, ...]  # raw-relative paths that are configuration, not texts


def _flatten(err: ValidationError) -> list[tuple[str, str]]:
    out = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        out.append((loc, e["msg"]))
    return out


def read_config_text(path: Path, rel: str) -> str:
    """A configuration file's text (UTF-8, BOM allowed); problems are ConfigErrors naming the file."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"not UTF-8 text ({e.reason} at byte {e.start})", path=rel, fix="save the file as UTF-8") from None
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path=rel, fix="check the path and permissions") from None


def read_yaml(path: Path, rel: str) -> Any:
    """Parse a YAML file; a syntax error names the file, line and column."""
    return parse_yaml(read_config_text(path, rel), rel)


def parse_yaml(text: str, rel: str) -> Any:
    """Parse YAML text read from ``rel``; a syntax error names the file, line and column."""
    fast = getattr(yaml, "CSafeLoader", None)  # libyaml's parser, when PyYAML has it
    if fast is not None:
        try:  # ~10x faster on a large metadata.yaml, and the same safe constructor: the same values
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass  # parsed again below, for the pure-Python parser's clearer message
    try:
        return yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        ctx = e.context_mark
        opened = (
            f" ({e.context} at line {ctx.line + 1}, column {ctx.column + 1})"
            if ctx is not None and e.context and mark is not None and (ctx.line, ctx.column) != (mark.line, mark.column)
            else ""
        )
        raise ConfigError(
            f"{where}malformed YAML: {e.problem or e.context}{opened}",
            path=rel,
            fix="correct the YAML syntax at that position (indentation, quotes, ':' after keys)",
        ) from None
    except yaml.YAMLError as e:  # pragma: no cover - non-marked YAML errors are rare
        raise ConfigError(f"malformed YAML: {e}", path=rel, fix="correct the YAML syntax") from None


def validate_model(model: type[BaseModel], data: Any, rel: str, what: str) -> Any:
    """Validate ``data`` against ``model``; errors become one ConfigError listing ``[field] msg``."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        lines = "\n".join(f"  [{loc}] {msg}" for loc, msg in _flatten(err))
        raise ConfigError(f"invalid {what}:\n{lines}", path=rel, fix=f"correct the fields listed above in {rel}") from None


def load_resource(raw_dir: Path, rel: str, model: type[BaseModel], what: str, empty: Any = None) -> Any:
    """Read and validate a YAML resource that corpus.yaml names (registry, gazetteer, lexicon, gold).

    ``empty`` replaces an empty file's ``None`` before validation.
    """
    path = raw_dir / rel
    if not path.is_file():
        raise ConfigError(
            f"{what} file {rel!r} named in {CONFIG_NAME} does not exist",
            path=CONFIG_NAME,
            fix=f"create {rel} in the raw folder or remove its key from {CONFIG_NAME}",
        )
    data = read_yaml(path, rel)
    return validate_model(model, empty if data is None else data, rel, what)


def load_config(raw_dir: Path) -> CorpusConfig:
    if not raw_dir.exists():
        raise ConfigError(
            "raw folder not found",
            path=str(raw_dir),
            fix="run from the project root (which has raw/), or pass --raw DIR pointing at a folder with corpus.yaml and texts",
        )
    if not raw_dir.is_dir():
        raise ConfigError("raw path is not a folder", path=str(raw_dir), fix="pass --raw DIR with a folder")
    path = raw_dir / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"no {CONFIG_NAME} in the raw folder",
            path=str(raw_dir),
            fix=f"create {path} with at least `name`, `version` and `sides` (see README, 'Adding texts')",
        )
    data = read_yaml(path, CONFIG_NAME)
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings", path=CONFIG_NAME, fix="see README for an example corpus.yaml")
    return validate_model(CorpusConfig, data, CONFIG_NAME, "corpus configuration")


def _metadata_rows_yaml(path: Path, rel: str) -> list[tuple[int | None, Any]]:
    """(line number, entry) pairs; line numbers come from the YAML node marks."""
    text = read_config_text(path, rel)
    data = parse_yaml(text, rel)
    if data is None:
        return []
    entries = data.get("documents") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ConfigError(
            "expected a list of entries (or a mapping with key `documents:` holding the list)",
            path=rel,
            fix="write one `- file: NAME.txt` entry per text",
        )
    node = yaml.compose(text)
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if k.value == "documents"), None)
    lines = [n.start_mark.line + 1 for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    return [(lines[i] if i < len(lines) else None, e) for i, e in enumerate(entries)]


def _metadata_rows_csv(path: Path, rel: str) -> list[tuple[int | None, Any]]:
    text = read_config_text(path, rel)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int | None, Any]] = []
    try:
        for row in reader:
            if None in row:
                raise ConfigError(
                    f"line {reader.line_num}, column {len(reader.fieldnames or []) + 1}: more cells than header columns",
                    path=rel,
                    fix="quote cells that contain commas",
                )
            entry: dict[str, Any] = {}
            rationale: dict[str, str] = {}
            for k, v in row.items():
                v = v.strip() if isinstance(v, str) else v
                if v in ("", None):
                    continue
                if k.startswith("rationale_"):
                    rationale[k[len("rationale_") :]] = v
                else:
                    entry[k] = v
            if rationale:
                entry["rationale"] = rationale
            rows.append((reader.line_num, entry))
    except csv.Error as e:
        raise ConfigError(f"line {reader.line_num}: malformed CSV: {e}", path=rel, fix="check quotes and delimiters") from None
    return rows


def did_you_mean(value: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """The allowed value a misspelt ``value`` most likely meant (case, ``-``/space for ``_``,
    typos, a unique prefix), or None."""
    v = value.strip().lower().replace(" ", "_").replace("-", "_")
    close = difflib.get_close_matches(v, list(allowed), n=1, cutoff=0.6)
    if close:
        return close[0]
    prefixed = [a for a in allowed if v and (a.startswith(v) or v.startswith(a))]
    return prefixed[0] if len(prefixed) == 1 else None


def metadata_key(file: str, rel: str, where: str) -> str:
    """The raw-relative POSIX path a metadata ``file:`` names; paths that leave the raw folder are errors."""
    p = PurePosixPath(file.replace("\\", "/"))
    if not file.strip() or p.is_absolute() or ".." in p.parts or PureWindowsPath(file).drive:
        raise ConfigError(
            f"{where}: file {file!r} is not a path inside the raw folder",
            path=rel,
            fix="write the path relative to the raw folder, without '..' or a leading '/' (e.g. `news/2020/a.txt`)",
        )
    return p.as_posix()


def _as_on_disk(raw_dir: Path, key: str) -> str:
    """``key`` as the file system spells it when only the Unicode normalisation differs (a name
    typed in NFC for a file saved in NFD, as macOS does, or the reverse)."""
    if key.isascii() or (raw_dir / key).exists():
        return key
    for form in ("NFC", "NFD"):
        other = unicodedata.normalize(form, key)
        if other != key and (raw_dir / other).exists():
            return other
    return key


def load_metadata(raw_dir: Path, config: CorpusConfig, vocabs: Vocabularies) -> tuple[dict[str, DocumentMetadata], str | None]:
    if config.metadata:
        rel = metadata_key(config.metadata, CONFIG_NAME, "`metadata:`")
        if not (raw_dir / rel).is_file():
            raise ConfigError(
                f"metadata file {rel!r} named in {CONFIG_NAME} does not exist",
                path=CONFIG_NAME,
                fix=f"create raw/{rel} or remove the `metadata:` key",
            )
    else:
        rel = next((n for n in DEFAULT_METADATA if (raw_dir / n).is_file()), None)
        if rel is None:
            return {}, None
    path = raw_dir / rel
    rows = _metadata_rows_csv(path, rel) if rel.endswith(".csv") else _metadata_rows_yaml(path, rel)
    out: dict[str, DocumentMetadata] = {}
    for line, entry in rows:
        where = f"entry at line {line}" if line else "entry"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a mapping with `file:`", path=rel, fix="write `- file: NAME.txt` and its fields")
        name = entry.get("file", "?")
        meta = validate_model(DocumentMetadata, entry, rel, f"{where} (file {name!r})")
        for field, value, allowed in meta.label_errors(vocabs):
            close = did_you_mean(str(value), allowed)
            hint = f" (did you mean {close!r}?)" if close else ""
            raise ConfigError(
                f"{where} (file {name!r}): unknown {field} {value!r}{hint}; allowed values: {', '.join(allowed)}",
                path=rel,
                fix=f"use one of the allowed values for `{field}` (sides come from {CONFIG_NAME})",
            )
        key = _as_on_disk(raw_dir, metadata_key(meta.file, rel, where))
        if key in out:
            raise ConfigError(f"{where}: file {key!r} has two metadata entries", path=rel, fix="merge the entries into one")
        out[key] = meta
    return out, rel


#: corpus.yaml keys that name a resource file inside the raw folder.
RESOURCE_KEYS = ("publishers", "gazetteer", "framing_lexicon", "claims_gold")


def load_corpus(raw_dir: Path) -> Corpus:
    raw_dir = Path(raw_dir)
    config = load_config(raw_dir)
    try:
        vocabs = config.vocabularies()
    except ValueError as e:
        raise ConfigError(str(e), path=CONFIG_NAME, fix="rename the side") from None
    for key in RESOURCE_KEYS:
        if getattr(config, key):
            metadata_key(getattr(config, key), CONFIG_NAME, f"`{key}:`")  # never a path out of raw/
    metadata, meta_rel = load_metadata(raw_dir, config, vocabs)
    config_files = {CONFIG_NAME}
    if meta_rel:
        config_files.add(meta_rel)
    return Corpus(
        raw_dir=raw_dir,
        config=config,
        vocabs=vocabs,
        metadata=metadata,
        metadata_file=meta_rel,
        config_files=tuple(sorted(config_files)),
    )
