"""Style measures of an article: length, sentences, quoted text, exclamations, all-caps words and
the case of its headline. Needs no parse (its sentences and quotations are the ``Article``'s).

Columns (:data:`STYLE_FEATURES`):

- ``style_words``: words in the text (runs of letters/digits, ``don't`` one word); >= 0, count.
- ``style_sentences``: sentences in the text; >= 0, count.
- ``style_words_per_sentence``: mean sentence length; >= 0, words; 0 for text without sentences.
- ``style_quoted_share``: share of the words that stand inside quotation marks
  (``analysis.text.quotes``); [0, 1]; 0 for text without words.
- ``style_quotations``: quotations of more than three words (scare quotes and titles left out);
  >= 0, count.
- ``style_exclamation_per_100w``: exclamation marks per 100 words; >= 0.
- ``style_question_per_100w``: question marks per 100 words; >= 0.
- ``style_allcaps_per_100w``: words of three or more letters written in capitals whose lower-case
  form is a common English word (the Dale-Chall list of easy words shipped with textstat), per
  100 words; >= 0. "NEVER" and "STOP" count; acronyms such as "FBI" or "NATO" do not.
- ``style_title_words``: words in the title; >= 0, count; missing where there is no title.
- ``style_title_case_share``: share of the title's words, minor words ("a", "of", "the", ... in
  ``lexicons/function_words.csv``) and the first word left out, that start with a capital letter;
  [0, 1]: near 1 for headline-style "Title Case", near 0 for "Sentence case" (only names
  capitalised); missing where the title has no such word.
- ``style_title_allcaps_share``: share of the title's words of two or more letters written all in
  capitals; [0, 1]; missing where there is no title.
- ``style_title_question``: 1 where the title ends with a question mark, else 0; missing where
  there is no title.
- ``style_title_exclamation``: 1 where the title holds an exclamation mark, else 0; missing where
  there is no title.

Text without words gives 0 for every text measure (never missing); the title measures are missing
(NaN) when the title is missing or empty.
"""
from __future__ import annotations

import math
import re
from functools import cache

from analysis.text.article import Article
from analysis.text.words import function_words

TITLE_FEATURES: tuple[str, ...] = (
    "style_title_words", "style_title_case_share", "style_title_allcaps_share",
    "style_title_question", "style_title_exclamation",
)
"""The columns :func:`title_measures` returns, in order."""


STYLE_FEATURES: tuple[str, ...] = (
    "style_words", "style_sentences", "style_words_per_sentence", "style_quoted_share",
    "style_quotations", "style_exclamation_per_100w", "style_question_per_100w",
    "style_allcaps_per_100w", *TITLE_FEATURES,
)
"""The columns :func:`style_measures` returns, in order."""


_CAPS_WORD = re.compile(r"[A-Z](?<!\w.)[A-Z]{2,}(?!\w)")
"""A word of three or more capitals: ``\\b[A-Z]{3,}\\b``, with the word boundaries written as
look-arounds and the first one moved after the first capital, so that the regex engine skips
ahead to capitals instead of testing a boundary at every position (twice as fast, the same
matches)."""


_TITLE_WORD = re.compile(r"[^\W_][\w'’.-]*")


@cache
def _common_words() -> frozenset[str]:
    """The Dale-Chall list of easy English words shipped with textstat (read from the package)."""
    from textstat.backend.utils import get_lang_easy_words

    return frozenset(get_lang_easy_words("en_US"))


def _per_100(count: int, words: int) -> float:
    return 100.0 * count / words if words else 0.0


def _shouted_words(text: str) -> int:
    common = _common_words()
    return sum(1 for match in _CAPS_WORD.finditer(text) if match.group().lower() in common)


def title_measures(title: object) -> dict[str, float]:
    """The ``style_title_*`` measures of a headline; all NaN when ``title`` is not a non-empty
    string."""
    if not isinstance(title, str) or not title.strip():
        return dict.fromkeys(TITLE_FEATURES, math.nan)
    words = _TITLE_WORD.findall(title)
    minor = function_words("minor_title_word")
    candidates = [w for w in words[1:] if w[0].isalpha() and w.lower() not in minor]
    long_words = [w for w in words if sum(ch.isalpha() for ch in w) >= 2]
    case_share = (sum(w[0].isupper() for w in candidates) / len(candidates)) if candidates else math.nan
    caps_share = (sum(w.isupper() for w in long_words) / len(long_words)) if long_words else 0.0
    stripped = title.strip()
    return {
        "style_title_words": float(len(words)),
        "style_title_case_share": case_share,
        "style_title_allcaps_share": caps_share,
        "style_title_question": float(stripped.endswith("?")),
        "style_title_exclamation": float("!" in stripped),
    }


def style_measures(article: Article) -> dict[str, float]:
    """The measures of :data:`STYLE_FEATURES` for one article (no parse needed)."""
    text, title, spans = article.text, article.title, article.sentences
    quotes = article.quotes
    words, quoted_words = article.word_counts
    measures = {
        "style_words": float(words),
        "style_sentences": float(len(spans)),
        "style_words_per_sentence": words / len(spans) if spans else 0.0,
        "style_quoted_share": min(1.0, quoted_words / words) if words else 0.0,
        "style_quotations": float(sum(not q.is_short for q in quotes)),
        "style_exclamation_per_100w": _per_100(text.count("!"), words),
        "style_question_per_100w": _per_100(text.count("?"), words),
        "style_allcaps_per_100w": _per_100(_shouted_words(text), words),
    }
    measures.update(title_measures(title))
    return measures
