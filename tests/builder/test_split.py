from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.split import assign_splits, group_key
from source_stance.schema.config import SplitRatios

R = SplitRatios()


def test_group_key_prefers_publisher_and_normalises_it():
    assert group_key("  Some  Outlet ", "fam") == group_key("some outlet", "other") == "publisher:some outlet"
    assert group_key(None, "fam") == "family:fam"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=40, unique=True), st.randoms())
def test_assignment_is_deterministic_and_order_free(groups, rnd):
    a = assign_splits(groups, "salt", R)
    shuffled = list(groups)
    rnd.shuffle(shuffled)
    assert assign_splits(shuffled, "salt", R) == a
    assert set(a) == set(groups)
    if len(groups) >= 3:
        assert set(a.values()) == {"train", "validation", "test"}


def test_large_corpora_follow_the_ratios():
    groups = [f"family:{i}" for i in range(20000)]
    a = assign_splits(groups, "salt", R)
    share = sum(1 for v in a.values() if v == "train") / len(a)
    assert 0.78 < share < 0.82
