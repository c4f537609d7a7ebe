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
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import compress
from typing import Any

from analysis.text.article import Article
from analysis.text.memo import FirstSightMemo
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


@cache
def _emoji_characters() -> frozenset[str]:
    """The emojis VADER can replace: it looks its emoji lexicon up one character at a time, so
    only its one-character entries ever match."""
    return frozenset(emoji for emoji in _sentiment_analyzer().emojis if len(emoji) == 1)


@cache
def _ascii_emojis() -> bool:
    """True when one of :func:`_emoji_characters` is ASCII (none is in vaderSentiment 3.3.2)."""
    return any(emoji.isascii() for emoji in _emoji_characters())


def _holds_emoji(sentence: str) -> bool:
    """True when ``sentence`` holds one of :func:`_emoji_characters` (an ASCII sentence is
    looked at only when an emoji is ASCII)."""
    if sentence.isascii() and not _ascii_emojis():
        return False
    return not _emoji_characters().isdisjoint(sentence)


_LEXICON_WORD = 1
"""Token code bit: the token may be in VADER's lexicon (in lower case as written, or stripped of
punctuation)."""


_KEPT_ANYWHERE = 2
"""Token code bit: the token may be "but", is written in capitals or holds ``!`` or ``?``."""


_CAPITALS = 4
"""Token code bit: the token is written in capitals (``str.isupper``)."""


_LEXICON_WORD_BYTES = bytes(code & _LEXICON_WORD for code in range(256))


_KEPT_ANYWHERE_BYTES = bytes((code & _KEPT_ANYWHERE) >> 1 for code in range(256))


_CAPITALS_BYTES = bytes((code & _CAPITALS) >> 2 for code in range(256))
"""``bytes.translate`` tables: a token code -> 1 where it has that bit, else 0."""


_MAX_TOKEN_CODES = 1 << 16
"""Tokens whose code :data:`_TOKEN_CODES` keeps (about 6 MB at most); further tokens are coded
on every sight."""


_VADER_READS_BEFORE = 3
"""Tokens before a lexicon word that VADER reads to score it: ``i - 1`` to ``i - 3``."""


_VADER_READS_AFTER = 2
"""Tokens after a lexicon word that VADER reads to score it: ``i + 1`` and ``i + 2``."""


def _token_code(token: str) -> int:
    """The bits :data:`_LEXICON_WORD`, :data:`_KEPT_ANYWHERE` and :data:`_CAPITALS` of one
    white-space token; 0 to 7."""
    lexicon = _sentiment_analyzer().lexicon
    forms = (token.lower(), token.strip(string.punctuation).lower())
    capitals = token.isupper()
    code = _LEXICON_WORD if forms[0] in lexicon or forms[1] in lexicon else 0
    if capitals or "but" in forms or "!" in token or "?" in token:
        code |= _KEPT_ANYWHERE
    return code | (_CAPITALS if capitals else 0)


_TOKEN_CODES: FirstSightMemo[str, int] = FirstSightMemo(_token_code, _MAX_TOKEN_CODES)
"""Token (as written) -> :func:`_token_code`."""


def _byte_mask(mask: bytes) -> int:
    """A mask of 0/1 bytes as an int, byte ``i`` (token ``i``) at bits ``8i`` to ``8i + 7``."""
    return int.from_bytes(mask, "little")


def vader_input(sentence: str) -> str | None:
    """What VADER is run on to score ``sentence``: ``None`` where the compound score is 0.0 for
    sure (:func:`scores_zero`), else the sentence itself or those of its tokens that VADER
    scores alike, joined by single spaces: about 40 % of the tokens of an AllSides subject
    sentence, which makes VADER about 40 % faster (it re-reads the whole sentence for every
    lexicon word).

    Kept: every token that may be in VADER's lexicon (in lower case, as written or stripped of
    punctuation) with the 3 tokens before and the 2 after it, every token that may be "but",
    every token written in capitals and every token holding ``!`` or ``?``. The sentence stays
    whole where it holds one of VADER's emojis, or where every kept token would be in capitals
    while some dropped one is not.

    Why the compound score is the same (vaderSentiment 3.3.2, ``polarity_scores``):

    1. Without an emoji the text is only ``strip()``-ed; its items are its white-space tokens,
       each replaced by ``t.strip(string.punctuation)`` where that keeps more than two
       characters (see :func:`scores_zero`). The kept tokens joined by spaces split into the
       same tokens, in the same order.
    2. An item that is not in the lexicon gets the value 0 whatever surrounds it. An item in
       the lexicon reads items ``i - 3`` to ``i + 2`` only ("kind" before "of", "no" before or
       after it, boosters and negations before it, "least", the idioms around it), tests
       ``i > 0``, ``i > 1``, ``i > 2`` and whether items ``i + 1`` and ``i + 2`` exist, and
       reads the sentence-wide flag "some but not all items in capitals". Those six tokens are
       kept and stay next to each other; where a token before the item is dropped, its 3
       tokens before it are kept, so ``i > 2`` holds both before and after, and where none is,
       ``i`` is unchanged. The capitals flag is the same: every token in capitals is kept
       (stripping punctuation does not change ``isupper``), and the sentence stays whole where
       only tokens in capitals would be kept. So every lexicon item gets the same value, and
       every dropped item had 0.
    3. ``_but_check`` scales the values before the first item "but" by 0.5 and those after it
       by 1.5, finding each value's position as that of its first equal value: every "but" is
       kept, so the non-zero values keep their order and their side of the first "but"; it
       turns a 0 only into a 0 and no other value into 0, so the dropped zeros change nothing.
    4. ``score_valence`` sums the values (adding 0 changes no float sum) and adds the emphasis
       of the ``!`` and ``?`` counted in the text: every token holding one is kept. The
       compound score is ``normalize`` of that sum, rounded.
    """
    if _holds_emoji(sentence):
        return sentence
    tokens = sentence.split()
    codes = bytes(map(_TOKEN_CODES.__getitem__, tokens))
    hits = _byte_mask(codes.translate(_LEXICON_WORD_BYTES))
    if not hits:
        return None
    window = hits
    for distance in range(1, _VADER_READS_BEFORE + 1):
        window |= hits >> 8 * distance  # token i - distance
    for distance in range(1, _VADER_READS_AFTER + 1):
        window |= hits << 8 * distance  # token i + distance
    n = len(tokens)
    mask = (window | _byte_mask(codes.translate(_KEPT_ANYWHERE_BYTES))) & ((1 << 8 * n) - 1)
    kept = mask.to_bytes(n, "little")
    kept_count = kept.count(1)
    if kept_count == n or kept_count == codes.translate(_CAPITALS_BYTES).count(1):
        return sentence
    return " ".join(compress(tokens, kept))


def scores_zero(sentence: str) -> bool:
    """True when VADER's compound score of ``sentence`` is 0.0 for sure, without running VADER:
    no token of the sentence in VADER's lexicon, and no emoji. (True for about a quarter of the
    sentences naming an AllSides article's main subject, which are short.)

    Why it is exact (vaderSentiment 3.3.2, ``polarity_scores``):

    1. It replaces characters found in its emoji lexicon, one character at a time; with none of
       :func:`_emoji_characters` in the sentence the text stays as it is, then ``strip()``.
    2. ``SentiText`` splits the text at white space (``strip`` changes no token) and replaces
       each token ``t`` by ``t.strip(string.punctuation)`` where that keeps more than two
       characters, else keeps ``t``; the lower-case form of each item is therefore
       ``t.lower()`` or ``t.strip(string.punctuation).lower()``, both checked here.
    3. Per item, booster words and "kind" before "of" add 0; otherwise ``sentiment_valence``
       adds ``valence``, which starts at 0 and changes only inside ``if item_lowercase in
       self.lexicon`` (the "no" rule, capitals, boosters before it, negation, idioms, "least"
       all sit in that block). With no item in the lexicon every value is 0.
    4. ``_but_check`` scales the values (0 stays 0); ``score_valence`` adds the ``!``/``?``
       emphasis only to a non-zero sum, and ``normalize(0.0)`` is 0.0; no item at all gives
       0.0 as well.
    """
    return vader_input(sentence) is None


def sentiment(sentence: str) -> float:
    """VADER's compound score of one sentence; [-1, 1], 0 neutral. VADER is not run where
    :func:`scores_zero` shows the score is 0, and runs on :func:`vader_input` otherwise."""
    text = vader_input(sentence)
    if text is None:
        return 0.0
    return float(_sentiment_analyzer().polarity_scores(text)["compound"])


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
