"""Reading a release back: DocumentStats (streamed) against counts from the rows themselves."""

from collections import Counter

import pyarrow as pa
from hypothesis import given, settings, strategies as st

from source_stance.builder import reading
from source_stance.builder.reading import DESCRIBED, MAX_LISTED_UNKNOWN, DistinctRows, read_release


def stats_from_rows(docs, columns):
    """The DocumentStats fields computed the plain way, one row at a time."""
    sourced = [c[: -len("_source")] for c in columns if c.endswith("_source") and c[: -len("_source")] + "_annotator" in columns]
    unknown = sorted(d["doc_id"] for d in docs if not d.get("publisher"))
    return {
        "n": len(docs),
        "by_split": Counter(d["split"] for d in docs),
        "posts": sum(1 for d in docs if d.get("parent_id") is None),
        "comments": sum(1 for d in docs if d.get("parent_id")),
        "values": {c: Counter(d.get(c) for d in docs) for c in DESCRIBED},
        "post_perspective": Counter(d["perspective"] for d in docs if d.get("parent_id") is None),
        "perspective_x_split": Counter((d["perspective"], d["split"]) for d in docs),
        "publisher_split_perspective": Counter((d.get("publisher"), d["split"], d["perspective"]) for d in docs),
        "sources": {g: Counter(d[f"{g}_source"] for d in docs) for g in sourced},
        "curators": {d[f"{g}_annotator"] for d in docs for g in sourced if d[f"{g}_source"] == "curated"},
        "annotators": {
            d[c] for d in docs for c in d if c.endswith("_annotator") and isinstance(d[c], str) and d[c].startswith(("rule:", "model:"))
        },
        "unknown_publisher": len(unknown),
        "unknown_publisher_ids": unknown if len(unknown) <= MAX_LISTED_UNKNOWN else [],
        "without_text": sum(1 for d in docs if not d.get("text")),
        "with_text_by_split": Counter(d["split"] for d in docs if d.get("text")),
        "groups_by_split": Counter({s: len({d.get("split_group") for d in docs if d["split"] == s}) for s in {d["split"] for d in docs}}),
        "authors": len({d["author"] for d in docs if d.get("author")}),
    }


def test_document_stats_equal_the_counts_of_the_rows(seed_release):
    rel = read_release(seed_release, sentences=False)
    expected = stats_from_rows(rel.documents, rel.columns["documents"])
    got = rel.document_stats
    for name, value in expected.items():
        assert getattr(got, name) == value, name
    assert got.n > 0 and got.sources and got.curators


def test_documents_false_reads_no_rows_and_the_same_stats(seed_release):
    full = read_release(seed_release, sentences=False)
    lean = read_release(seed_release, sentences=False, documents=False)
    assert lean.documents == [] and lean.sentences == []
    assert lean.document_stats == full.document_stats
    assert lean.stats == full.stats
    assert lean.columns == full.columns


def test_document_stats_do_not_depend_on_the_batch_size(seed_release, monkeypatch):
    whole = read_release(seed_release, sentences=False, documents=False).document_stats
    monkeypatch.setattr(reading, "DOCUMENT_BATCH", 2)
    monkeypatch.setattr(reading, "_COMPACT_ROWS", 1)
    assert read_release(seed_release, sentences=False, documents=False).document_stats == whole


def test_distinct_rows_merge_across_batches(monkeypatch):
    monkeypatch.setattr(reading, "_COMPACT_ROWS", 2)
    d = DistinctRows(["k", "s"])
    assert d.table() is None
    rows = [("a", 0), ("b", 0), (None, 1), ("a", 0), ("a", 1), (None, 1), ("c", 2)]
    for i in range(0, len(rows), 2):
        chunk = rows[i : i + 2]
        d.add(pa.table({"k": [k for k, _ in chunk], "s": [s for _, s in chunk], "other": [0] * len(chunk)}))
    got = sorted(d.table().to_pylist(), key=lambda r: (str(r["k"]), r["s"]))
    assert got == sorted(({"k": k, "s": s} for k, s in set(rows)), key=lambda r: (str(r["k"]), r["s"]))


def sentence_stats_from_rows(rows):
    """SentenceStats computed the plain way, one decoded row at a time."""
    st = reading.SentenceStats()
    for r in rows:
        st.n += 1
        st.by_split[r["split"]] += 1
        persp = r.get("document_perspective")
        st.by_perspective[persp] += 1
        if "claim_kind" in r:
            st.n_claims += bool(r.get("is_claim"))
            st.claim_kind[r["claim_kind"]] += 1
            st.perspective_x_kind[(persp, r["claim_kind"])] += 1
        if r.get("speaker_kind") == "named_source":
            st.named_sources += 1
        for t in r.get("framing_terms") or []:
            st.terms_by_perspective[persp] += 1
            st.terms_by_owner[(persp, t["vocabulary_of"])] += 1
            st.top_terms[(t["canonical"], t["vocabulary_of"])] += 1
        for g in [c[: -len("_source")] for c in r if c.endswith("_source") and c[: -len("_source")] + "_annotator" in r]:
            source, annotator = r[f"{g}_source"], r[f"{g}_annotator"]
            st.sources.setdefault(g, Counter())[source] += 1
            if source == "curated":
                st.curators.add(annotator)
            elif isinstance(annotator, str) and annotator.startswith(("rule:", "model:")):
                st.annotators.add(annotator)
    return st


def test_sentence_stats_equal_the_counts_of_the_rows(seed_release, monkeypatch):
    rel = read_release(seed_release)
    expected = sentence_stats_from_rows(rel.sentences)
    assert rel.stats == expected and list(rel.stats.sources) == list(expected.sources)
    assert expected.n and expected.top_terms and expected.claim_kind
    monkeypatch.setattr(reading, "STATS_BATCH", 3)
    assert reading.sentence_stats(seed_release, rel.vocabs) == expected


@settings(max_examples=40, deadline=None)
@given(
    files=st.lists(
        st.lists(st.tuples(st.sampled_from([None, "", "a text", "b"]), st.integers(0, 2)), min_size=0, max_size=12), min_size=1, max_size=3
    ),
    row_group=st.integers(1, 5),
)
def test_document_stats_from_parquet_statistics_equal_those_from_the_texts(tmp_path_factory, files, row_group):
    """Skipping the texts of files whose statistics show every text set changes no figure."""
    import dataclasses

    import pyarrow as pa
    import pyarrow.parquet as pq

    from source_stance.builder.reading import document_stats
    from source_stance.schema.vocab import SPLITS, Vocabularies

    folder = tmp_path_factory.mktemp("rel")
    (folder / "data" / "documents").mkdir(parents=True)
    for k, rows in enumerate(files):
        table = pa.table(
            {"doc_id": [f"d{k}-{i}" for i in range(len(rows))], "split": pa.array([s for _, s in rows], pa.int8()), "text": pa.array([t for t, _ in rows], pa.string())}
        )
        pq.write_table(table, folder / "data" / "documents" / f"{SPLITS[k % 3]}-{k:05d}-of-00003.parquet", row_group_size=row_group)
    vocabs = Vocabularies(perspective=("a", "b"))
    read, skipped = document_stats(folder, vocabs, use_statistics=False), document_stats(folder, vocabs)
    for f in dataclasses.fields(read):
        a, b = getattr(read, f.name), getattr(skipped, f.name)
        assert a == b and (list(a.items()) == list(b.items()) if isinstance(a, dict) else True), f.name
