"""A fast sentence splitter for when no parse is at hand (hedging, style, readability).

Splits after ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by white space
and a capital letter, digit or opening quote, and at blank lines; never after common
abbreviations (``Mr.``, ``U.S.``, ``Jan.``) or single initials (``J. Smith``).
"""
from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st jr sr inc corp co ltd
    vs etc al jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e
    a.m p.m d.c mt ft rev hon pres supt dept univ""".split()
)
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\n\s*\n""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _is_abbreviation(text: str, dot_end: int) -> bool:
    match = _WORD_BEFORE.search(text[max(0, dot_end - 12):dot_end])
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or len(word) == 1


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order, white space
    trimmed. Empty or blank text gives ``[]``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _is_abbreviation(text, match.start() + 1):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        segment = text[begin:end]
        stripped = segment.strip()
        if stripped:
            offset = begin + len(segment) - len(segment.lstrip())
            trimmed.append((offset, offset + len(stripped)))
    return trimmed
