"""The id registry answers exactly as ``dict.setdefault`` would, across flushes and merges."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.id_registry import IdRegistry


@settings(max_examples=200, deadline=None)
@given(
    ids=st.lists(st.text(alphabet="ab/#é\U0001f600", max_size=4), max_size=120),
    recent=st.integers(1, 9),
)
def test_first_place_is_dict_setdefault(ids, recent):
    registry, reference = IdRegistry(recent=recent), {}
    for i, doc_id in enumerate(ids):
        place = f"file-{i}.txt"
        assert registry.first_place(doc_id, place) == reference.setdefault(doc_id, place)
    assert len(registry) == len(reference)


def test_many_ids_across_many_runs():
    registry = IdRegistry(recent=8)
    for i in range(1000):
        assert registry.first_place(f"texts/{i:05d}", f"texts/{i:05d}.txt") == f"texts/{i:05d}.txt"
    assert len(registry._runs) <= 8  # merged like a binary counter: about log2(1000 / 8) runs
    assert registry.first_place("texts/00000", "texts/00000.text") == "texts/00000.txt"
    assert registry.first_place("texts/00999", "elsewhere.txt") == "texts/00999.txt"
    assert registry.first_place("texts/01000", "new.txt") == "new.txt"
    assert len(registry) == 1001
