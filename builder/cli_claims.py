"""Command line for the annotators' evaluation: ``source-stance evaluate``, and ``build --claim-model``.

``evaluate`` builds the raw folder with curated labels hidden and scores the automatic annotators
against them: sentence claims against the curated claim gold (:mod:`.evaluate`) and document labels
against the curated metadata (:mod:`.evaluate_documents`).  Exit 2 when there is nothing curated to
score against.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_claims_commands(sub: argparse._SubParsersAction, build: argparse.ArgumentParser) -> None:
    """Register ``evaluate`` and add ``--claim-model`` to ``build``."""
    build.add_argument(
        "--claim-model",
        type=Path,
        metavar="DIR",
        help="local transformers text-classification model directory that labels claim_kind instead of the rules "
        "(optional extra `model`); curated gold still wins",
    )
    e = sub.add_parser(
        "evaluate",
        help="score the automatic annotators against the curated labels",
        description="Build the raw folder with curated labels hidden and score the automatic annotators against them "
        "(precision/recall/F1 per label, confusion matrices).",
    )
    e.add_argument("--raw", type=Path, default=Path("raw"), metavar="DIR", help="raw folder with corpus.yaml and texts (default: raw)")
    e.add_argument(
        "--what",
        choices=("claims", "documents", "all"),
        default="all",
        help="sentence claims vs the claim gold, document labels vs the metadata, or both (default: all)",
    )
    e.add_argument("--claim-model", type=Path, metavar="DIR", help="evaluate this claim model instead of the claim rules")
    e.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    e.add_argument("--show-disagreements", action="store_true", help="list every sentence or document where annotator and curator disagree")
    e.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from source_stance.builder.errors import ConfigError

    figures: dict[str, object] = {}
    skipped: list[str] = []
    if args.what in ("claims", "all"):
        from source_stance.builder.evaluate import evaluate_claims, render_evaluation

        try:
            ev = evaluate_claims(args.raw, claim_model=args.claim_model)
        except ConfigError as err:
            if args.what == "claims" or "no curated claim gold" not in err.message:
                raise
            skipped.append(str(err))
        else:
            print(render_evaluation(ev, show_disagreements=args.show_disagreements))
            figures["claims"] = ev.to_dict()
    if args.what in ("documents", "all"):
        from source_stance.builder.evaluate_documents import evaluate_documents, render_document_evaluation

        try:
            dev = evaluate_documents(args.raw)
        except ConfigError as err:
            if args.what == "documents" or "claims" not in figures:
                if args.what == "all" and skipped:
                    raise ConfigError(
                        "nothing curated to evaluate against: " + "; ".join(s.splitlines()[0] for s in [*skipped, str(err)]),
                        fix="add curated metadata (metadata.yaml) or a claims gold file (claims_gold in corpus.yaml)",
                    ) from None
                raise
            skipped.append(str(err))
        else:
            print(render_document_evaluation(dev, show_disagreements=args.show_disagreements))
            figures["documents"] = dev.to_dict()
    for s in skipped:
        print(f"note: skipped: {s.splitlines()[0]}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0
