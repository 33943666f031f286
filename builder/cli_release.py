"""Subcommands about releases: ``verify``, ``diff`` and ``datasheet`` (wired in :mod:`.cli`)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from source_stance.builder.errors import ConfigError, ReleaseError

PLOTS_DIR = Path("docs") / "plots"


def add_release_commands(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser(
        "verify",
        help="check a release against its manifest (sha256, schemas, offsets, row counts)",
        description="Check a release folder: sha256 and size of every file against manifest.json, no missing or extra "
        "files, Parquet schemas equal to the schema the code derives, sentence offsets and text hashes, row counts. "
        "Exit 3 naming every problem.",
    )
    v.add_argument("release", type=Path, metavar="RELEASE", help="release folder, e.g. dist/<name>-<version>")
    v.set_defaults(func=cmd_verify)
    d = sub.add_parser(
        "diff",
        help="what changed between two releases, and the version bump it needs",
        description="Documents added/removed/changed, label flips by field, records that moved split and schema changes "
        "between two releases, in CHANGELOG.md form, with the semver bump the changes need.",
    )
    d.add_argument("old", type=Path, metavar="OLD", help="the earlier release folder")
    d.add_argument("new", type=Path, metavar="NEW", help="the later release folder")
    d.set_defaults(func=cmd_diff)
    s = sub.add_parser(
        "datasheet",
        help="regenerate the figures of DATASHEET.md from a fresh build of the raw folder",
        description="Rewrite the generated blocks (<!-- BEGIN GENERATED: name --> ... <!-- END GENERATED -->) of "
        "DATASHEET.md and its plots from a release: a fresh build of --raw in a temporary folder, or --release.",
    )
    s.add_argument("--raw", type=Path, default=Path("raw"), metavar="DIR", help="raw folder to build (default: raw)")
    s.add_argument("--release", type=Path, metavar="DIR", help="take the figures from this release instead of building")
    s.add_argument("--file", type=Path, default=Path("DATASHEET.md"), metavar="PATH", help="datasheet to update (default: DATASHEET.md)")
    s.add_argument("--check", action="store_true", help="change nothing; exit 1 naming the stale blocks if any")
    s.set_defaults(func=cmd_datasheet)


def cmd_verify(args: argparse.Namespace) -> int:
    from source_stance.builder.verify import require_intact

    require_intact(args.release)
    print(f"ok: {args.release} verifies (files and sha256, Parquet schemas, row counts, offsets)")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from source_stance.builder.diff import BUMPS, bump_between, diff_releases, next_version, render_changelog, required_bump
    from source_stance.builder.reading import read_release

    from source_stance.builder.reading import SKIPPED_FOR_DESCRIPTION

    old = read_release(args.old, skip=SKIPPED_FOR_DESCRIPTION, sentences=False)
    new = read_release(args.new, skip=SKIPPED_FOR_DESCRIPTION, sentences=False)
    if old.name != new.name:
        print(f"note: comparing different datasets ({old.name} vs {new.name})")
    d = diff_releases(old, new)
    print(render_changelog(d, new.name, new.version, old.version), end="")
    need, why = required_bump(d)
    have = bump_between(old.version, new.version)
    print(f"\nsuggested bump: {need.upper()}" + (f" -> {next_version(old.version, need)}" if need != "none" else "") + (f" ({'; '.join(why)})" if why else ""))
    if have in BUMPS and BUMPS.index(have) < BUMPS.index(need):
        print(f"warning: {new.version} is only a {have.upper()} bump over {old.version}; `build` refuses such a release")
    return 0


def _fresh_release(raw: Path, out: Path) -> Path:
    from source_stance.builder.pipeline import BuildOptions, run
    from source_stance.builder.release import publish

    output = run(BuildOptions(raw_dir=raw, out_dir=out))
    try:
        return publish(output, out).path
    finally:
        cleanup = getattr(output, "cleanup", None)
        if cleanup is not None:
            cleanup()


def cmd_datasheet(args: argparse.Namespace) -> int:
    from source_stance.builder.datasheet import fill, release_blocks, stale_blocks

    if not args.file.is_file():
        raise ConfigError(f"{args.file} not found", fix="run from the project root, or pass --file PATH")
    text = args.file.read_text(encoding="utf-8")
    plots_dir = args.file.parent / PLOTS_DIR
    with tempfile.TemporaryDirectory(prefix="source-stance-datasheet-") as tmp:
        release = args.release or _fresh_release(args.raw, Path(tmp))
        if not (release / "DATASHEET.md").is_file():
            raise ReleaseError("the release has no DATASHEET.md", path=str(release), fix="rebuild it with this version of source-stance")
        blocks = release_blocks(release, PLOTS_DIR.as_posix() + "/")
        stale = stale_blocks(text, blocks)
        plots = sorted((release / "plots").glob("*.png")) if (release / "plots").is_dir() else []
        stale_plots = [p.name for p in plots if not (plots_dir / p.name).is_file() or (plots_dir / p.name).read_bytes() != p.read_bytes()]
        if args.check:
            if stale or stale_plots:
                print(f"{args.file} is stale: blocks {', '.join(stale) or 'none'}; plots {', '.join(stale_plots) or 'none'}")
                print("fix: run `source-stance datasheet` and commit the result")
                return 1
            print(f"{args.file} is up to date")
            return 0
        args.file.write_text(fill(text, blocks), encoding="utf-8", newline="\n")
        plots_dir.mkdir(parents=True, exist_ok=True)
        for p in plots:
            shutil.copyfile(p, plots_dir / p.name)
    print(f"updated {args.file}: {len(stale)} block(s) changed ({', '.join(stale) or 'none'}), {len(stale_plots)} plot(s) rewritten")
    return 0
