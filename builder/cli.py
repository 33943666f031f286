"""Command line: ``source-stance build`` (and ``python -m source_stance.builder``).

Exit codes: 0 success; 1 ``--strict`` and inputs were rejected; 2 configuration or usage error;
3 release error (exists with other content, fails verification, output not writable); 4 internal error (a bug).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from source_stance.builder.errors import ReleaseError, SourceStanceError, StrictRejectError


def offline() -> None:
    """Never let `datasets`/`huggingface_hub` wait on the network for a local folder."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="source-stance",
        description="Build versioned, labelled Parquet datasets of conflict coverage from raw texts.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="build a release from the raw folder", description="Build a release from the raw folder.")
    b.add_argument("--raw", type=Path, default=Path("raw"), metavar="DIR", help="raw folder with corpus.yaml and texts (default: raw)")
    b.add_argument("--out", type=Path, default=Path("dist"), metavar="DIR", help="folder that receives <name>-<version>/ (default: dist)")
    b.add_argument("--strict", action="store_true", help="exit 1 if any input is rejected")
    b.add_argument(
        "--ignore-metadata",
        action="store_true",
        help="ignore curated metadata and label every text automatically (to evaluate the annotators)",
    )
    cols = b.add_argument_group("tabular inputs (JSONL, CSV, Parquet): column names, overriding `input:` in corpus.yaml")
    for name in INPUT_COLUMN_OPTIONS:
        flag = "--" + name.replace("_", "-")
        cols.add_argument(flag, dest=name, metavar="NAME", help=f"column holding the {name.removesuffix('_column').replace('_', ' ')}")
    run_ = b.add_argument_group("execution (none of these changes a byte of the release)")
    run_.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    run_.add_argument("--engine", choices=("local", "dask"), default="local", help="local process pool (default) or dask.distributed")
    run_.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: an existing scheduler (default: start a LocalCluster)")
    run_.add_argument("--cache", type=Path, metavar="DIR", help="incremental-rebuild cache folder (default: <out>/.cache)")
    run_.add_argument("--no-cache", action="store_true", help="annotate every input afresh and keep no cache")
    run_.add_argument("--shard-size", type=int, default=1000, metavar="N", help="inputs per shard (default: 1000); sets how rows are cut into files")
    run_.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    b.add_argument(
        "--text-free",
        action="store_true",
        help="withhold every text (ids, offsets and hashes only); without it only texts whose rights_status is restricted are withheld",
    )
    b.set_defaults(func=cmd_build)
    from source_stance.builder.cli_release import add_release_commands

    add_release_commands(sub)
    from source_stance.builder.cli_claims import add_claims_commands

    add_claims_commands(sub, b)
    return p


SMALL_SPLIT_DOCUMENTS = 30
#: `build` options naming tabular-input columns (fields of schema.config.InputColumns).
INPUT_COLUMN_OPTIONS = (
    "text_column", "html_column", "url_column", "title_column", "date_column", "site_name_column", "author_column", "id_column",
)


def _print_split_warnings(counts: dict[str, dict[str, int]]) -> None:
    for config, by_split in sorted(counts.items()):
        total = sum(by_split.values())
        for split, n in by_split.items():
            if n == 0:
                print(f"  note: {config}/{split} is EMPTY (too few groups to fill every split)")
            elif n / total < 0.05 or (config == "documents" and n < SMALL_SPLIT_DOCUMENTS):
                print(f"  note: {config}/{split} is small ({n} of {total} rows): figures on it are anecdotal")


def cmd_build(args: argparse.Namespace) -> int:
    from source_stance.builder.engine import ExecutionOptions, start_process_server

    execution = ExecutionOptions(
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        cache_dir=args.cache,
        use_cache=not args.no_cache,
        quiet=args.quiet,
        shard_size=args.shard_size,
    )
    start_process_server(execution)  # the workers' forkserver preloads while this process imports
    from source_stance.builder.pipeline import BuildOptions, run

    columns = tuple((n, getattr(args, n)) for n in INPUT_COLUMN_OPTIONS if getattr(args, n, None))
    options = BuildOptions(
        raw_dir=args.raw, out_dir=args.out, strict=args.strict, ignore_metadata=args.ignore_metadata, claim_model=args.claim_model, input_columns=columns
    )
    from source_stance.builder.release import check_out_dir

    check_out_dir(args.out, args.raw)  # before any work
    output = run(options, execution)
    try:
        return _report_and_publish(args, output)
    finally:
        output.cleanup()


def _report_and_publish(args: argparse.Namespace, output) -> int:  # type: ignore[no-untyped-def]
    from source_stance.builder.card import CONFIGS
    from source_stance.builder.release import publish
    from source_stance.schema.vocab import SPLITS
    from source_stance.builder.report import console_lines, strict_problems

    print("\n".join(console_lines(output)))
    problems = strict_problems(output) if args.strict else []
    if problems:
        names = ", ".join(sorted({r.source_file for r in output.rejects}))
        missing = len(problems) - len(output.rejects)
        raise StrictRejectError(
            f"--strict: {len(output.rejects)} input(s) rejected: {names}"
            + (f"; {missing} metadata entr{'y' if missing == 1 else 'ies'} without a file" if missing else "")
            + "; nothing was published:\n"
            + "\n".join(f"  {p}" for p in problems),
            fix="fix or remove the inputs and metadata entries listed above, or build without --strict",
        )
    result = publish(output, args.out, text_free=args.text_free)
    m = result.manifest
    counts = m["row_counts"]
    print(
        f"{'wrote' if result.created else 'unchanged (identical release exists):'} {result.path} — "
        f"{sum(counts['documents'].values())} documents, {sum(counts['sentences'].values())} sentences"
    )
    for config in CONFIGS:
        print(f"  {config}: " + ", ".join(f"{s}={counts[config][s]}" for s in SPLITS))
    _print_split_warnings(counts)
    if not args.quiet:
        print(output.summary)
    return 0


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C: temporary folders are removed on the way out


def main(argv: Sequence[str] | None = None) -> int:
    import signal
    import threading

    offline()
    args = _parser().parse_args(argv)
    from source_stance.builder.memory import use_lean_arrow_pool

    use_lean_arrow_pool()  # this process is ours: the allocator that gives memory back (builder/memory.py)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm) if in_main_thread else None
    try:
        return args.func(args)
    except SourceStanceError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except OSError as e:  # disk full, permissions, I/O error outside the places that say more
        where = f"{e.filename}: " if e.filename else ""
        print(f"error: {where}{e.strerror or e}\n  fix: check free disk space and the permissions of the output folder; nothing was published", file=sys.stderr)
        return ReleaseError.exit_code
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
