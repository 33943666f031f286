"""Near-duplicate signatures and clusters; a cluster never spans two splits."""

import random

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder import dedup
from source_stance.builder.dedup import (
    MIN_WORDS,
    THRESHOLD,
    merge_groups,
    near_duplicate_clusters,
    signature,
    similarity,
)
from tests.builder.test_bad_corpus import article
from tests.conftest import build_release, write_corpus


def edit_words(text: str, every: int, seed: int = 0) -> str:
    words = text.split()
    rng = random.Random(seed)
    for i in rng.sample(range(len(words)), len(words) // every):
        words[i] = f"edit{i}"
    return " ".join(words)


def test_signature_is_deterministic_and_ignores_case_spacing_and_invisible_characters():
    text = article(1, 200)
    variant = text.upper().replace(" ", "  \u200b")
    assert signature(text) == signature(text) == signature(variant)
    assert len(signature(text)) == 256


def test_short_texts_get_no_signature():
    assert signature(" ".join(["word"] * (MIN_WORDS - 1))) is None
    assert signature("") is None


def test_similarity_tracks_the_amount_of_editing():
    text = article(3, 300)
    light, heavy = edit_words(text, 50), edit_words(text, 5)
    assert similarity(signature(text), signature(light)) >= THRESHOLD
    assert similarity(signature(text), signature(heavy)) < THRESHOLD
    assert similarity(signature(text), signature(article(4, 300))) < 0.3


def test_clusters_are_order_independent_and_named_by_the_smallest_id():
    a = article(5, 200)
    sigs = [("z", signature(a)), ("m", signature(edit_words(a, 60))), ("b", signature(article(6, 200))), ("c", None)]
    assert near_duplicate_clusters(sigs) == {"m": "m", "z": "m"}
    assert near_duplicate_clusters(reversed(sigs)) == {"m": "m", "z": "m"}


def test_merge_groups_joins_transitively():
    rep = merge_groups([["publisher:x", "family:a"], ["family:a", "family:b"], ["family:c"]])
    assert rep == {"publisher:x": "family:a", "family:a": "family:a", "family:b": "family:a", "family:c": "family:c"}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=2, max_size=12), st.randoms(use_true_random=False))
def test_clusters_hold_exactly_the_edited_copies(bases, rnd):
    docs = [(f"d{i:02d}", edit_words(article(100 + b, 150), 150, seed=rnd.randint(0, 9))) for i, b in enumerate(bases)]
    clusters = near_duplicate_clusters((d, signature(t)) for d, t in docs)
    for (d1, _), b1 in zip(docs, bases):
        for (d2, _), b2 in zip(docs, bases):
            if d1 < d2:
                same = d1 in clusters and clusters.get(d1) == clusters.get(d2)
                assert same == (b1 == b2)


def test_a_cluster_is_never_split_across_splits(tmp_path):
    """Twenty families, each with a near-duplicate copy in another file: with splits by family only,
    some pairs would land in different splits; clustering keeps every pair together."""
    texts = {}
    for i in range(20):
        base = article(200 + i, 150)
        texts[f"a{i:02d}.txt"] = base
        texts[f"b{i:02d}.txt"] = edit_words(base, 100, seed=i)
    release = build_release(write_corpus(tmp_path / "raw", texts), tmp_path / "out")
    rows = [r for f in (release / "data" / "documents").glob("*.parquet") for r in pq.read_table(f).to_pylist()]
    by_id = {r["doc_id"]: r for r in rows}
    splits_used = {r["split"] for r in rows}
    assert len(splits_used) == 3
    # without the clustering, family-only groups would have put some pairs in different splits
    from source_stance.builder.split import assign_splits
    from source_stance.schema.config import SplitRatios

    alone = assign_splits([f"family:{d}" for d in by_id], "test-corpus", SplitRatios())
    assert any(alone[f"family:a{i:02d}"] != alone[f"family:b{i:02d}"] for i in range(20))
    for i in range(20):
        a, b = by_id[f"a{i:02d}"], by_id[f"b{i:02d}"]
        assert a["near_duplicate_cluster"] == b["near_duplicate_cluster"] == f"a{i:02d}"
        assert a["split"] == b["split"] and a["split_group"] == b["split_group"]


#: Characters that take every branch of the fast path: controls that normalising removes or turns
#: into line ends, compatibility forms (NBSP, ligature, fullwidth, Roman numeral -> ASCII capitals),
#: letters whose case fold differs or is longer (É, ß, İ, Kelvin sign, titlecase ǅ, final sigma),
#: combining marks that compose with the letter before, Hangul jamo, non-word punctuation.
_TRICKY = (
    "aB_1 .,-\n\t\r\x00\x0b\x0c\x7f\x85\u2028\u00ad\u200b\u202e\ufeff"
    "\u00e9\u00c9\u00df\u0130\u212a\u01c5\u03a3\u03c2\u1e9b\u017f"
    "\ufb01\uff21\u2162\u00a0\u2026\u0301\u0307\u0323e"
    "\u1100\u1161\u11a8\u201c\u2019\u2013\u0661\u6f22\U0001f600"
)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=80) | st.text(max_size=60))
def test_token_bytes_are_the_utf8_of_the_regex_words(text):
    """The byte-level fast path gives exactly the words of ``\\w+`` on the folded text."""
    assert dedup._token_bytes(text) == [w.encode("utf-8") for w in dedup._tokens(text)]


def test_token_bytes_raise_on_lone_surrogates_as_the_general_path_does():
    """(Readers reject such texts as ingest.bad_encoding before any signature is computed.)"""
    with pytest.raises(UnicodeEncodeError):
        dedup._general_token_bytes("a \ud800 b")
    with pytest.raises(UnicodeEncodeError):
        dedup._token_bytes("a \ud800 b")


def reference_signature(text):
    """The readable MinHash: a set of shingles, 64 hash functions, one minimum each, in Python ints."""
    import xxhash

    words = [w.encode("utf-8") for w in dedup._tokens(text)]
    if len(words) < MIN_WORDS:
        return None
    mask = 2**64 - 1
    hashes = [xxhash.xxh3_64_intdigest(w) for w in words]
    shingles = set()
    for i in range(len(hashes) - dedup.SHINGLE_WORDS + 1):
        x = hashes[i]
        for k in range(1, dedup.SHINGLE_WORDS):
            x = (x * 0x100000001B3 + hashes[i + k]) & mask
        shingles.add(x ^ (x >> 29))

    def fmix(x):
        for m in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53):
            x = ((x ^ (x >> 33)) * m) & mask
        return x ^ (x >> 33)

    mins = [min(fmix((int(a) * x + int(b)) & mask) for x in shingles) for a, b in zip(dedup._A, dedup._B)]
    return b"".join((m >> 32).to_bytes(4, "little") for m in mins)


_WORDS = st.sampled_from(["the", "The", "war", "said", "ß", "Straße", "\u00e9t\u00e9", "a", "b", "c", "\u201cquoted\u201d", "x1", "\u00a0", "-"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=60) | st.lists(st.text(alphabet=st.sampled_from(_TRICKY), min_size=1, max_size=6), max_size=40))
def test_signature_equals_the_readable_minhash(words):
    text = " ".join(words)
    assert signature(text) == reference_signature(text)


def test_signature_of_a_text_longer_than_one_block_equals_the_readable_minhash():
    text = article(7, 3 * dedup._BLOCK)
    assert len(dedup._tokens(text)) > 2 * dedup._BLOCK
    assert signature(text) == reference_signature(text)


@pytest.mark.parametrize("extra", [-1, 0, 1, dedup._BLOCK])
def test_signature_at_the_block_boundaries_equals_the_readable_minhash(extra):
    """One block up to _BLOCK shingles, then blocks with a short last one."""
    words = [f"w{i}" for i in range(dedup._BLOCK + extra + dedup.SHINGLE_WORDS - 1)]
    text = " ".join(words)
    assert len(dedup._tokens(text)) - dedup.SHINGLE_WORDS + 1 == dedup._BLOCK + extra
    assert signature(text) == reference_signature(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=20), st.integers(0, 2**32 - 1))
def test_the_finalisers_last_step_does_not_change_the_top_bits_of_a_minimum(values, high):
    """Why signature may skip ``x ^= x >> 33``: the kept top 32 bits of the minimum are the same
    (also when values tie on their top bits and differ below)."""
    tied = [(high << 32) | (v & 0xFFFFFFFF) for v in values]
    for xs in (values, tied, values + tied):
        assert min(x ^ (x >> 33) for x in xs) >> 32 == min(xs) >> 32
