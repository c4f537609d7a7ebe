"""Word counts shared by the scorers: words in a text and inside its quotations, and the function-word lists.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import cache, lru_cache

from analysis.paths import LEXICON_DIR
from analysis.text.quotes import Quote

WORD = re.compile(r"\w+(?:['’]\w+)*")
"""A word: a run of letters/digits, ``don't`` one word (an apostrophe between two runs joins them)."""


@cache
def function_words(category: str) -> frozenset[str]:
    """The terms of ``lexicons/function_words.csv`` of one ``category`` (``minor_title_word`` in
    lower case, ``not_a_subject`` as written), read once."""
    with open(LEXICON_DIR / "function_words.csv", encoding="utf-8", newline="") as handle:
        return frozenset(row["term"] for row in csv.DictReader(handle) if row["category"] == category)


@lru_cache(maxsize=8)
def _word_counts(text: str, quote_spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    return len(WORD.findall(text)), sum(len(WORD.findall(text, start, end)) for start, end in quote_spans)


def word_counts(text: str, quotes: Sequence[Quote]) -> tuple[int, int]:
    """``(words, quoted words)`` of ``text``: its words (runs of letters/digits, ``don't`` one
    word) and those inside the marks of ``quotes``, summed per quotation; counts >= 0.
    Remembered for the last 8 texts (style and language count the same article)."""
    return _word_counts(text, tuple((q.content_start, q.content_end) for q in quotes))
