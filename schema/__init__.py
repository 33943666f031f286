"""source-stance record types and label vocabularies: the single source of truth.

Installed as ``source_stance.schema`` (never as a top-level ``schema``: that name belongs to an
unrelated PyPI package).
"""
