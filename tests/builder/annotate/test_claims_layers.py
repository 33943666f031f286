"""Per-span layers from whole-text matches: when the split is clean, and the records it gives."""

from __future__ import annotations

from source_stance.builder.annotate.claims_layers import actor_layers, clean_bounds, term_records_by_span


def test_clean_bounds_says_when_whole_text_matches_can_be_split():
    text = "Mara Lind met the UN. Republic of Northland"
    cs = [(0, 9), (18, 20), (22, 43)]
    assert clean_bounds(text, [(0, 21), (22, 43)], [cs, []]) == ([0, 22], [21, 43])
    assert clean_bounds(text, [(0, 21), (21, 43)], [cs, []]) is not None  # the space between is no bound inside a match
    assert clean_bounds(text, [(0, 4), (4, 43)], [cs, []]) is None  # 'Mara Lind' runs across a bound
    assert clean_bounds(text, [(0, 2), (2, 43)], [[], []]) is None  # 'ra' could continue a name ending at 2
    assert clean_bounds(text, [(22, 43), (0, 21)], [cs, []]) is None  # not sorted
    assert clean_bounds(text, [(5, 3)], [[], []]) is None  # ends before it starts
    assert clean_bounds(text, [], [cs]) == ([], [])


def test_actor_layers_and_term_records_by_span():
    text = "Mara Lind met the UN. Republic of Northland"
    entry_of = {"Mara Lind": 0, "UN": 1, "Republic of Northland": 2}
    info = [("Mara Lind", "person"), ("United Nations", "organisation"), ("Northland", "country")]
    cs = [(0, 9), (18, 20), (22, 43)]
    persons, records = actor_layers(text, [0, 22], [21, 43], cs, entry_of, info)
    assert persons == [(0, 9, "Mara Lind")]
    assert [[r["name"] for r in part] for part in records] == [["Mara Lind", "UN"], ["Republic of Northland"]]
    assert records[1][0] == {"name": "Republic of Northland", "canonical": "Northland", "kind": "country", "start": 22, "end": 43}
    assert actor_layers(text, [22], [43], cs, entry_of, info)[1] == [[records[1][0]]]  # matches in no span are left out
    assert actor_layers(text, [0, 30], [21, 43], cs, entry_of, info) is None  # in a gap, across the next start
    assert actor_layers(text, [0, 30], [4, 43], cs, entry_of, info) is None  # across the end of its span
    terms = term_records_by_span(text, [0, 22], [21, 43], [(10, 13, 0)], [("met", "x", "north")])
    assert terms == [[{"term": "met", "canonical": "met", "category": "x", "vocabulary_of": "north", "start": 10, "end": 13}], []]
