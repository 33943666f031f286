"""Pure core: raw bytes -> text and the codec used, or the reason the bytes are not a text.

The decoded text keeps line ends and Unicode normalisation exactly as in the file (only a
byte-order mark is removed), so offsets into it can be found in the raw file: every codec this
module returns is one where re-encoding a slice of the text gives back its bytes.

Decision order (first match wins):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) names the codec;
2. a known binary signature (PDF, ZIP/Office, gzip, images, ...) -> ``binary``, naming the format;
3. UTF-16 without a BOM, recognised by NUL bytes on one side of almost every ASCII code unit;
4. more than one NUL byte per 1,000 bytes, or many C0 control characters -> ``binary``;
5. valid UTF-8 -> ``utf-8``;
6. mostly valid UTF-8 with a few invalid bytes (a file edited with two encodings) ->
   ``mixed_encoding`` naming the first bad byte, because any single guess would garble part of it;
7. otherwise a single-byte legacy codec: ``cp1251`` when its words read as Cyrillic (no Latin
   letters mixed into them), else
   ``cp1252``, else ``latin-1`` (which decodes any byte).

charset-normalizer (installed with requests) was measured against step 7 on short texts and did not
do better (see tests/builder/test_decode.py and the commit message); it is not used.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Leading bytes of common non-text formats that end up in crawl folders, and what to do with them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
)

_HEAD = 65536
# a well-formed multi-byte UTF-8 sequence
_WORD = re.compile(r"[^\W\d_]+")
_ESCAPED = re.compile("[\udc80-\udcff]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec name as Python spells it
    bom_bytes: int  # length of the byte-order mark that preceded the text


@dataclass(frozen=True)
class Undecodable:
    reason: str  # `<reason>` part of the reject code `ingest.<reason>`
    message: str


def _signature(data: bytes) -> str | None:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return what
    return None


def binary_reason(head: bytes) -> str | None:
    """Why the first bytes of a file say it is not text (a known binary format, NUL-heavy or
    control-heavy bytes), or None.  For readers of text formats (CSV, JSONL) before they parse."""
    what = _signature(head)
    if what:
        return f"looks like {what}, not plain text"
    if not head.startswith(tuple(b for b, _ in _BOMS)) and not _utf16_without_bom(head) and _looks_binary(head):
        return "contains NUL bytes or many control characters: not a text file"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes look like BOM-less UTF-16, else None.

    Text in a Latin script encoded as UTF-16 has a NUL in the high byte of nearly every code unit
    (U+0000..U+00FF) and almost never in the low byte; we require that pattern on >= 60% of the
    units, on one side only, and a clean decode with no control characters besides line ends and
    tabs.  BOM-less UTF-16 of other scripts has too few NULs to tell from binary: it is rejected as
    binary, and the message says to add a byte-order mark.
    """
    head = data[: _HEAD - (_HEAD % 2)]
    if len(data) % 2 or len(head) < 4:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    units = len(head) // 2
    for codec, on, off in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if on >= 0.6 * units and off <= 0.01 * units:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if _control_count(text[:_HEAD]) == 0:
                return codec
    return None


def _control_count(text: str) -> int:
    return sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\f\r") or c == "\x7f")


def _looks_binary(data: bytes) -> bool:
    """Not a text file: more than one NUL byte per 1,000 bytes, or many C0 control characters.

    Checked on the first 64 KiB.  A stray NUL in a long text (a truncated write) is tolerated: the
    text is kept and the normalise stage leaves control characters out of the document text.
    """
    head = data[:_HEAD]
    if head.count(0) > len(head) // 1000:
        return True
    controls = len(head.translate(None, _NOT_COUNTED_CONTROL))  # C0 controls other than NUL, \t, \n, \f, \r
    return controls > max(8, len(head) // 100)


_NOT_COUNTED_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (0, 9, 10, 12, 13)))


def _reads_as_cyrillic(text: str) -> bool:
    """Whole words in Cyrillic, not Latin words with a stray Cyrillic letter (what cp1252 text
    decoded as cp1251 looks like: ``Genиve``)."""
    cyr_words = mixed = 0
    for word in _WORD.findall(text):
        has_cyr = any("\u0400" <= c <= "\u04ff" for c in word)
        if not has_cyr:
            continue
        cyr_words += 1
        mixed += any("a" <= c.lower() <= "z" for c in word)
    return cyr_words >= 1 and mixed <= 0.1 * cyr_words


def _legacy(data: bytes) -> tuple[str, str]:
    """Pick a single-byte codec: cp1251 when the text reads as Cyrillic, else cp1252, else latin-1."""
    try:
        as_1251 = data.decode("cp1251")
    except UnicodeDecodeError:
        as_1251 = None
    if as_1251 is not None and _reads_as_cyrillic(as_1251[:_HEAD]):
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
    what = _signature(data)
    if what:
        return Undecodable("binary", f"looks like {what}, not plain text; extract its text to a .txt file")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(data.decode(utf16), utf16, 0)
    if _looks_binary(data):
        return Undecodable(
            "binary",
            "contains NUL bytes or many control characters: not a text file (if it is UTF-16 text, save it with a byte-order mark)",
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError as e:
        first_bad = e.start
    multibyte = len(_UTF8_MULTIBYTE.findall(data))
    if multibyte >= 2 and multibyte >= _invalid_utf8_count(data):
        return Undecodable(
            "mixed_encoding",
            f"mostly UTF-8 but byte {first_bad} (0x{data[first_bad]:02x}) is not valid UTF-8: the file mixes "
            "two encodings and any single guess would garble part of it; re-save it as UTF-8",
        )
    text, codec = _legacy(data)
    return Decoded(text, codec, 0)


def _invalid_utf8_count(data: bytes) -> int:
    """Bytes that are not part of a valid UTF-8 sequence (each becomes one lone surrogate)."""
    return len(_ESCAPED.findall(data.decode("utf-8", "surrogateescape")))


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
