"""From raw bytes to text: size limit, binary detection, decoding, newline normalisation.

Decoding policy (documented in ``newsvet.read``):

1. A UTF-8 byte-order mark is dropped, then the bytes are decoded as strict UTF-8. (Bytes that
   start with a UTF-16 byte-order mark are decoded as UTF-16.)
2. If that fails and the bytes hold no valid multi-byte UTF-8 sequence at all, they are taken
   to be a legacy single-byte encoding and decoded as Windows-1252 (the usual encoding of
   old newsroom and Windows files), provided every byte is defined in it.
3. Otherwise the input is refused with the byte offset of the first invalid byte: a file that
   is mostly UTF-8 with a damaged byte would decode to mojibake under any fallback, and
   silently changed text would make every later offset and quote wrong.
"""

from __future__ import annotations

import logging
import re
from typing import BinaryIO

from newsvet.errors import InputError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters that never occur in text (tab, newline, vertical tab, form feed and
# carriage return do). DEL is counted too.
_CONTROL_BYTES = bytes([*range(0, 9), 14, 15, *range(16, 32), 127])
_MAX_CONTROL_RATIO = 0.05
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def too_large(where: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{where} is too large: {format_size(size)} is over the limit of "
        f"{format_size(max_bytes)} (raise it with --max-size, or max_bytes= in Python)"
    )


def read_limited(stream: BinaryIO, where: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; one byte more means the input is too large.

    Reading one byte past the limit, never the whole stream, keeps a huge pipe or a
    device such as /dev/zero from filling memory or hanging the reader.
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{where} is too large: more than {format_size(max_bytes)} "
            "(raise it with --max-size, or max_bytes= in Python)"
        )
    return data


def check_not_binary(data: bytes, where: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{where} looks like a binary file, not an article: NUL byte at offset {nul}"
        )
    if not data:
        return
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls / len(data) > _MAX_CONTROL_RATIO:
        raise InputError(
            f"{where} looks like a binary file, not an article: "
            f"{controls} of {len(data)} bytes are control characters"
        )


def decode(data: bytes, where: str) -> str:
    """Decode by the policy in the module docstring; the BOM is dropped."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    if _UTF8_MULTIBYTE.search(data) is None:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass  # a byte undefined in cp1252: refuse below with the UTF-8 offset
        else:
            log.warning("%s is not UTF-8; decoded it as Windows-1252", where)
            return text
    bad = data[utf8_error.start : utf8_error.start + 1].hex()
    raise InputError(
        f"{where} is not valid UTF-8: byte 0x{bad} at offset {utf8_error.start} "
        f"({utf8_error.reason}); save the file as UTF-8"
    )


def _decode_utf16(data: bytes, where: str) -> str:
    """UTF-16 with a byte-order mark is unambiguous (Windows editors write it), so it is read
    rather than refused for its NUL bytes."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{where} starts with a UTF-16 byte-order mark but is not valid UTF-16 "
            f"(offset {err.start}: {err.reason})"
        ) from None
    if "\x00" in text:
        raise InputError(
            f"{where} looks like a binary file, not an article: it holds NUL characters"
        )
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a BOM left in decoded text is dropped. Nothing else changes,
    so offsets into the returned text are offsets into what the user sees."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def bytes_to_text(data: bytes, where: str) -> str:
    """All checks on a whole input: binary, encoding, emptiness."""
    if not data:
        raise InputError(f"{where} is empty")
    if data.startswith(_UTF16_BOMS):
        text = normalise_newlines(_decode_utf16(data, where))
    else:
        check_not_binary(data, where)
        text = normalise_newlines(decode(data, where))
    check_not_blank(text, where)
    return text


def check_not_blank(text: str, where: str) -> None:
    if not text.strip():
        raise InputError(f"{where} is empty: it holds only whitespace")
