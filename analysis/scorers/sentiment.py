"""Sentiment toward the main subject.

The main subject is the most frequent capitalised word of the text (capitalised sentence openers,
titles, days and months of ``lexicons/function_words.csv`` left out; a word of the title that
the text also uses counts twice), needing two mentions; its name is the most frequent capitalised
phrase holding it ("Sony Pictures"). Sentiment toward it is VADER's compound score (Hutto and
Gilbert 2014; ``vaderSentiment`` ships its lexicon, no download) averaged over the sentences
that mention it: the tone of what is said where the subject is, not a stance detector.

Columns (:data:`SUBJECT_FEATURES`, no parse):

- ``lang_subject``: the main subject's name (text); missing where no word is mentioned twice.
- ``lang_subject_sentences``: sentences mentioning the main subject; >= 0, count.
- ``lang_subject_sentiment``: mean VADER compound score of those sentences; [-1, 1], 0 neutral;
  missing without a subject.
- ``lang_subject_negative_share`` / ``lang_subject_positive_share``: share of those sentences
  with compound <= -0.05 / >= 0.05 (VADER's own thresholds); [0, 1]; missing without a subject.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from analysis.text.article import Article
from analysis.text.sentences import sentence_spans as split_sentences
from analysis.text.words import function_words

SUBJECT_FEATURES: tuple[str, ...] = (
    "lang_subject", "lang_subject_sentences", "lang_subject_sentiment",
    "lang_subject_negative_share", "lang_subject_positive_share",
)
"""The columns :func:`subject_measures` returns, in order (``lang_subject`` is text)."""

SENTIMENT_THRESHOLD = 0.05
"""VADER's own cut-off: compound >= 0.05 positive, <= -0.05 negative."""


_CAPITALISED = re.compile(r"[A-Z](?<![\w'’].)[\w'’-]*\w")
"""A capitalised word: ``(?<![\\w'’])[A-Z][\\w'’-]*\\w``, with the look-behind moved after the
capital (it tests the character before it), so that the regex engine skips ahead to capitals
instead of testing the look-behind at every position (twice as fast, the same matches)."""


_PHRASE = re.compile(r"[A-Z](?<![\w'’].)[\w'’.-]*\w(?:[ ](?:[A-Z][\w'’.-]*\w))*")
"""A run of capitalised words separated by single spaces, its look-behind placed as in
:data:`_CAPITALISED`."""


_POSSESSIVE_ENDINGS = ("'s", "’s")


@dataclass(frozen=True)
class Subject:
    """The article's main subject: ``key`` the capitalised word counted, ``name`` its fullest
    frequent phrase, ``mentions`` the times ``key`` appears in the text, ``sentences`` the
    indexes of the sentences that mention it."""

    key: str
    name: str
    mentions: int
    sentences: tuple[int, ...]


@cache
def _sentiment_analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(sentence: str) -> float:
    """VADER's compound score of one sentence; [-1, 1], 0 neutral."""
    return float(_sentiment_analyzer().polarity_scores(sentence)["compound"])


def _subject_key(token: str) -> str:
    """A capitalised token without a final possessive ``'s``/``’s``."""
    return token[:-2] if token.endswith(_POSSESSIVE_ENDINGS) else token


def _is_word_character(character: str) -> bool:
    """What the regex class ``\\w`` matches (letters, digits and ``_``)."""
    return character.isalnum() or character == "_"


def _mentions(text: str, key: str) -> list[int]:
    """Offsets of ``key`` in ``text`` where it is not preceded by a word character or
    apostrophe nor followed by a word character, left to right without overlap: the matches of
    ``(?<![\\w'’])KEY(?!\\w)``, found without compiling a regex per key."""
    offsets = []
    end_of_text = len(text)
    at = text.find(key)
    while at >= 0:
        end = at + len(key)
        free_before = at == 0 or not (_is_word_character(text[at - 1]) or text[at - 1] in "'’")
        free_after = end == end_of_text or not _is_word_character(text[end])
        if free_before and free_after:
            offsets.append(at)
            at = text.find(key, end)
        else:
            at = text.find(key, at + 1)
    return offsets


def _trim_phrase(phrase: str, excluded: frozenset[str]) -> str:
    """A capitalised phrase without its leading titles and sentence openers ("President")."""
    words = phrase.split()
    while len(words) > 1 and _subject_key(words[0]) in excluded:
        words = words[1:]
    return _subject_key(" ".join(words))


def main_subject(text: str, title: object = None,
                 sentence_spans: Sequence[tuple[int, int]] | None = None) -> Subject | None:
    """The main subject of an article (see the module docstring), or ``None`` where no
    capitalised word is mentioned at least twice."""
    if not isinstance(text, str) or not text:
        return None
    excluded = function_words("not_a_subject")
    # a dict keeps its keys in the order first seen in the text (the title adds none); the
    # words are counted first, and each distinct word adds its count to its key
    counts: dict[str, int] = {}
    for word, mentions in Counter(_CAPITALISED.findall(text)).items():
        key = _subject_key(word)
        if key not in excluded:
            counts[key] = counts.get(key, 0) + mentions
    if isinstance(title, str):
        for match in _CAPITALISED.finditer(title):
            key = _subject_key(match.group())
            if key in counts:
                counts[key] += 2
    if not counts:
        return None
    key = max(counts, key=counts.__getitem__)  # the first most counted: ties go to the earliest
    if counts[key] < 2:
        return None
    spans = list(split_sentences(text) if sentence_spans is None else sentence_spans)
    offsets = _mentions(text, key)
    starts = [start for start, _ in spans]
    sentences = sorted({bisect.bisect_right(starts, offset) - 1 for offset in offsets} - {-1})
    phrases = Counter(_trim_phrase(p, excluded) for p in _PHRASE.findall(text)
                      if key in p and key in p.split())
    name = max(phrases, key=lambda p: (phrases[p], len(p))) if phrases else key
    return Subject(key, name, len(offsets), tuple(sentences))


def subject_measures(article: Article) -> dict[str, Any]:
    """The measures of :data:`SUBJECT_FEATURES` for one article (no parse needed)."""
    text, spans = article.text, article.sentences
    subject = main_subject(text, article.title, spans)
    if subject is None or not subject.sentences:
        return {"lang_subject": None, "lang_subject_sentences": 0.0, "lang_subject_sentiment": math.nan,
                "lang_subject_negative_share": math.nan, "lang_subject_positive_share": math.nan}
    scores = [sentiment(text[spans[i][0]:spans[i][1]]) for i in subject.sentences]
    n = len(scores)
    return {
        "lang_subject": subject.name,
        "lang_subject_sentences": float(n),
        "lang_subject_sentiment": sum(scores) / n,
        "lang_subject_negative_share": sum(s <= -SENTIMENT_THRESHOLD for s in scores) / n,
        "lang_subject_positive_share": sum(s >= SENTIMENT_THRESHOLD for s in scores) / n,
    }
