"""Incremental rebuilds: a per-input cache of what :func:`pipeline.process_input` returned.

An entry is keyed by a sha256 over

* the *context key* of the build (corpus config, the annotators' resource files, the code's own
  sha256, the versions of the libraries that shape the output, the label-affecting build options:
  see :func:`context_key`), and
* everything the input itself carries (the decoded :class:`RawText` with its raw bytes' sha256)
  plus its curated metadata entry,

so adding ten texts to a 100k corpus re-annotates ten texts, and changing a rule, a resource file,
a library version or one metadata entry re-annotates exactly what it can affect.

Entries are files ``<dir>/<key[:2]>/<key>.entry``: a magic tag, the key, a blake2b digest of the
payload, then the payload (pickle).  A reader checks all three before it trusts an entry; a
truncated, corrupt or foreign entry is ignored and recomputed (and counted), never used.  Writes go
to a temporary file renamed into place, so concurrent workers never see half an entry.  The cache
directory is trusted like the code itself (pickle): keep it private to the user that builds.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any, Optional

from source_stance.builder.ingest import RawText
from source_stance.builder.release_files import sha256_file

MAGIC = b"source-stance-cache/v1\n"
_DIGEST = 32


def input_key(context: str, raw: RawText, meta_json: Optional[str]) -> str:
    """Cache key of one input under a build context (see module doc)."""
    h = hashlib.sha256()
    h.update(context.encode() + b"\x00")
    h.update(repr(astuple(raw)).encode("utf-8", "surrogatepass") + b"\x00")
    h.update((meta_json if meta_json is not None else "\x01no-metadata").encode("utf-8"))
    return h.hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0  # entries found but not trusted (bad tag, key or digest, unreadable)

    def add(self, other: "CacheStats") -> None:
        self.hits += other.hits
        self.misses += other.misses
        self.corrupt += other.corrupt


class InputCache:
    """Files under ``root``; safe for several processes writing at once."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.stats = CacheStats()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.entry"

    def get(self, key: str) -> Any:
        """The stored value, or None when absent or not trustworthy (then it is recomputed)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except OSError:
            self.stats.corrupt += 1
            return None
        head = len(MAGIC) + 64
        payload = data[head + _DIGEST :]
        if (
            data[: len(MAGIC)] != MAGIC
            or data[len(MAGIC) : head] != key.encode()
            or data[head : head + _DIGEST] != hashlib.blake2b(payload, digest_size=_DIGEST).digest()
        ):
            self.stats.corrupt += 1
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # a digest-valid payload that does not unpickle (e.g. a class was renamed)
            self.stats.corrupt += 1
            return None
        self.stats.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        data = MAGIC + key.encode() + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
        folder = self.path(key).parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self.path(key))
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise




def _path_sha256(path: Path) -> str:
    """Content hash of a file, or of every file under a folder (e.g. a model directory: changed
    weights in the same folder must invalidate the cache)."""
    if path.is_file():
        return sha256_file(path)
    if path.is_dir():
        h = hashlib.sha256()
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(f.relative_to(path).as_posix().encode() + b"\x00" + sha256_file(f).encode())
        return "dir:" + h.hexdigest()
    return f"missing:{path}"


def context_key(corpus: Any, options: Any) -> str:
    """sha256 of everything besides the input itself that can change what an input becomes.

    The corpus config; every YAML resource in the raw folder but the metadata file (gazetteers,
    lexicons, registries: per-input metadata entries are part of each input's key instead); the
    package's code; the versions of output-shaping libraries; and every build option except where
    things are read and written (``raw_dir``, ``out_dir``) and ``strict`` (a file an option names
    counts by its content; a folder by the content of its files).
    """
    import json
    from dataclasses import asdict

    from source_stance.builder.ingest import CONFIG_SUFFIXES, iter_files
    from source_stance.builder.release import code_sha256, library_versions

    resources = {}
    for path in iter_files(corpus.raw_dir):
        rel = path.relative_to(corpus.raw_dir).as_posix()
        if path.suffix.lower() in CONFIG_SUFFIXES and rel != corpus.metadata_file and path.is_file():
            resources[rel] = sha256_file(path)
    opts = {}
    for name, value in sorted(asdict(options).items()):
        if name in ("raw_dir", "out_dir", "strict"):
            continue
        if isinstance(value, Path):
            value = _path_sha256(value)
        opts[name] = repr(value)
    parts = {
        "config": corpus.config.model_dump_json(),
        "resources": resources,
        "code": code_sha256(),
        "libraries": library_versions(),
        "options": opts,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
