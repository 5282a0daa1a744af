"""Read a plan file into text, whatever encoding the publisher used.

Government sites publish plans as UTF-8 (with or without a byte-order mark)
or as GB18030/GBK, Taiwanese and Hong Kong sources as Big5, and Windows tools
save UTF-16. :func:`decode_plan` detects which, without asking, and keeps
the decoded text exactly as published: line breaks (``\\r\\n``, ``\\r``) are
not translated, so every character offset the parser reports is an offset
into ``PlanText.raw``.

Bad input raises :class:`PlanInputError` with a one-line message that names
the file: missing, empty, binary, or undecodable. A file whose last UTF-8
character was cut off is decoded with a replacement character at the end and
the truncation is reported, so nothing is silently lost.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cityplans.errors import PlanInputError, printable

__all__ = ["MAX_BYTES", "MAX_CHARS", "PlanInputError", "PlanText", "decode_plan", "plausibility", "printable",
           "read_bytes"]

#: The most bytes a plan file may have (the longest published plans are well under 1 MiB).
MAX_BYTES = 256 * 2**20
#: The most characters a plan's text may have: 25 times the longest of the shipped plans, and a bound on the
#: parse's time (reading a plan takes time in proportion to its text; at this size, seconds).
MAX_CHARS = 1_000_000

#: Control characters that never occur in a text document (NUL and friends).
#: Tab, line feed, vertical tab, form feed and carriage return are allowed.
_CONTROL = {c for c in range(32) if c not in (9, 10, 11, 12, 13)} | {127}
#: Share of control characters above which decoded bytes are called binary.
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class PlanText:
    """A decoded plan.

    Attributes
    ----------
    raw : str
        The decoded text, byte-order mark removed, line breaks untouched.
    encoding : str
        ``"utf-8"``, ``"gb18030"``, ``"big5"``, ``"big5-hkscs"``, ``"utf-16-le"``,
        ``"utf-16-be"``, ``"utf-32-le"``, ``"utf-32-be"``, or with a
        byte-order mark ``"utf-8-sig"``, ``"utf-16"``, ``"utf-32"``.
    truncated_bytes : int
        Number of bytes at the end that formed an incomplete UTF-8 character
        (a file cut off mid-character). They are decoded as one U+FFFD.
    source : str
        Where the bytes came from (a path, or ``"<bytes>"``).
    sha256 : str
        SHA-256 of the file's bytes (:func:`cityplans.reading.formats.read_plan` only), checked against the manifest.
    """

    raw: str
    encoding: str
    truncated_bytes: int = 0
    source: str = "<bytes>"
    sha256: str = ""  # of the bytes read, when read from a file


_CONTROL_CLASS = "[" + "".join(f"\\x{c:02x}" for c in sorted(_CONTROL)) + "]"
_CONTROL_RE = {bytes: re.compile(_CONTROL_CLASS.encode()), str: re.compile(_CONTROL_CLASS)}


def _looks_binary(data: bytes | str) -> bool:
    sample = data[:65536]
    # One regex pass in C; a Python loop over the sample took over a millisecond a plan.
    controls = len(_CONTROL_RE[type(sample)].findall(sample))
    return controls > max(1, _MAX_CONTROL_SHARE * len(sample))


def decode_plan(data: bytes, source: str = "<bytes>") -> PlanText:
    """Decode the bytes of a plan, detecting the encoding.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32). Without one, text
    that is valid UTF-8 is UTF-8: other encodings of Chinese almost never
    are. Otherwise every candidate that decodes without error (GB18030,
    Big5, Big5-HKSCS, UTF-16 and UTF-32 in both byte orders) is scored by
    :func:`plausibility`, the share of its characters that are ordinary in
    a Chinese document, and the most plausible one wins. A decoder that
    merely does not fail is not enough: Big5 bytes decode as GB18030 into
    nonsense.

    Parameters
    ----------
    data : bytes
        The file's content.
    source : str
        A name for messages.

    Returns
    -------
    PlanText

    Raises
    ------
    PlanInputError
        Empty (or whitespace-only), binary, or undecodable input.

    Examples
    --------
    >>> decode_plan("一、总体要求".encode("gb18030")).encoding
    'gb18030'
    >>> decode_plan("一、總體要求，牽頭單位".encode("big5")).encoding
    'big5'
    >>> decode_plan("一、总体要求".encode("utf-16-le")).encoding
    'utf-16-le'
    >>> decode_plan(b"\\xef\\xbb\\xbf1. ok").raw
    '1. ok'
    """
    if not data:
        raise PlanInputError(f"{source}: empty file (0 bytes); it needs the plan's text")
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(PlanText(data[len(bom):].decode(encoding), name, 0, source))
            except UnicodeDecodeError as exc:
                raise PlanInputError(f"{source}: broken {encoding.upper()} at byte {exc.start + len(bom)}; "
                                     "save the plan again as UTF-8 text") from None
    try:
        return _checked(PlanText(data.decode("utf-8"), "utf-8", 0, source))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # A UTF-8 file cut off in the middle of its last character: everything
    # before the cut is valid UTF-8. Keep it, mark the cut with U+FFFD.
    if utf8_error.reason == "unexpected end of data" and utf8_error.end == len(data):
        head = data[: utf8_error.start].decode("utf-8")
        cut = len(data) - utf8_error.start
        return _checked(PlanText(head + "\ufffd", "utf-8", cut, source))
    best = _most_plausible(data)
    if best is None:
        if _looks_binary(data):
            raise PlanInputError(f"{source}: binary file, not text (control bytes such as NUL); "
                                 "give the plan as plain text")
        raise PlanInputError(
            f"{source}: undecodable bytes: not UTF-8 (byte {utf8_error.start}), GB18030, Big5, Big5-HKSCS or "
            "UTF-16/32; save the plan as UTF-8 text")
    return _checked(PlanText(best[1], best[0], 0, source))


#: Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
#: Reported by Python's name for the encoding with a mark (``utf-8-sig``, ``utf-16``, ``utf-32``).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
         (codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"))
#: Encodings tried when the bytes are not UTF-8, as (name reported, Python codec).
#: cp950 is Big5 as Windows writes it (a superset of plain Big5).
#: Big5-HKSCS (Hong Kong's Big5, with characters such as 衞 that cp950 lacks) comes after it: on a tie
#: the earlier candidate wins, so plain Big5 is still reported as Big5.
_CANDIDATES = (("gb18030", "gb18030"), ("big5", "cp950"), ("big5-hkscs", "big5hkscs"), ("utf-16-le", "utf-16-le"),
               ("utf-16-be", "utf-16-be"), ("utf-32-le", "utf-32-le"), ("utf-32-be", "utf-32-be"))
#: Below this share of ordinary characters a decoding is called nonsense.
MIN_PLAUSIBILITY = 0.75


def _most_plausible(data: bytes) -> tuple[str, str] | None:
    scored = []
    for name, codec in _CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((plausibility(text), name, text))
    if not scored:
        return None
    score, name, text = max(scored, key=lambda s: s[0])  # ties: the earlier candidate
    return (name, text) if score >= MIN_PLAUSIBILITY else None


@lru_cache(maxsize=1)
def _ordinary_hanzi() -> frozenset[str]:
    """The most common characters of both scripts, taken from the national standards' own frequency tiers.

    GB 2312 level 1 (rows 16-55: the 3,755 most used simplified characters)
    and Big5's frequently used characters (A440-C67E: 5,401 traditional
    ones). Mojibake lands mostly outside both.
    """
    chars = set()
    for lead in range(0xB0, 0xD8):
        chars |= set(bytes(b for t in range(0xA1, 0xFF) for b in (lead, t)).decode("gb2312", "ignore"))
    for lead in range(0xA4, 0xC7):
        trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
        chars |= set(bytes(b for t in trails for b in (lead, t)).decode("big5", "ignore"))
    return frozenset(chars)


@lru_cache(maxsize=1)
def _ordinary_table() -> dict[int, None]:
    return dict.fromkeys(map(ord, _ordinary_hanzi()))


_ORDINARY_OTHER = re.compile(r"[\t\n\r\x20-\x7e\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u00b7\u2160-\u216b"
                             r"\u2460-\u24ff\u25a0-\u25ff]")


def plausibility(text: str, sample: int = 20000) -> float:
    """Share of the characters of ``text`` (its first ``sample``) that are ordinary in a Chinese document.

    Ordinary: ASCII, CJK and full-width punctuation, dashes and quotes,
    circled and Roman numerals, and the common characters of either script
    (:func:`_ordinary_hanzi`). A plan in any script scores near 1; text
    decoded with the wrong codec scores far lower.

    Examples
    --------
    >>> plausibility("一、总体要求（一）") > 0.9
    True
    >>> text = "一、總體要求，牽頭單位：市衛生健康委".encode("big5").decode("gb18030")
    >>> plausibility(text) < MIN_PLAUSIBILITY
    True
    """
    part = text[:sample]
    if not part:
        return 0.0
    rest = _ORDINARY_OTHER.sub("", part)
    uncommon = rest.translate(_ordinary_table())  # deletes the common characters, in C
    return (len(part) - len(uncommon)) / len(part)


def _checked(plan: PlanText) -> PlanText:
    if not plan.raw.strip():
        raise PlanInputError(f"{plan.source}: empty file (only white space); it needs the plan's text")
    if _looks_binary(plan.raw):
        raise PlanInputError(f"{plan.source}: binary file, not text (control characters); give the plan as plain text")
    return plan


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one plan file, refused with a one-line reason when it cannot be one.

    Only a regular file is read (a FIFO, device or socket is refused before
    it is opened, so nothing blocks), and at most :data:`MAX_BYTES`. The
    plan's text comes from :func:`cityplans.reading.formats.read_plan`.

    Raises
    ------
    PlanInputError
        Missing file, a directory or other non-regular file, too large, unreadable.
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PlanInputError(f"{path}: is a directory, not a plan file; "
                                 "give the plan files, or the folder to `cityplans parse`")
        if not stat.S_ISREG(info.st_mode):
            raise PlanInputError(f"{path}: not a regular file (a FIFO, device or socket); give a plan file")
        if info.st_size > MAX_BYTES:
            raise PlanInputError(f"{path}: {info.st_size / 2**20:.0f} MiB, more than a plan's {MAX_BYTES // 2**20} "
                                 "MiB; split it into plans")
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise PlanInputError(f"{path}: no such file; check the path (or the file column of plans.csv)") from None
    except OSError as exc:
        raise PlanInputError(f"{path}: cannot read ({exc.strerror}); check its permissions") from None
    if len(data) > MAX_BYTES:
        raise PlanInputError(f"{path}: more than {MAX_BYTES // 2**20} MiB; split it into plans")
    return data
