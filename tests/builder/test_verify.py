"""`source-stance verify`: a fresh release verifies; each kind of damage is named with its file."""

import hashlib
import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings, strategies as st

from source_stance.builder.cli import main
from source_stance.builder.verify import split_offsets_clean, split_offsets_problems, verify_release
from source_stance.builder.write import write_parquet

TRAIN_SENTENCES = "data/sentences/train-00000-of-00001.parquet"
TRAIN_DOCUMENTS = "data/documents/train-00000-of-00001.parquet"


@pytest.fixture
def release(seed_release, tmp_path):
    dst = tmp_path / seed_release.name
    shutil.copytree(seed_release, dst)
    return dst


def _rehash(release, rel):
    """Update the manifest for a file changed on purpose, so only the deeper checks can catch it."""
    m = json.loads((release / "manifest.json").read_text())
    p = release / rel
    m["files"][rel].update(sha256=hashlib.sha256(p.read_bytes()).hexdigest(), bytes=p.stat().st_size)
    (release / "manifest.json").write_text(json.dumps(m, indent=2, sort_keys=True) + "\n")


def test_fresh_release_verifies(seed_release, capsys):
    assert verify_release(seed_release) == []
    assert main(["verify", str(seed_release)]) == 0
    assert "verifies" in capsys.readouterr().out


@pytest.mark.parametrize("rel", [TRAIN_SENTENCES, TRAIN_DOCUMENTS])
@pytest.mark.parametrize("where", [0.02, 0.5])
def test_one_flipped_byte_fails_naming_the_file(release, capsys, rel, where):
    p = release / rel
    data = bytearray(p.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    p.write_bytes(bytes(data))
    assert main(["verify", str(release)]) == 3
    err = capsys.readouterr().err
    assert "release does not verify" in err
    assert f"{rel}: file.sha256" in err
    problems = verify_release(release)
    assert rel in {q.path for q in problems}
    assert not [q for q in problems if q.code == "offsets.orphan"]  # no echo of the broken file


def test_missing_and_extra_files(release):
    (release / "CHANGELOG.md").unlink()
    (release / "notes.txt").write_text("not part of the release")
    found = {(q.path, q.code) for q in verify_release(release)}
    assert ("CHANGELOG.md", "file.missing") in found
    assert ("notes.txt", "file.extra") in found


def test_schema_that_differs_from_schema_package_is_named(release):
    table = pq.read_table(release / TRAIN_DOCUMENTS)
    write_parquet(table.drop_columns(["title"]), release / TRAIN_DOCUMENTS)
    _rehash(release, TRAIN_DOCUMENTS)
    problems = verify_release(release)
    assert [(q.path, q.code) for q in problems] == [(TRAIN_DOCUMENTS, "parquet.schema")]
    assert "missing columns ['title']" in problems[0].message


def test_offsets_that_do_not_round_trip_are_named(release):
    table = pq.read_table(release / TRAIN_SENTENCES)
    ends = table["char_end"].to_pylist()
    ends[3] -= 1
    import pyarrow as pa

    i = table.schema.get_field_index("char_end")
    table = table.set_column(i, table.schema.field(i), pa.array(ends, pa.int32()))
    write_parquet(table, release / TRAIN_SENTENCES)
    _rehash(release, TRAIN_SENTENCES)
    problems = verify_release(release)
    assert [q.code for q in problems] == ["offsets.sentence"]
    assert table["sentence_id"][3].as_py() in problems[0].message


def test_row_counts_against_the_manifest(release):
    m = json.loads((release / "manifest.json").read_text())
    m["files"][TRAIN_SENTENCES]["rows"] += 1
    m["row_counts"]["documents"]["test"] += 2
    (release / "manifest.json").write_text(json.dumps(m))
    codes = {(q.path, q.code) for q in verify_release(release)}
    assert codes == {(TRAIN_SENTENCES, "rows.file"), ("data/documents", "rows.split")}


def test_not_a_release(tmp_path):
    assert [q.code for q in verify_release(tmp_path)] == ["file.missing"]
    assert main(["verify", str(tmp_path / "nope")]) == 3


def test_sharded_release_with_sentences_in_another_shard_than_their_document(release):
    """Offsets are checked shard by shard; sentences whose document sits in another shard still are."""
    docs = pq.read_table(release / TRAIN_DOCUMENTS)
    sents = pq.read_table(release / TRAIN_SENTENCES)
    m = json.loads((release / "manifest.json").read_text())
    for config, table, parts in (
        ("documents", docs, [docs.slice(0, 1), docs.slice(1)]),
        ("sentences", sents, [sents, sents.slice(0, 0)]),  # all sentences in shard 0
    ):
        old = f"data/{config}/train-00000-of-00001.parquet"
        (release / old).unlink()
        del m["files"][old]
        for k, part in enumerate(parts):
            rel = f"data/{config}/train-{k:05d}-of-00002.parquet"
            write_parquet(part, release / rel)
            m["files"][rel] = {"rows": part.num_rows}
    (release / "manifest.json").write_text(json.dumps(m))
    for rel in [r for r in m["files"] if "-of-00002" in r]:
        _rehash(release, rel)
    assert verify_release(release) == []
    # and a broken offset in the unpaired part is still found
    ends = sents["char_end"].to_pylist()
    last = len(ends) - 1
    ends[last] -= 1
    import pyarrow as pa

    i = sents.schema.get_field_index("char_end")
    write_parquet(sents.set_column(i, sents.schema.field(i), pa.array(ends, pa.int32())), release / "data/sentences/train-00000-of-00002.parquet")
    _rehash(release, "data/sentences/train-00000-of-00002.parquet")
    assert [q.code for q in verify_release(release)] == ["offsets.sentence"]


# --- the clean-split fast path against the row-by-row reference -------------------------------------



def _sha(t):
    return hashlib.sha256(t.encode("utf-8")).hexdigest()


_TEXTS = st.text(alphabet="ab .é\n", min_size=0, max_size=12)


@st.composite
def _split_files(draw):
    """Documents and sentences of one split in 1-3 shards, with the damage a verifier looks for."""
    n_docs = draw(st.integers(0, 5))
    docs = []
    for i in range(n_docs):
        text = draw(st.one_of(st.none(), _TEXTS))
        digest = _sha(text or "") if draw(st.booleans()) or text is None else _sha(text + "x")
        docs.append({"doc_id": f"d{draw(st.integers(0, 6))}", "text": text, "text_sha256": digest if draw(st.integers(0, 9)) else "bad"})
    sentences = []
    for j in range(draw(st.integers(0, 8))):
        d = draw(st.sampled_from(docs)) if docs and draw(st.integers(0, 9)) else {"doc_id": "orphan", "text": "zz"}
        doc_text = d["text"] or ""
        start = draw(st.integers(0, len(doc_text)))
        end = draw(st.integers(start, len(doc_text)))
        span = doc_text[start:end]
        text = draw(st.sampled_from([span, span, None, span + "q"]))
        digest = _sha(span) if draw(st.integers(0, 9)) else _sha(span + "w")
        sentences.append({"sentence_id": f"s{j}", "doc_id": d["doc_id"], "text": text, "char_start": start, "char_end": end, "text_sha256": digest})
    n_shards = draw(st.integers(1, 3))
    doc_shard = [draw(st.integers(0, n_shards - 1)) for _ in docs]
    sent_shard = [draw(st.integers(0, n_shards - 1)) for _ in sentences]
    drop_sentence_file = draw(st.integers(-1, n_shards - 1))
    return docs, sentences, n_shards, doc_shard, sent_shard, drop_sentence_file


@settings(max_examples=150, deadline=None)
@given(_split_files())
def test_clean_split_check_agrees_with_the_problem_list(tmp_path_factory, case):
    docs, sentences, n_shards, doc_shard, sent_shard, drop = case
    folder = tmp_path_factory.mktemp("split")
    doc_schema = pa.schema([("doc_id", pa.string()), ("text", pa.string()), ("text_sha256", pa.string())])
    sent_schema = pa.schema(
        [("sentence_id", pa.string()), ("doc_id", pa.string()), ("text", pa.string()), ("char_start", pa.int32()), ("char_end", pa.int32()), ("text_sha256", pa.string())]
    )
    doc_files, sentence_files = [], []
    for k in range(n_shards):
        name = f"train-{k:05d}-of-{n_shards:05d}.parquet"
        (folder / "d").mkdir(exist_ok=True), (folder / "s").mkdir(exist_ok=True)
        pq.write_table(pa.Table.from_pylist([d for d, s in zip(docs, doc_shard) if s == k], doc_schema), folder / "d" / name)
        doc_files.append(folder / "d" / name)
        if k != drop:
            pq.write_table(pa.Table.from_pylist([x for x, s in zip(sentences, sent_shard) if s == k], sent_schema), folder / "s" / name)
            sentence_files.append(folder / "s" / name)
    assert split_offsets_clean(doc_files, sentence_files) == (split_offsets_problems(folder, doc_files, sentence_files) == [])


def _checked_groups(release):
    """One group per split as a build's workers report it: both files and their sha256 now."""
    groups = []
    for split in ("train", "validation", "test"):
        rels = [f"data/{c}/{split}-00000-of-00001.parquet" for c in ("documents", "sentences")]
        groups.append({rel: hashlib.sha256((release / rel).read_bytes()).hexdigest() for rel in rels if (release / rel).is_file()})
    return groups


def test_files_checked_when_written_are_not_read_again_but_changed_ones_are(release, monkeypatch):
    from source_stance.builder import verify

    checked = _checked_groups(release)
    calls = []
    original = verify.check_split_offsets
    monkeypatch.setattr(verify, "check_split_offsets", lambda *a: calls.append(a) or original(*a))
    assert verify_release(release, checked) == [] and calls == []
    # a sentences file changed after its check (and re-listed in the manifest): its split is read again
    table = pq.read_table(release / TRAIN_SENTENCES)
    i = table.schema.get_field_index("char_end")
    ends = table["char_end"].to_pylist()
    ends[3] -= 1
    write_parquet(table.set_column(i, table.schema.field(i), pa.array(ends, pa.int32())), release / TRAIN_SENTENCES)
    _rehash(release, TRAIN_SENTENCES)
    problems = verify_release(release, checked)
    assert len(calls) == 1 and [q.code for q in problems] == ["offsets.sentence"]
    assert problems == verify_release(release)


def test_a_doc_id_in_two_documents_files_is_not_taken_as_checked(tmp_path):
    from source_stance.builder.verify import checked_when_written

    schema = pa.schema([("doc_id", pa.string()), ("text", pa.string()), ("text_sha256", pa.string())])
    files = []
    for k in range(2):
        p = tmp_path / f"train-{k:05d}-of-00002.parquet"
        pq.write_table(pa.Table.from_pylist([{"doc_id": "same", "text": "t", "text_sha256": _sha("t")}], schema), p)
        files.append(p)
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    groups = [{p.name: digests[p.name]} for p in files]
    assert not checked_when_written(tmp_path, files, [], groups, digests)
    assert checked_when_written(tmp_path, files[:1], [], groups[:1], digests)
    assert not checked_when_written(tmp_path, files[:1], [], groups[:1], {})  # sha256 not read from disk
