"""Turn bytes into text, or say plainly why they are not text."""

from __future__ import annotations

import codecs

from pipeline.ingest.errors import IngestError

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

    BOMs are honoured (UTF-8, UTF-16, UTF-32); otherwise UTF-8 is tried, then
    charset-normalizer's best guess. Binary data raises :class:`IngestError`.
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
        raise IngestError("binary file (contains NUL bytes), not an article", code="binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(
            "not valid UTF-8 and no other text encoding fits; save the file as UTF-8",
            code="encoding",
        )
    return str(best), best.encoding
