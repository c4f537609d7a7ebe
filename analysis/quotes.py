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


def _make_quote(text: str, open_at: int, close_at: int) -> Quote:
    content = text[open_at + 1 : close_at]
    n_words = len(_WORD.findall(content))
    return Quote(open_at, close_at + 1, open_at + 1, close_at, content, n_words <= SHORT_QUOTE_WORDS)


def _is_opening_straight(text: str, i: int) -> bool:
    """A straight mark opens a quote when what precedes it is not a word character."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() or before in ".,!?;:":
        return False
    return not after.isspace()


def _paragraph_reopens(text: str, close_search_from: int, next_open: int) -> bool:
    """True where a paragraph break lies between an open quote and the next opening mark:
    the wire convention of re-opening, without closing, a quotation that continues."""
    return "\n" in text[close_search_from:next_open]


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, in order, not overlapping.

    Returns an empty list for empty or quote-free text; never raises on unbalanced marks.
    """
    if not text:
        return []
    marks = [(m.start(), m.group()) for m in re.finditer(r"[\"“”‘’]", text)]
    quotes: list[Quote] = []
    open_at: int | None = None
    open_kind = ""
    for position, mark in marks:
        if open_at is None:
            if mark == OPENING or (mark == STRAIGHT and _is_opening_straight(text, position)):
                open_at, open_kind = position, "double"
            elif mark == SINGLE_OPENING and (position == 0 or not text[position - 1].isalnum()):
                open_at, open_kind = position, "single"
            continue
        if position - open_at > _MAX_QUOTE_CHARS:
            open_at = None
            if mark == OPENING or (mark == STRAIGHT and _is_opening_straight(text, position)):
                open_at, open_kind = position, "double"
            continue
        if open_kind == "double":
            if mark in (CLOSING, STRAIGHT) and not (mark == STRAIGHT and _is_opening_straight(text, position)
                                                   and _paragraph_reopens(text, open_at, position)):
                quotes.append(_make_quote(text, open_at, position))
                open_at = None
            elif mark == OPENING or mark == STRAIGHT:
                # a new opening mark before a close: the earlier quotation ran to the paragraph end
                paragraph_end = text.find("\n", open_at, position)
                if paragraph_end > open_at:
                    quotes.append(_make_quote(text, open_at, paragraph_end))
                open_at = position
        elif open_kind == "single" and mark == SINGLE_CLOSING:
            after = text[position + 1] if position + 1 < len(text) else " "
            if not after.isalnum():
                quotes.append(_make_quote(text, open_at, position))
                open_at = None
    return quotes


def inside_quote(quotes: list[Quote], offset: int) -> bool:
    """True when character ``offset`` lies inside the marks of one of ``quotes``."""
    return any(q.content_start <= offset < q.content_end for q in quotes)


def quoted_characters(quotes: list[Quote]) -> int:
    """Characters inside quotation marks, summed over ``quotes`` (>= 0)."""
    return sum(q.content_end - q.content_start for q in quotes)
