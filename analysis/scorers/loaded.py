"""Loaded and subjective wording: name calling, intensifiers, emotive words, dramatic verbs,
exaggeration and the writer's evaluative adverbs.

Loaded wording comes from ``analysis/lexicons/loaded_language.csv`` (one regular expression per
row, matched case-insensitively on word boundaries, the longer pattern first), written for this
project. Its categories (:data:`LOADED_CATEGORIES`):

``loaded_label``   name calling and campaign labels: "regime", "thugs", "far-left", "death tax"
``intensifier``    degree adverbs: "very", "extremely", "utterly"
``emotive``        emotion-laden evaluation: "shocking", "devastating", "outrageous", "chaos"
``dramatic_verb``  headline verbs for said/criticised: "slams", "blasts", "lashed out"
``exaggeration``   claims of extremity or size: "unprecedented", "massive", "worst ever"
``evaluative``     the writer's stance adverbs: "sadly", "inexplicably", "conveniently"

Certainty boosters ("clearly", "undoubtedly") are hedging's (``analysis.scorers.hedging``), not here. A
term inside a quotation (``analysis.text.quotes``) is the quoted source's wording, outside it the
writer's: :class:`LoadedTerm` carries ``quoted`` and the rates keep the two apart.

Columns (:data:`LOADED_FEATURES`, no parse), rates per 100 words:

- ``lang_loaded_per_100w``: loaded terms of every category outside quotations per 100 words
  outside quotations (the writer's own wording); >= 0.
- ``lang_loaded_quoted_per_100w``: loaded terms inside quotations per 100 quoted words; >= 0.
- ``lang_<category>_per_100w`` for each of the six categories: that category's terms outside
  quotations per 100 words outside quotations; >= 0.
- ``lang_title_loaded``: loaded terms in the title; >= 0, count; missing without a title.
"""
from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from analysis.text.article import Article
from analysis.text.lexicon import Lexicon, LexiconRow, compile_lexicon, read_rows
from analysis.text.quotes import Quote, find_quotes

LOADED_CATEGORIES: tuple[str, ...] = (
    "loaded_label", "intensifier", "emotive", "dramatic_verb", "exaggeration", "evaluative",
)
"""The categories of ``loaded_language.csv``."""


LOADED_FEATURES: tuple[str, ...] = (
    "lang_loaded_per_100w", "lang_loaded_quoted_per_100w",
    *(f"lang_{category}_per_100w" for category in LOADED_CATEGORIES),
    "lang_title_loaded",
)
"""The columns :func:`loaded_measures` returns, in order."""


@dataclass(frozen=True)
class LoadedTerm:
    """A loaded or subjective term. ``text == source[start:end]``; ``quoted`` when it stands
    inside a quotation (the source's wording, not the writer's)."""

    start: int
    end: int
    text: str
    category: str
    quoted: bool = False


@cache
def loaded_lexicon() -> tuple[LexiconRow, ...]:
    """The rows of ``loaded_language.csv``, checked, read once."""
    return read_rows("loaded_language.csv", LOADED_CATEGORIES)


@cache
def _loaded() -> Lexicon:
    return compile_lexicon(loaded_lexicon(), "loaded_language.csv")


def find_loaded_language(text: str, quotes: Sequence[Quote] | None = None) -> list[LoadedTerm]:
    """The loaded and subjective terms of ``text``, in order, not overlapping; ``quotes`` (from
    ``analysis.text.quotes.find_quotes``) are found when not given. Never raises on odd text."""
    if not isinstance(text, str) or not text:
        return []
    quotes = find_quotes(text) if quotes is None else quotes
    starts = [q.content_start for q in quotes]
    terms = []
    for start, end, category in _loaded().find(text):
        index = bisect.bisect_right(starts, start) - 1
        quoted = index >= 0 and start < quotes[index].content_end
        terms.append(LoadedTerm(start, end, text[start:end], category, quoted))
    return terms


def _per_100(count: int, words: int) -> float:
    return 100.0 * count / words if words else 0.0


def loaded_measures(article: Article) -> dict[str, float]:
    """The measures of :data:`LOADED_FEATURES` for one article (no parse needed)."""
    quotes = article.quotes
    terms = find_loaded_language(article.text, quotes)
    words, quoted_words = article.word_counts
    own_words = max(0, words - quoted_words)
    own = Counter(t.category for t in terms if not t.quoted)
    measures: dict[str, float] = {
        "lang_loaded_per_100w": _per_100(sum(own.values()), own_words),
        "lang_loaded_quoted_per_100w": _per_100(sum(t.quoted for t in terms), quoted_words),
    }
    for category in LOADED_CATEGORIES:
        measures[f"lang_{category}_per_100w"] = _per_100(own[category], own_words)
    measures["lang_title_loaded"] = (float(len(find_loaded_language(article.title, [])))
                                     if article.title else math.nan)
    return measures
