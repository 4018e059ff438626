"""Making text from a data file inert for a terminal: no escapes, no controls, no bidi tricks."""

from __future__ import annotations

import re

# C0 and C1 controls (ESC starts ANSI/OSC sequences), DEL, and the invisible formatting
# characters that can reorder or hide text: bidi embeddings, overrides and isolates, zero-width
# characters, the word joiner, the BOM. Tab and newline are handled separately.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control or invisible character shown as a visible escape (`\\x1b`).

    Newlines become spaces unless `keep_newlines`; tabs become spaces.
    """
    if not keep_newlines and ("\n" in text or "\r" in text):
        text = _NEWLINES.sub(" ", text)
    text = text.replace("\t", " ")
    if keep_newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(_HIDDEN.sub(_visible, line) for line in text.split("\n"))
    return _HIDDEN.sub(_visible, text)


def undecodable(text: str) -> bool:
    """True for text holding bytes that were not UTF-8: Python keeps each such byte of a
    command line or file name as a lone surrogate ("\\udce9"), which no UTF-8 file can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


NOT_UTF8 = "is not UTF-8 text: set your terminal to UTF-8, or write it in the file by hand"
