"""Claim annotation columns of the ``sentences`` config.

Placeholder until the claims issue lands: no claim columns yet.
"""

from __future__ import annotations

from source_stance.schema.fields import Field

CLAIM_FIELDS: tuple[Field, ...] = ()
