"""Input readers for crawls: JSONL, CSV and Parquet corpora, and HTML pages.

Each reader *streams* its file (JSONL line by line, CSV through ``csv.DictReader``, Parquet by
record batches) and yields one :class:`RawText` per row, or a :class:`Reject` for a row that cannot
become a document (``ingest.missing_text``, ``ingest.bad_json``, ``ingest.too_large`` ...), with
the file and the 0-based row.  Which columns hold the text and its metadata comes from
``input:`` in corpus.yaml (``text_column``, ``url_column``, ...), overridable on the command line.

HTML (``.html``/``.htm`` files, or an ``html`` column when a row has no text) is reduced to its
body text with trafilatura, an optional dependency (``pip install 'source-stance[html]'``).  For
HTML the ``raw_*`` offsets of a sentence index the extracted text, not the markup.

For a row, ``raw_sha256`` is the sha256 of the row's text (UTF-8), and offsets index that text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, Optional

from source_stance.builder.corpus import Corpus
from source_stance.builder.decode import Decoded, decode
from source_stance.builder.errors import ConfigError
from source_stance.builder.ingest import RawText, Reject
from source_stance.schema.config import InputColumns

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
PARQUET_SUFFIXES = frozenset({".parquet"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
READER_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES | HTML_SUFFIXES
PARQUET_BATCH_ROWS = 1024


def with_input_columns(corpus: Corpus, overrides: dict[str, str]) -> Corpus:
    """``corpus`` with some ``input:`` column names replaced (from the command line)."""
    if not overrides:
        return corpus
    cols = corpus.config.input.model_copy(update=overrides)
    return replace(corpus, config=corpus.config.model_copy(update={"input": cols}))


def html_to_text(html: str, where: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(body text, title, site name) of an HTML page with trafilatura; text None when it finds none."""
    try:
        import trafilatura
    except ImportError:
        raise ConfigError(
            "HTML input needs trafilatura, which is not installed",
            path=where,
            fix="install the `html` extra: pip install 'source-stance[html]' (or pip install trafilatura)",
        ) from None
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        return None, None, None
    text = getattr(doc, "text", None)
    return (text or None), getattr(doc, "title", None), getattr(doc, "sitename", None)


def _str(value: Any) -> Optional[str]:
    """A metadata cell as a clean string, or None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    s = value.isoformat() if hasattr(value, "isoformat") else str(value)
    s = s.strip()
    return s or None


class RowReader:
    """Turns rows (dicts) of one tabular file into RawText / Reject, checking ids and sizes."""

    def __init__(self, rel: str, cols: InputColumns, max_bytes: int):
        self.rel = rel
        self.cols = cols
        self.max_bytes = max_bytes
        self.seen_ids: dict[str, int] = {}

    def reject(self, row: int, code: str, message: str) -> Reject:
        return Reject(self.rel, row, code, message)

    def from_row(self, row: int, rec: dict[str, Any]) -> RawText | Reject:
        c = self.cols
        text = rec.get(c.text_column)
        title, site = _str(rec.get(c.title_column)), _str(rec.get(c.site_name_column))
        if not isinstance(text, str) or not text.strip():
            html = rec.get(c.html_column)
            if isinstance(html, str) and html.strip():
                text, h_title, h_site = html_to_text(html, self.rel)
                title, site = title or h_title, site or h_site
                if not text or not text.strip():
                    return self.reject(row, "ingest.no_html_body", f"no body text found in the HTML of column {c.html_column!r}; check the page")
            else:
                return self.reject(
                    row,
                    "ingest.missing_text",
                    f"row has no text in column {c.text_column!r} (nor HTML in {c.html_column!r}); "
                    "fill it, remove the row, or name the right column (input.text_column in corpus.yaml or --text-column)",
                )
        text = text.lstrip("\ufeff")
        data = text.encode("utf-8", "surrogatepass")
        if len(data) > self.max_bytes:
            return self.reject(row, "ingest.too_large", f"text of {len(data)} bytes is over max_file_bytes ({self.max_bytes}); split it or raise the limit")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return self.reject(row, "ingest.bad_encoding", "text holds unpaired surrogates (broken encoding); fix the row")
        rid = _str(rec.get(c.id_column))
        if rid is not None:
            if rid in self.seen_ids:
                return self.reject(row, "ingest.duplicate_id", f"id {rid!r} was already used by row {self.seen_ids[rid]}; ids must be unique in a file")
            self.seen_ids[rid] = row
        return RawText(
            source_file=self.rel,
            source_row=row,
            text=text,
            encoding="utf-8",
            bom_bytes=0,
            raw_sha256=hashlib.sha256(data).hexdigest(),
            url=_str(rec.get(c.url_column)),
            title=title,
            date=_str(rec.get(c.date_column)),
            site_name=site,
            author=_str(rec.get(c.author_column)),
            record_id=rid,
        )


def read_jsonl(path: Path, rel: str, cols: InputColumns, max_bytes: int) -> Iterator[RawText | Reject]:
    """One JSON object per line; blank lines are skipped (rows keep their line's 0-based index)."""
    rows = RowReader(rel, cols, max_bytes)
    with open(path, "rb") as fh:
        for i, line in enumerate(fh):
            if i == 0:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except UnicodeDecodeError:
                yield rows.reject(i, "ingest.bad_encoding", "line is not UTF-8; re-save the file as UTF-8")
                continue
            except json.JSONDecodeError as e:
                yield rows.reject(i, "ingest.bad_json", f"malformed JSON at column {e.colno}: {e.msg}; fix or remove the line")
                continue
            if not isinstance(rec, dict):
                yield rows.reject(i, "ingest.bad_json", f"line holds a JSON {type(rec).__name__}, not an object; write one object per line")
                continue
            yield rows.from_row(i, rec)


def read_csv(path: Path, rel: str, cols: InputColumns, max_bytes: int) -> Iterator[RawText | Reject]:
    """A header row naming the columns; ``.tsv`` is tab-separated."""
    rows = RowReader(rel, cols, max_bytes)
    csv.field_size_limit(min(sys.maxsize, max(max_bytes * 4, 131072)))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with open(path, "rb") as fb:
        fh = io.TextIOWrapper(fb, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.DictReader(fh, delimiter=delimiter, strict=False)
        i = 0
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError:
                yield rows.reject(i, "ingest.bad_encoding", "file is not UTF-8 from this row on; re-save it as UTF-8")
                return
            except csv.Error as e:
                yield rows.reject(i, "ingest.bad_csv", f"malformed CSV: {e}; check quotes and delimiters (rest of file not read)")
                return
            if None in rec:
                yield rows.reject(i, "ingest.bad_csv", "row has more cells than the header; quote cells that contain the delimiter")
            else:
                yield rows.from_row(i, rec)
            i += 1


def read_parquet(path: Path, rel: str, cols: InputColumns, max_bytes: int) -> Iterator[RawText | Reject]:
    """Record batches of the columns named in ``cols`` that the file has."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises several types for a bad file
        yield Reject(rel, None, "ingest.bad_parquet", f"cannot open as Parquet: {e}; check the file")
        return
    have = set(pf.schema_arrow.names)
    wanted = [n for n in dict.fromkeys(v for v in cols.model_dump().values()) if n in have]
    if cols.text_column not in have and cols.html_column not in have:
        yield Reject(
            rel, None, "ingest.missing_text",
            f"no text column {cols.text_column!r} (nor {cols.html_column!r}); columns are {sorted(have)}; "
            "name the text column (input.text_column in corpus.yaml or --text-column)",
        )
        return
    rows = RowReader(rel, cols, max_bytes)
    i = 0
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
        for rec in batch.to_pylist():
            yield rows.from_row(i, rec)
            i += 1


def read_html_file(path: Path, rel: str, max_bytes: int) -> RawText | Reject:
    """One HTML page -> its body text (trafilatura)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        return Reject(rel, None, "ingest.unreadable", f"cannot read: {e.strerror}; check permissions")
    if len(data) > max_bytes:
        return Reject(rel, None, "ingest.too_large", f"over max_file_bytes ({max_bytes}); raise the limit or remove it")
    dec = decode(data)
    if not isinstance(dec, Decoded):
        return Reject(rel, None, f"ingest.{dec.reason}", f"{dec.message}; save the page as UTF-8")
    text, title, site = html_to_text(dec.text, rel)
    if not text or not text.strip():
        return Reject(rel, None, "ingest.no_html_body", "no body text found in the page; check it is an article page")
    return RawText(
        source_file=rel,
        source_row=None,
        text=text,
        encoding="utf-8",
        bom_bytes=0,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        title=title,
        site_name=site,
    )


def read_input(path: Path, rel: str, cols: InputColumns, max_bytes: int) -> Iterator[RawText | Reject]:
    """Dispatch on the file's extension (one of :data:`READER_SUFFIXES`)."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, rel, cols, max_bytes)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(path, rel, cols, max_bytes)
    elif suffix in PARQUET_SUFFIXES:
        yield from read_parquet(path, rel, cols, max_bytes)
    elif suffix in HTML_SUFFIXES:
        yield read_html_file(path, rel, max_bytes)
    else:  # pragma: no cover - the caller dispatches only known suffixes
        raise ValueError(f"no reader for {suffix!r}")
