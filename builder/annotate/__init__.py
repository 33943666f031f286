"""Annotators: pure functions from a document (or its sentences) to labels with provenance."""
