"""Tests for the generic scorer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from source_stance.builder.scoring import render, score


def test_perfect_agreement_scores_one():
    s = score(["a", "b", "b"], ["a", "b", "b"], ["a", "b"])
    assert s.accuracy == 1.0
    assert s.macro_f1 == 1.0
    assert s.micro_f1 == 1.0
    assert s.confusion == ((1, 0), (0, 2))


def test_hand_computed_example():
    gold = ["a", "a", "b", "b", "c"]
    pred = ["a", "b", "b", "b", "a"]
    s = score(gold, pred, ["a", "b", "c", "d"])
    a, b, c = s.label("a"), s.label("b"), s.label("c")
    assert (a.true_positives, a.support, a.predicted) == (1, 2, 2)
    assert a.precision == pytest.approx(0.5) and a.recall == pytest.approx(0.5)
    assert b.precision == pytest.approx(2 / 3) and b.recall == pytest.approx(1.0)
    assert b.f1 == pytest.approx(0.8)
    assert c.precision == 0.0 and c.recall == 0.0 and c.f1 == 0.0
    # "d" occurs nowhere: left out of macro averages
    assert s.labels_averaged == ("a", "b", "c")
    assert s.macro_f1 == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert s.accuracy == pytest.approx(3 / 5)
    assert s.micro_f1 == pytest.approx(3 / 5)
    assert s.confusion[0] == (1, 1, 0, 0)
    assert s.confusion[2] == (1, 0, 0, 0)


def test_unknown_value_is_named():
    with pytest.raises(ValueError, match=r"pred value 'x' is not a label \(allowed: a, b\)"):
        score(["a"], ["x"], ["a", "b"])


def test_misaligned_lengths_fail():
    with pytest.raises(ValueError, match="aligned"):
        score(["a"], [], ["a"])


def test_empty_input_is_zero_not_error():
    s = score([], [], ["a"])
    assert s.n == 0 and s.accuracy == 0.0 and s.macro_f1 == 0.0


def test_render_has_labels_counts_and_matrix():
    s = score(["yes", "no", "no"], ["yes", "yes", "no"], ["yes", "no", "maybe"])
    text = render(s, "is_claim")
    assert text.startswith("is_claim (n=3)")
    assert "confusion (rows gold, columns predicted)" in text
    assert "leave out labels absent from gold and predictions: maybe" in text
    row_no = next(line for line in text.splitlines() if line.startswith("no ") and "0.500" in line)
    assert row_no.split()[-2:] == ["2", "1"]


def test_to_dict_is_plain_data():
    d = score(["a"], ["a"], ["a"]).to_dict()
    assert d["per_label"][0]["label"] == "a" and d["accuracy"] == 1.0


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), max_size=40))
def test_micro_f1_equals_accuracy_and_matrix_sums(pairs):
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    s = score(gold, pred, ["a", "b", "c"])
    assert sum(map(sum, s.confusion)) == len(pairs)
    assert s.micro_f1 == pytest.approx(s.accuracy)
    for ls in s.per_label:
        assert 0.0 <= ls.f1 <= 1.0
