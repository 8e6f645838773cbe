"""Turn bytes into text, or say plainly why they are not text."""

from __future__ import annotations

import codecs
import re
import unicodedata

from pipeline.ingest.errors import IngestError

# A well-formed UTF-8 multi-byte sequence.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Above this share of control characters, "text" is binary data that happened to decode.
MAX_CONTROL_SHARE = 0.05

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF file (WebP image, WAV audio...)"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding name).

    BOMs are honoured (UTF-8, UTF-16, UTF-32); otherwise UTF-8 is tried; a file that is
    UTF-8 with damaged bytes is rejected with the byte and line; anything else is a legacy
    encoding (see :func:`_legacy`). Binary data raises :class:`IngestError`.
    """
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise IngestError(f"binary file ({what}), not an article", code="binary")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc}",
                    code="encoding",
                ) from exc
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise IngestError("binary file (contains NUL bytes), not an article", code="binary")
    try:
        return _not_binary(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    _reject_broken_utf8(data, first_error)
    return _legacy(data)


def _legacy(data: bytes) -> tuple[str, str]:
    """Decode a file that is not UTF-8.

    medlint reads English, so an 8-bit file is most likely Windows-1252 (a superset of the
    printable Latin-1). charset-normalizer is asked first, and its answer is kept when it
    names a multi-byte or non-Western encoding (Shift-JIS, KOI8-R...): the language check
    then reports such articles plainly instead of auditing mojibake.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and not _western(best.encoding):
        return _not_binary(str(best)), best.encoding
    for encoding in ("cp1252", "latin-1"):
        try:
            return _not_binary(data.decode(encoding)), encoding
        except UnicodeDecodeError:
            continue
    raise IngestError(  # pragma: no cover - latin-1 decodes any bytes
        "not valid UTF-8 and no other text encoding fits; save the file as UTF-8",
        code="encoding")


def _western(encoding: str) -> bool:
    name = encoding.lower().replace("-", "_")
    return name.startswith(("cp125", "latin", "iso8859", "mac_", "cp437", "cp850", "ascii",
                            "windows_125"))


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark: NUL in every other byte (ASCII-range
    text), on the odd bytes for little-endian, the even ones for big-endian."""
    sample = data[:8192]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for nuls, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if nuls.count(0) >= 0.9 * len(nuls):
            try:
                return _not_binary(data.decode(encoding)), encoding
            except UnicodeDecodeError:
                return None
    return None


def _reject_broken_utf8(data: bytes, error: UnicodeDecodeError) -> None:
    """A file that is mostly UTF-8 with some broken bytes is damaged, not Latin-1: say where.

    A legacy 8-bit file (Latin-1, Windows-1252) has no well-formed UTF-8 sequences, or
    fewer than it has bad bytes; it is decoded with the best-fitting encoding instead.
    """
    valid = len(_UTF8_MULTIBYTE.findall(data))
    invalid = len(data.decode("utf-8", "replace")) - len(data.decode("utf-8", "ignore"))
    if valid >= 2 and valid >= invalid:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(
            f"invalid UTF-8 at byte {error.start} (line {line}): {error.reason}; the file "
            "mixes encodings or is damaged; save it as UTF-8", code="encoding")


def _not_binary(text: str) -> str:
    """Reject decoded "text" that is mostly control characters."""
    if not text:
        return text
    sample = text[:65536]
    controls = sum(1 for ch in sample
                   if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls / len(sample) > MAX_CONTROL_SHARE:
        raise IngestError(
            f"binary data ({controls} control characters in the first {len(sample)}), "
            "not an article", code="binary")
    return text
