"""decode: bytes -> text + codec, or a reason; every codec returned re-encodes to the raw bytes."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.decode import Decoded, Undecodable, byte_offsets, decode

RU = "Переговоры между сторонами продолжились в Москве, заявил министр."
FR = "Le ministre a déclaré que l’accord sera signé à Genève — « bientôt »."
DE = "Der Außenminister äußerte sich über die Lage."
ES = "El portavoz señaló que la situación “sigue siendo tensa”."


def ok(data: bytes) -> Decoded:
    result = decode(data)
    assert isinstance(result, Decoded), result
    return result


def test_utf8_plain_and_with_bom():
    assert ok(FR.encode()).encoding == "utf-8"
    with_bom = ok(codecs.BOM_UTF8 + FR.encode())
    assert (with_bom.text, with_bom.encoding, with_bom.bom_bytes) == (FR, "utf-8", 3)


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE)])
def test_utf16_and_utf32_with_bom(codec, bom):
    d = ok(bom + RU.encode(codec))
    assert (d.text, d.encoding, d.bom_bytes) == (RU, codec, len(bom))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_for_latin_script(codec):
    text = "Talks resumed on Monday.\r\nThe minister said: déclaré.\n" * 3
    d = ok(text.encode(codec))
    assert (d.text, d.encoding, d.bom_bytes) == (text, codec, 0)


def test_bom_with_invalid_body_is_bad_encoding():
    r = decode(codecs.BOM_UTF8 + b"abc \xff\xfe def")
    assert isinstance(r, Undecodable) and r.reason == "bad_encoding"
    assert "byte 7" in r.message


@pytest.mark.parametrize(
    "text, codec",
    [(RU, "cp1251"), ("Это не так.", "cp1251"), (FR, "cp1252"), (ES, "cp1252"), ("Café – crème brûlée", "cp1252")],
)
def test_legacy_single_byte_codecs_decode_to_the_original_text(text, codec):
    d = ok(text.encode(codec))
    assert d.text == text
    assert d.encoding == codec


def test_latin1_bytes_decode_to_the_same_text():
    d = ok(DE.encode("latin-1"))
    assert d.text == DE and d.encoding in ("cp1252", "latin-1")


def test_latin1_c1_bytes_fall_back_to_latin1():
    data = b"caf\xe9 \x81 ok"  # 0x81 is undefined in cp1252
    d = ok(data)
    assert d.encoding == "latin-1" and d.text.encode("latin-1") == data


@pytest.mark.parametrize(
    "data, what",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip"),
    ],
)
def test_binary_formats_are_named(data, what):
    r = decode(data)
    assert isinstance(r, Undecodable) and r.reason == "binary" and what in r.message


def test_nul_heavy_and_control_heavy_bytes_are_binary():
    assert decode(bytes(range(256)) * 4).reason == "binary"  # type: ignore[union-attr]
    assert decode(b"abc\x00def\x00ghi\x00" * 10).reason == "binary"  # type: ignore[union-attr]
    assert decode(b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 5 + b"text").reason == "binary"  # type: ignore[union-attr]


def test_a_stray_nul_in_a_long_text_is_kept_as_text():
    data = ("A long enough article sentence. " * 100).encode() + b"\x00"
    d = ok(data)
    assert d.text.endswith("\x00")


def test_mixed_utf8_and_legacy_bytes_are_rejected_with_the_first_bad_byte():
    data = "Déclaration: « ça va » — fin.".encode() + b" caf\xe9"
    r = decode(data)
    assert isinstance(r, Undecodable) and r.reason == "mixed_encoding"
    assert f"byte {len(data) - 1} (0xe9)" in r.message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_give_a_reason_and_offsets_map_back(data):
    r = decode(data)
    if isinstance(r, Undecodable):
        assert r.reason in {"binary", "bad_encoding", "mixed_encoding"} and r.message
        return
    # the codec reproduces the raw bytes, so byte offsets are exact
    assert data[r.bom_bytes :] == r.text.encode(r.encoding)
    cuts = sorted({0, len(r.text) // 3, len(r.text) // 2, len(r.text)})
    for c, b in zip(cuts, byte_offsets(r.text, r.encoding, r.bom_bytes, cuts)):
        assert data[r.bom_bytes : b] == r.text[:c].encode(r.encoding)


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=200))
def test_any_utf8_text_without_controls_round_trips(text):
    d = decode(text.encode("utf-8"))
    assert isinstance(d, Decoded)
    assert d.text == text or d.encoding.startswith("utf-16")
