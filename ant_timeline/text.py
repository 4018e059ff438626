"""Making text from a data file inert for a terminal: no escapes, no controls, no bidi tricks."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

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
    if text.isprintable():  # the common case: every character `_HIDDEN` matches is not
        return text
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


WEB_SCHEMES = ("http", "https")
# Characters a link keeps as they are: RFC 3986's unreserved and reserved sets, and `%` so that
# an address that is already percent-encoded is not encoded twice. Anything else (quotes, angle
# brackets, parentheses, backslashes, non-ASCII) is percent-encoded, so an address can end no
# Markdown link, HTML attribute or iCalendar line early.
_URL_SAFE = "%:/?#[]@!$&'*+,;=~-._"


# Whitespace (as str.isspace() sees it) and the control characters (category Cc).
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# Most addresses: scheme, a plain host and port, then printable ASCII. Every string this
# matches passes the full test below, which is what the rest go through.
_PLAIN_WEB_URL = re.compile(r"(?i:https?)://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][!-~]*)?")


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and no spaces or control characters.

    The one test of "a web address": `check` reports a source that fails it, and no output
    makes a link of one.
    """
    if _PLAIN_WEB_URL.fullmatch(url):
        return True
    if _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unbalanced [ in the host, or a bad port
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host)


def link_url(url: str) -> str | None:
    """`url` made safe to use as a link's target, or None when it is not a web address."""
    return quote(url, safe=_URL_SAFE) if is_web_url(url) else None
