"""Tabular and HTML input readers: streaming rows, column names, rejects with file and row."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from source_stance.builder.errors import ConfigError
from source_stance.builder.ingest import RawText, Reject
from source_stance.builder.readers import read_csv, read_html_file, read_input, read_jsonl, read_parquet
from source_stance.schema.config import InputColumns

COLS = InputColumns()
BIG = 1_000_000


def _jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_rows_become_texts_with_metadata(tmp_path):
    p = _jsonl(
        tmp_path / "crawl.jsonl",
        [
            {"id": "a1", "text": "First article.", "url": "https://example.org/a", "title": "A", "date": "2020-10-01", "site_name": "Example"},
            {"text": "Second article.", "author": "J. Doe"},
        ],
    )
    out = list(read_jsonl(p, "crawl.jsonl", COLS, BIG))
    assert [type(o) for o in out] == [RawText, RawText]
    a, b = out
    assert (a.source_row, a.record_id, a.url, a.title, a.date, a.site_name) == (0, "a1", "https://example.org/a", "A", "2020-10-01", "Example")
    assert a.text == "First article." and a.encoding == "utf-8"
    assert (b.source_row, b.record_id, b.author, b.url) == (1, None, "J. Doe", None)
    assert a.raw_sha256 != b.raw_sha256


def test_jsonl_missing_text_bad_json_and_non_objects_are_rejects_with_rows(tmp_path):
    p = _jsonl(tmp_path / "c.jsonl", [{"text": "ok"}, {"url": "https://x.org"}, "{not json", "[1, 2]", {"text": "   "}, "", {"text": "fine"}])
    out = list(read_jsonl(p, "c.jsonl", COLS, BIG))
    codes = [(o.source_row, o.code) if isinstance(o, Reject) else (o.source_row, "ok") for o in out]
    assert codes == [
        (0, "ok"),
        (1, "ingest.missing_text"),
        (2, "ingest.bad_json"),
        (3, "ingest.bad_json"),
        (4, "ingest.missing_text"),
        (6, "ok"),
    ]
    assert all(o.source_file == "c.jsonl" for o in out)
    assert "text" in out[1].message and "--text-column" in out[1].message


def test_jsonl_custom_columns_and_duplicate_ids(tmp_path):
    cols = InputColumns(text_column="body", url_column="link", id_column="uid")
    p = _jsonl(tmp_path / "c.jsonl", [{"body": "x y", "link": "https://a.org", "uid": 7}, {"body": "z", "uid": 7}])
    a, b = list(read_jsonl(p, "c.jsonl", cols, BIG))
    assert isinstance(a, RawText) and a.url == "https://a.org" and a.record_id == "7"
    assert isinstance(b, Reject) and b.code == "ingest.duplicate_id" and b.source_row == 1


def test_row_over_the_size_limit_is_rejected(tmp_path):
    p = _jsonl(tmp_path / "c.jsonl", [{"text": "x" * 50}, {"text": "short"}])
    out = list(read_jsonl(p, "c.jsonl", COLS, 20))
    assert isinstance(out[0], Reject) and out[0].code == "ingest.too_large"
    assert isinstance(out[1], RawText)


def test_jsonl_bom_and_non_utf8_line(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": "caf\u00e9"}).encode() + b"\n" + b'{"text": "caf\xe9"}\n')
    a, b = list(read_jsonl(p, "c.jsonl", COLS, BIG))
    assert isinstance(a, RawText) and a.text == "café"
    assert isinstance(b, Reject) and b.code == "ingest.bad_encoding"


def test_csv_rows_with_quoted_newlines_and_missing_text(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text('\ufefftext,url,title\n"Line one\nline two, with comma",https://e.org/1,T1\n,https://e.org/2,T2\n', encoding="utf-8")
    a, b = list(read_csv(p, "c.csv", COLS, BIG))
    assert isinstance(a, RawText) and a.text == "Line one\nline two, with comma" and a.url == "https://e.org/1" and a.source_row == 0
    assert isinstance(b, Reject) and b.code == "ingest.missing_text" and b.source_row == 1


def test_tsv_and_extra_cells(tmp_path):
    p = tmp_path / "c.tsv"
    p.write_text("text\turl\nhello\thttps://a.org\nbad\thttps://b.org\textra\n", encoding="utf-8")
    a, b = list(read_input(p, "c.tsv", COLS, BIG))
    assert isinstance(a, RawText) and a.url == "https://a.org"
    assert isinstance(b, Reject) and b.code == "ingest.bad_csv"


def test_parquet_streams_batches_and_keeps_row_numbers(tmp_path, monkeypatch):
    import source_stance.builder.readers as readers

    monkeypatch.setattr(readers, "PARQUET_BATCH_ROWS", 2)
    texts = ["one", None, "three", "four", "five"]
    table = pa.table({"text": texts, "url": [f"https://n.org/{i}" for i in range(5)], "other": list(range(5))})
    p = tmp_path / "c.parquet"
    pq.write_table(table, p, row_group_size=2)
    out = list(read_parquet(p, "c.parquet", COLS, BIG))
    assert [o.source_row for o in out] == [0, 1, 2, 3, 4]
    assert isinstance(out[1], Reject) and out[1].code == "ingest.missing_text"
    assert [o.text for o in out if isinstance(o, RawText)] == ["one", "three", "four", "five"]
    assert out[4].url == "https://n.org/4"


def test_parquet_without_text_column_is_one_reject(tmp_path):
    p = tmp_path / "c.parquet"
    pq.write_table(pa.table({"body": ["x"]}), p)
    out = list(read_parquet(p, "c.parquet", COLS, BIG))
    assert len(out) == 1 and out[0].code == "ingest.missing_text" and "body" in out[0].message


def test_not_parquet_is_a_reject(tmp_path):
    p = tmp_path / "c.parquet"
    p.write_bytes(b"not parquet at all")
    (r,) = list(read_parquet(p, "c.parquet", COLS, BIG))
    assert r.code == "ingest.bad_parquet"


PAGE = """<html><head><title>Talks resume</title><meta property="og:site_name" content="Example Daily"></head>
<body><nav>Home | World | Sport</nav><article><h1>Talks resume</h1>
<p>Delegations of the two countries met on Tuesday in a neutral capital to resume talks on the border.</p>
<p>Officials from both sides said the meeting was constructive and agreed to meet again next month.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def test_html_file_and_html_column(tmp_path):
    pytest.importorskip("trafilatura")
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    r = read_html_file(p, "page.html", BIG)
    assert isinstance(r, RawText) and "Delegations of the two countries" in r.text
    assert "Home | World" not in r.text and r.site_name == "Example Daily"
    q = _jsonl(tmp_path / "c.jsonl", [{"html": PAGE, "url": "https://example.com/x"}])
    (row,) = list(read_jsonl(q, "c.jsonl", COLS, BIG))
    assert isinstance(row, RawText) and "constructive" in row.text and row.url == "https://example.com/x"


def test_html_without_trafilatura_names_the_extra(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_trafilatura(name, *a, **k):
        if name == "trafilatura":
            raise ImportError("no trafilatura")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    p = tmp_path / "page.htm"
    p.write_text(PAGE, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"source-stance\[html\]"):
        read_html_file(p, "page.htm", BIG)
