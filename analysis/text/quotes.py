"""Quotation spans: where an article quotes someone verbatim.

Straight (``"``) and curly (``“ ”``) double quotation marks are paired left to right. A quotation
may run over several sentences and paragraphs; the wire convention of opening each new quoted
paragraph without closing the previous one is followed. Unbalanced marks never raise: an opening
mark with no partner is left out. Single curly marks (``‘ ’``) are read as quotations only when
they do not sit inside a word (apostrophes such as ``Sony’s`` are not quotes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
SINGLE_OPENING = "‘"
SINGLE_CLOSING = "’"

SHORT_QUOTE_WORDS = 3
"""A quotation of at most this many words is flagged ``is_short`` (scare quotes, titles)."""

_MAX_QUOTE_CHARS = 5000
"""A pair of marks further apart than this is not one quotation (a stray mark, not a quote)."""

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_MARK = re.compile("''|\"|“|”|‘|’")
"""A quotation mark (two apostrophes first): ``''|[\"“”‘’]`` written with every alternative a
single mark, so that the regex engine skips ahead to the marks' first characters instead of
trying each position (twice as fast, the same matches)."""


@dataclass(frozen=True)
class Quote:
    """One quotation. ``start``/``end`` include the marks; ``content_*`` exclude them."""

    start: int
    end: int
    content_start: int
    content_end: int
    text: str
    is_short: bool

    @property
    def n_words(self) -> int:
        """Number of words inside the marks (>= 0)."""
        return len(_WORD.findall(self.text))


def _make_quote(text: str, open_at: int, open_width: int, close_at: int, close_width: int) -> Quote:
    content = text[open_at + open_width: close_at]
    # counting stops at the word that makes the quotation long
    n_words = sum(1 for _ in islice(_WORD.finditer(content), SHORT_QUOTE_WORDS + 1))
    return Quote(open_at, close_at + close_width, open_at + open_width, close_at, content,
                 n_words <= SHORT_QUOTE_WORDS)


def _is_opening_straight(text: str, i: int, width: int = 1) -> bool:
    """A straight mark opens a quote when no word or sentence mark precedes it and no space follows."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isalnum() or before in ".,!?;:":
        return False
    return not after.isspace()


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, in order, not overlapping.

    Two apostrophes (``''…''``, as some newspapers' feeds write quotation marks) count as a
    straight double mark. Returns an empty list for empty or quote-free text; never raises on
    unbalanced marks.
    """
    if not text:
        return []
    quotes: list[Quote] = []
    open_at: int | None = None
    open_width = 1
    open_kind = ""

    def opens_double(position: int, mark: str, width: int) -> bool:
        return mark == OPENING or (mark == STRAIGHT and _is_opening_straight(text, position, width))

    for found in _MARK.finditer(text):
        position, mark = found.start(), found.group()
        width = len(mark)
        if width == 2:
            mark = STRAIGHT  # ''
        if open_at is not None and position - open_at > _MAX_QUOTE_CHARS:
            open_at = None
        if open_at is None:
            if opens_double(position, mark, width):
                open_at, open_width, open_kind = position, width, "double"
            elif mark == SINGLE_OPENING and (position == 0 or not text[position - 1].isalnum()):
                open_at, open_width, open_kind = position, width, "single"
            continue
        if open_kind == "double":
            if mark in (SINGLE_OPENING, SINGLE_CLOSING):
                continue  # neither closes nor reopens a double quotation
            reopens = text.find("\n", open_at, position) >= 0 and opens_double(position, mark, width)
            if mark in (CLOSING, STRAIGHT) and not reopens:
                quotes.append(_make_quote(text, open_at, open_width, position, width))
                open_at = None
            elif mark in (OPENING, STRAIGHT):
                # a new opening mark before a close: the earlier quotation ran to its paragraph's end
                paragraph_end = text.find("\n", open_at, position)
                if paragraph_end > open_at:
                    quotes.append(_make_quote(text, open_at, open_width, paragraph_end, 0))
                open_at, open_width = position, width
        elif open_kind == "single" and mark == SINGLE_CLOSING:
            after = text[position + 1] if position + 1 < len(text) else " "
            if not after.isalnum():
                quotes.append(_make_quote(text, open_at, open_width, position, width))
                open_at = None
    return quotes


def inside_quote(quotes: list[Quote], offset: int) -> bool:
    """True when character ``offset`` lies inside the marks of one of ``quotes``."""
    return any(q.content_start <= offset < q.content_end for q in quotes)


def quoted_characters(quotes: list[Quote]) -> int:
    """Characters inside quotation marks, summed over ``quotes`` (>= 0)."""
    return sum(q.content_end - q.content_start for q in quotes)
