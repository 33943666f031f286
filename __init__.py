"""source-stance: build versioned, labelled Parquet datasets of conflict coverage from raw texts.

The repository root is the ``source_stance`` package: ``builder/`` and ``schema/`` install as
``source_stance.builder`` and ``source_stance.schema`` so they never clash with the unrelated PyPI
packages named ``builder`` and ``schema``.
"""

__version__ = "0.1.0"
