"""corpus.parse_yaml: libyaml's parser when PyYAML has it, the pure-Python one's messages on errors."""

import pytest
import yaml
from hypothesis import given, strategies as st

from source_stance.builder.corpus import parse_yaml
from source_stance.builder.errors import ConfigError

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.floats(allow_nan=False))
_DOCS = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@given(_DOCS, st.sampled_from([None, False, True]))
def test_values_are_the_pure_python_safe_loaders(doc, flow):
    text = yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True)
    assert parse_yaml(text, "x.yaml") == yaml.load(text, Loader=yaml.SafeLoader)


def test_the_fast_parser_is_used_when_there_is_one():
    assert getattr(yaml, "CSafeLoader", None) is not None  # PyYAML's wheels ship libyaml


@pytest.mark.parametrize(
    "text, message",
    [
        ("a:\n\t- tab\n", "found character '\\t' that cannot start any token"),  # libyaml says less
        ("a: b: c\n", "line 1, column 5: malformed YAML: mapping values are not allowed here"),
        ("x: !!python/object:os.system 1\n", "could not determine a constructor"),
    ],
)
def test_errors_have_the_pure_python_parsers_message(text, message):
    with pytest.raises(ConfigError) as info:
        parse_yaml(text, "raw/corpus.yaml")
    assert message in str(info.value)
    assert "raw/corpus.yaml" in str(info.value)
