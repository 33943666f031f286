"""The error tree.  An exception means *stop*; a bad record is a reject row, not an exception.

Every message names the file (and where possible the field, line or row) and ends with the fix.
The CLI maps each class to an exit code:

* :class:`ConfigError` (bad corpus config or metadata, missing raw folder): exit 2, before any work
* :class:`ReleaseError` (release exists with other content, verification failed): exit 3
* :class:`BuildError` (an invariant broke inside the build: a bug): exit 4
* :class:`StrictRejectError` (``--strict`` and some input was rejected): exit 1
"""

from __future__ import annotations


class SourceStanceError(Exception):
    """Base of every error the tool raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, fix: str | None = None, path: str | None = None):
        self.message = message
        self.fix = fix
        self.path = path
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        fix = f"\n  fix: {self.fix}" if self.fix else ""
        return f"{where}{self.message}{fix}"


class ConfigError(SourceStanceError):
    """Configuration, metadata or command-line input is wrong; nothing was built."""

    exit_code = 2


class ReleaseError(SourceStanceError):
    """A release cannot be published or does not verify."""

    exit_code = 3


class BuildError(SourceStanceError):
    """An internal invariant failed (offsets, accounting): a bug, please report it."""

    exit_code = 4


class StrictRejectError(SourceStanceError):
    """``--strict`` was given and at least one input was rejected."""

    exit_code = 1
