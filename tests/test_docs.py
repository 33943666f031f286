"""The README documents every command and the current fields (regenerate: UPDATE_DOCS=1 pytest tests/test_docs.py)."""

import os
import re
from pathlib import Path

from source_stance.builder.card import field_table
from source_stance.builder.cli import _parser
from source_stance.builder.corpus import load_config
from source_stance.schema.records import RECORD_TYPES

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- BEGIN GENERATED: fields -->\n)(.*?)(<!-- END GENERATED: fields -->)", re.S)


def fields_block() -> str:
    vocabs = load_config(ROOT / "raw").vocabularies()
    parts = []
    for config in ("documents", "sentences"):
        parts.append(f"### {config}\n\n{field_table(RECORD_TYPES[config], vocabs)}\n")
    return "\n".join(parts)


def test_readme_field_tables_are_current():
    text = README.read_text(encoding="utf-8")
    m = BLOCK.search(text)
    assert m, "README.md lacks the generated fields block"
    want = fields_block()
    if os.environ.get("UPDATE_DOCS") == "1" and m.group(2) != want:
        README.write_text(text[: m.start(2)] + want + text[m.end(2) :], encoding="utf-8")
        text = README.read_text(encoding="utf-8")
        m = BLOCK.search(text)
    assert m.group(2) == want, "README.md field tables are stale: run UPDATE_DOCS=1 pytest tests/test_docs.py"


def test_readme_mentions_every_command_and_build_option():
    text = README.read_text(encoding="utf-8")
    sub = _parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    for name, parser in sub.choices.items():
        assert f"source-stance {name}" in text, f"README does not document `source-stance {name}`"
        for action in parser._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, f"README does not document `{name} {opt}`"


def test_readme_setup_commands_are_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./dev test" in ci
    text = README.read_text(encoding="utf-8")
    assert "./dev build" in text and "./dev test" in text
