"""Perspective: the text's own framing, the publisher's alignment, and their agreement, kept apart.

Most examples use an imaginary conflict (Northland vs Southland) to show nothing is tied to one
conflict; a few use this corpus's real sides with texts written for the test in the styles of
outlets of both sides and of the international press.
"""

from __future__ import annotations

import re

import pytest

from source_stance.builder.annotate.perspective import (
    annotate_perspective,
    combine,
    source_alignment,
    text_cues,
    text_verdict,
)
from source_stance.builder.annotate.resources import FramingTerm
from source_stance.builder.document import Label
from source_stance.schema.registry import Publisher

TOY = {"pro_north": ("Northland", "Northlander", "Northlanders", "Nordia"), "pro_south": ("Southland", "Southlander", "Southlanders")}
REAL = {
    "pro_azerbaijan": ("Azerbaijan", "Azerbaijani", "Azerbaijanis", "Azeri", "Azeris", "Baku"),
    "pro_armenia": ("Armenia", "Armenian", "Armenians", "Yerevan", "Artsakh", "Stepanakert"),
}


def term(t: str, side: str, category: str = "place_name") -> FramingTerm:
    return FramingTerm(t, category, side, re.compile(r"(?<!\w)" + re.escape(t) + r"(?!\w)"))


LEX = (term("Greater Nordia", "pro_north"), term("Lost Provinces", "pro_south"), term("the border region", "shared"))


def pub(alignment: str, basis: str) -> Publisher:
    return Publisher(id="p", name="P", kind="unknown", alignment=alignment, alignment_basis=basis,
                     alignment_evidence="" if alignment == "unknown" else "test")


NEUTRAL_PUB = pub("neutral", "no_tie")
NORTH_PUB = pub("pro_north", "ownership")


def persp(text, names=TOY, framing=LEX, publisher=None):
    return annotate_perspective(text, side_names=names, framing=framing, publisher=publisher)


# ------------------------------------------------------------------------------ text cues, one by one


def test_framing_vocabulary_in_own_voice():
    r = persp("Villages of Greater Nordia were rebuilt. Greater Nordia celebrates. The border region is calm.")
    assert (r.perspective.value, r.agreement.value) == ("pro_north", "text_only")
    assert "Greater Nordia" in r.perspective.evidence


def test_framing_vocabulary_counts_less_inside_quotes():
    own = text_cues("Greater Nordia was rebuilt.", TOY, LEX).side["pro_north"]
    quoted = text_cues('The minister said "Greater Nordia was rebuilt."', TOY, LEX).side["pro_north"]
    assert quoted < own


def test_first_person_plural_with_demonym():
    r = persp("Our Northlander compatriots gathered in Paris. Our Northlander brothers held a rally.", framing=())
    assert r.perspective.value == "pro_north"
    assert "first-person plural" in r.perspective.evidence


def test_first_person_plural_next_to_in_group_wording():
    text = "The Southlander community marked the day in Berlin. Speakers recalled the suffering of our people."
    cues = text_cues(text, TOY)
    assert cues.side.get("pro_south", 0) > 0 and "pro_north" not in cues.side


def test_first_person_plural_is_ignored_when_both_sides_are_in_group():
    text = "The Southlander community and the Northlander community met; our people want peace."
    cues = text_cues(text, TOY)
    assert not any("first-person" in e for e in cues.evidence)


def test_aggression_asserted_in_own_voice_points_to_the_other_side():
    r = persp("Southland attacked the village at dawn. The Southland aggression continues, and Southland propaganda denies it.", framing=())
    assert r.perspective.value == "pro_north"
    r = persp("Northland shelled the town again. The Northland occupation must end.", framing=())
    assert r.perspective.value == "pro_south"


def test_aggression_inside_quotes_is_not_the_texts_own_voice():
    text = 'A spokesman said: "Southland attacked the village. The Southland aggression continues."'
    assert text_verdict(text_cues(text, TOY))[0] is None


def test_victims_of_one_side():
    cues = text_cues("Northlander civilians were killed when the shells hit the market.", TOY)
    assert cues.side.get("pro_north", 0) > 0


def test_officials_quoted_approvingly_or_at_a_distance():
    approving = text_cues("The Northland President stressed that peace needs justice.", TOY)
    assert approving.side.get("pro_north", 0) > 0
    distancing = text_cues("Southland officials claimed that the drone was shot down.", TOY)
    assert distancing.side.get("pro_north", 0) > 0 and "pro_south" not in distancing.side


def test_both_sides_quoted_plainly_reads_neutral():
    text = ("The Northland Foreign Ministry said the talks were useful. The Southland government said it would "
            "reply next week. Mediators said the border region was calm.")
    value, conf, ev = text_verdict(text_cues(text, TOY, LEX))
    assert value == "neutral" and 0 < conf < 1 and "several sides" in ev


def test_strong_cues_for_both_sides_are_mixed():
    text = ("Southland attacked the village. Southland aggression continues. Northland shelled the town. "
            "The Northland occupation must end. Greater Nordia and the Lost Provinces are named.")
    assert text_verdict(text_cues(text, TOY, LEX))[0] == "mixed"


def test_no_cue_no_publisher_is_unknown_none():
    r = persp("The weather was fine and the market opened at nine.")
    assert (r.perspective.value, r.perspective.source, r.perspective.confidence) == ("unknown", "none", 0.0)
    assert (r.agreement.value, r.source_alignment.value) == ("none", "unknown")


def test_no_side_names_configured_disables_side_cues():
    r = persp("Southland attacked the village. Our people suffered.", names={"pro_north": (), "pro_south": ()}, framing=())
    assert r.perspective.value == "unknown"


# -------------------------------------------------------------------- combining with the publisher


def test_publisher_alignment_is_kept_apart():
    lab = source_alignment(NORTH_PUB)
    assert (lab.value, lab.source) == ("pro_north", "rule") and "ownership" in lab.evidence
    assert source_alignment(None).source == "none"
    assert source_alignment(pub("unknown", "not_assessed")).value == "unknown"
    assert source_alignment(NORTH_PUB).confidence > source_alignment(pub("pro_north", "editorial_line")).confidence


def test_agree_raises_confidence():
    text = "Greater Nordia was rebuilt. Our Northlander compatriots returned."
    alone = persp(text)
    both = persp(text, publisher=NORTH_PUB)
    assert both.perspective.value == alone.perspective.value == "pro_north"
    assert both.agreement.value == "agree" and both.perspective.confidence > alone.perspective.confidence


def test_partisan_op_ed_in_neutral_paper_disagrees_and_keeps_the_texts_framing():
    text = "Southland attacked our villages. The Southland aggression and Southland propaganda must be named. Greater Nordia endures."
    r = persp(text, publisher=NEUTRAL_PUB)
    assert (r.perspective.value, r.agreement.value, r.source_alignment.value) == ("pro_north", "disagree", "neutral")
    assert "although the publisher" in r.perspective.evidence


def test_neutral_wire_story_on_partisan_site_disagrees():
    text = ("The Northland Foreign Ministry said the talks were useful. The Southland government said it would "
            "reply next week.")
    r = persp(text, publisher=NORTH_PUB)
    assert (r.perspective.value, r.agreement.value) == ("neutral", "disagree")


def test_publisher_only_when_the_text_is_silent():
    r = persp("The market opened at nine.", publisher=NORTH_PUB)
    assert (r.perspective.value, r.agreement.value) == ("pro_north", "publisher_only")
    assert r.perspective.confidence < source_alignment(NORTH_PUB).confidence


def test_combine_is_total():
    for text_value in (None, "pro_north", "pro_south", "neutral", "mixed"):
        for align in (Label("unknown", "none", 0.0, "x"), source_alignment(NORTH_PUB), source_alignment(NEUTRAL_PUB)):
            p, a = combine(text_value, 0.6, "ev", align)
            assert a.value in ("agree", "disagree", "text_only", "publisher_only", "none")
            assert 0.0 <= p.confidence <= 0.95 and (p.source == "none") == (p.value == "unknown")


# -------------------------------------------------------------- this corpus's sides, new texts


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Armenian armed forces shelled the positions of the Azerbaijani army in the Tovuz direction. "
            "The Azerbaijani Defense Ministry stressed that the provocation was repelled. Our heroic soldiers and "
            "our Azerbaijani compatriots abroad stand together against Armenian aggression.",
            "pro_azerbaijan",
        ),
        (
            "Azerbaijani forces shelled Stepanakert overnight; Armenian civilians were killed in their homes. "
            "The Armenian Foreign Ministry underlined that the Azerbaijani aggression targets peaceful settlements. "
            "Our Armenian brothers and sisters in the diaspora are holding vigils.",
            "pro_armenia",
        ),
        (
            "Armenia's Foreign Ministry said it was ready to sign the treaty. Azerbaijan's Foreign Ministry said "
            "talks would resume after the elections. Diplomats in Brussels said both delegations were constructive.",
            "neutral",
        ),
    ],
)
def test_real_sides_on_new_texts(text, expected):
    assert persp(text, names=REAL, framing=()).perspective.value == expected


def test_reported_speech_weighs_less_than_the_texts_own_voice():
    own = text_cues("Northland shelled the village overnight.", TOY).side["pro_south"]
    reported = text_cues("The Southland defence ministry said Northland shelled the village overnight.", TOY).side["pro_south"]
    assert 0 < reported < own


def test_officials_of_the_republic_quoted_approvingly():
    cues = text_cues("The President of the Republic of Southland underlined that the agreement is historic.", TOY)
    assert cues.side.get("pro_south", 0) > 0


def test_international_report_quoting_both_governments_reads_neutral():
    text = (
        "More than 50,000 ethnic Armenians have left the region since Azerbaijan took control of it last week, "
        "Armenian officials say. Azerbaijan says residents are free to stay. Azerbaijan's foreign ministry said "
        "humanitarian corridors were open."
    )
    r = persp(text, names=REAL, framing=())
    assert r.perspective.value == "neutral" and r.agreement.value == "text_only"


# ------------------------------------------------------------------------------ three or more sides

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from source_stance.builder.annotate.resources import load_resources  # noqa: E402
from source_stance.builder.corpus import load_corpus  # noqa: E402

THREE_SIDES = """name: three-sides
version: 0.1.0
sides:
  - id: pro_north
    description: Aligns with the north.
    names: [Northland, Northlander]
  - id: pro_south
    description: Aligns with the south.
    names: [Southland, Southlander]
  - id: pro_east
    description: Aligns with the east.
    names: [Eastland, Eastlander]
"""


@pytest.fixture
def three_sides(tmp_path, make_corpus):
    return load_resources(load_corpus(make_corpus(tmp_path / "raw", {"a.txt": "x"}, THREE_SIDES)))


def persp3(res, text):
    return annotate_perspective(text, side_names=res.side_names, framing=res.framing, compiled=res.side_patterns)


def test_three_sides_aggression_points_to_the_other_side_the_text_names(three_sides):
    r = persp3(three_sides, "Northland attacked the village at dawn. The Northland aggression continues, "
                            "and Northland propaganda denies it. Southland villagers fled.")
    assert r.perspective.value == "pro_south"
    assert "aggression attributed to pro_north" in r.perspective.evidence


def test_three_sides_discrediting_and_distancing_cues_count(three_sides):
    cues = text_cues("Eastland propaganda again. Eastland officials claimed a victory over Northland.", three_sides.side_names,
                     compiled=three_sides.side_patterns)
    assert cues.side == {"pro_north": pytest.approx(0.8 + 0.6)}


def test_three_sides_cue_against_one_side_is_shared_when_no_other_is_named(three_sides):
    cues = text_cues("Northland shelled the town again. The Northland occupation must end.", three_sides.side_names,
                     compiled=three_sides.side_patterns)
    assert cues.side == {"pro_south": pytest.approx(1.0), "pro_east": pytest.approx(1.0)}
    assert persp3(three_sides, "Northland shelled the town again. The Northland occupation must end.").perspective.value == "mixed"


_PIECES3 = ("Northland", "Southland", "Eastland", "aggression", "propaganda", "attacked", "troops shelled", "officials claimed",
            "President stressed", "civilians were killed", "the", "village", ".", "\n", "said")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES3), max_size=25).map(" ".join))
def test_a_side_the_text_never_names_takes_nothing_away(text):
    """Adding a side whose names the text never holds changes no score when the text names every
    other side: each cue is counted once, whatever the number of sides."""
    two = {"pro_north": ("Northland",), "pro_south": ("Southland",)}
    three = {**two, "pro_west": ("Westland",)}
    text = "Northland and Southland. " + text.replace("Eastland", "Southland")
    a, b = text_cues(text, two), text_cues(text, three)
    assert b.side.keys() <= a.side.keys()
    assert {s: round(v, 9) for s, v in b.side.items()} == {s: round(v, 9) for s, v in a.side.items()}
    assert b.neutral == a.neutral
