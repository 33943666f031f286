"""Pure core: raw bytes -> text and the codec used, or the reason the bytes are not a text.

The decoded text keeps line ends and Unicode normalisation exactly as in the file (only a
byte-order mark is removed), so offsets into it can be found in the raw file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec name as Python spells it
    bom_bytes: int  # length of the byte-order mark that preceded the text


@dataclass(frozen=True)
class Undecodable:
    reason: str  # `<reason>` part of the reject code `ingest.<reason>`
    message: str


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many C0 control characters: not a text file (checked on the first 64 KiB)."""
    head = data[:65536]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 100)


def _legacy(data: bytes) -> tuple[str, str]:
    """Pick a single-byte codec: cp1251 when the text reads as Cyrillic, else cp1252, else latin-1."""
    try:
        as_1251 = data.decode("cp1251")
    except UnicodeDecodeError:
        as_1251 = None
    if as_1251 is not None:
        letters = [c for c in as_1251 if c.isalpha() and ord(c) > 127]
        cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
        if letters and cyr / len(letters) > 0.9 and cyr >= 3:
            return as_1251, "cp1251"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode(data: bytes) -> Decoded | Undecodable:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(codec), codec, len(bom))
            except UnicodeDecodeError as e:
                return Undecodable(
                    "bad_encoding",
                    f"starts with a {codec} byte-order mark but byte {e.start + len(bom)} is not valid {codec}",
                )
    if _looks_binary(data):
        return Undecodable("binary", "contains NUL bytes or control characters: not a text file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        text, codec = _legacy(data)
        return Decoded(text, codec, 0)


def byte_offsets(text: str, encoding: str, bom_bytes: int, char_offsets: list[int]) -> list[int]:
    """Byte positions in the raw file of ascending code-point offsets into ``text``.

    Encodes only the slices between consecutive offsets, so it is linear in the text length.
    """
    out: list[int] = []
    pos_char, pos_byte = 0, bom_bytes
    for off in char_offsets:
        if off < pos_char:
            raise ValueError("char_offsets must be ascending")
        pos_byte += len(text[pos_char:off].encode(encoding))
        pos_char = off
        out.append(pos_byte)
    return out
