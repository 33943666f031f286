"""The dataset builder: stages (ingest, clean, segment, annotate, split, write) and their wiring.

Import it as ``source_stance.builder``.
"""
