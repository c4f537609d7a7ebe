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
_SENTENCE_END = r"""[.!?]*["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])"""
_BOUNDARY = re.compile(rf"\.{_SENTENCE_END}|!{_SENTENCE_END}|\?{_SENTENCE_END}|\n\s*\n")
"""A run of ``.``, ``!`` or ``?`` with its closing quotes or brackets, before white space and a
capital, digit or opening quote; or a blank line. One branch per first character, so that the
regex engine skips ahead to those characters instead of trying every position."""
_LONGEST_ABBREVIATION = 4
"""Characters of the longest word of :data:`_ABBREVIATIONS`, dots included (a test checks it)."""
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _is_abbreviation(text: str, dot_end: int) -> bool:
    """True when the word before the dot ending at ``dot_end`` is a known abbreviation or a
    single letter."""
    before = text[max(0, dot_end - 1 - (_LONGEST_ABBREVIATION + 1)):dot_end - 1]
    if len(before) > _LONGEST_ABBREVIATION and before.isascii() and before.isalpha():
        return False  # five letters before the dot: longer than any abbreviation, not one letter
    match = _WORD_BEFORE.search(text[max(0, dot_end - 12):dot_end])
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or len(word) == 1


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order, white space
    trimmed. Empty or blank text gives ``[]``."""
    ends = []
    for match in _BOUNDARY.finditer(text):
        dot = match.start()
        if text[dot] == "." and _is_abbreviation(text, dot + 1):
            continue
        ends.append(match.end())
    ends.append(len(text))
    trimmed = []
    begin = 0
    for end in ends:
        segment = text[begin:end]
        stripped = segment.strip()
        if stripped:
            offset = begin + len(segment) - len(segment.lstrip())
            trimmed.append((offset, offset + len(stripped)))
        begin = end
    return trimmed
