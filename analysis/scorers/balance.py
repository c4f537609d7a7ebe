"""The balance of voices: who answers whom, which sides the text names.

Balance cues come from ``analysis/lexicons/balance_cues.csv`` (:data:`BALANCE_CATEGORIES`):
``response`` ("responded to", "in response", "countered that"), ``dispute`` ("denied",
"disputed", "rejected the claims"), ``no_comment`` ("did not respond to a request for comment",
"declined to comment": the reporter asked the other side), ``critic`` ("critics", "opponents")
and ``supporter`` ("supporters", "proponents") naming a side.

Columns without the parse (:data:`BALANCE_CUE_FEATURES`):

- ``lang_response_cues``, ``lang_dispute_cues``, ``lang_no_comment_cues``: balance cues of that
  category in the text; >= 0, count.
- ``lang_critic_cues`` / ``lang_supporter_cues``: mentions of a side ("critics" / "supporters");
  >= 0, count.
- ``lang_side_balance``: how evenly the text names both sides, 2 * min(critic, supporter) /
  (critic + supporter); [0, 1]: 1 both sides named equally often, 0 only one side; missing where
  no side is named.

Columns from the attributions (:data:`BALANCE_FEATURES`, need the parse):

- ``lang_responding_voices``: distinct sources (by resolved name) with a statement in a sentence
  holding a response, dispute or no-comment cue: the voices that answer or contest; >= 0, count.
- ``lang_responding_share``: those voices as a share of all distinct sources; [0, 1]; missing
  where the article attributes nothing.
- ``lang_sources_critic`` / ``lang_sources_supporter``: attributions whose source names a side
  ("critics say", "supporters of the bill argued"), or whose sentence names exactly one side;
  >= 0, count.
- ``lang_source_side_balance``: 2 * min / sum of the two; [0, 1]; missing where no attributed
  source is placed on a side.
"""
from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from analysis.text.article import Article
from analysis.text.lexicon import Lexicon, LexiconRow, compile_lexicon, read_rows

BALANCE_CATEGORIES: tuple[str, ...] = ("response", "dispute", "no_comment", "critic", "supporter")
"""The categories of ``balance_cues.csv``."""


_ANSWERING = frozenset({"response", "dispute", "no_comment"})


BALANCE_CUE_FEATURES: tuple[str, ...] = (
    *(f"lang_{category}_cues" for category in BALANCE_CATEGORIES), "lang_side_balance",
)
"""The columns :func:`balance_cue_measures` returns, in order."""

BALANCE_FEATURES: tuple[str, ...] = (
    "lang_responding_voices", "lang_responding_share", "lang_sources_critic",
    "lang_sources_supporter", "lang_source_side_balance",
)
"""The columns :func:`balance_measures` returns, in order."""


@dataclass(frozen=True)
class BalanceCue:
    """A cue of answering, disputing, not commenting, or of a named side (``category``)."""

    start: int
    end: int
    text: str
    category: str


@cache
def balance_lexicon() -> tuple[LexiconRow, ...]:
    """The rows of ``balance_cues.csv``, checked, read once."""
    return read_rows("balance_cues.csv", BALANCE_CATEGORIES)


@cache
def _balance() -> Lexicon:
    return compile_lexicon(balance_lexicon(), "balance_cues.csv")


def find_balance_cues(text: str) -> list[BalanceCue]:
    """The balance cues of ``text`` (answering, disputing, no comment, named sides), in order."""
    if not isinstance(text, str) or not text:
        return []
    return [BalanceCue(s, e, text[s:e], c) for s, e, c in _balance().find(text)]


def _side_balance(a: int, b: int) -> float:
    return 2.0 * min(a, b) / (a + b) if a + b else math.nan


def balance_cue_measures(article: Article) -> dict[str, float]:
    """The measures of :data:`BALANCE_CUE_FEATURES` for one article (no parse needed)."""
    cues = Counter(cue.category for cue in find_balance_cues(article.text))
    measures = {f"lang_{category}_cues": float(cues[category]) for category in BALANCE_CATEGORIES}
    measures["lang_side_balance"] = _side_balance(cues["critic"], cues["supporter"])
    return measures


def _source_side(attribution: Any, text: str, cues: Sequence[BalanceCue],
                 sentence: tuple[int, int] | None) -> str | None:
    sides = ("critic", "supporter")
    start, end = getattr(attribution, "source_start", None), getattr(attribution, "source_end", None)
    if start is not None and end is not None:
        named = {c.category for c in cues if c.category in sides and start <= c.start < end}
        if len(named) == 1:
            return named.pop()
    if sentence is not None:
        named = {c.category for c in cues if c.category in sides and sentence[0] <= c.start < sentence[1]}
        if len(named) == 1:
            return named.pop()
    return None


def balance_measures(text: str, attributions: Sequence[Any],
                     sentence_spans: Sequence[tuple[int, int]]) -> dict[str, float]:
    """The measures of :data:`BALANCE_FEATURES` from an article's attributions (objects with
    ``resolved``/``source``, ``source_start``, ``source_end`` and ``cue_start``, as
    ``analysis.scorers.attribution`` gives them) and its sentence spans (from the parse)."""
    cues = find_balance_cues(text)
    starts = [start for start, _ in sentence_spans]
    answering_sentences = {bisect.bisect_right(starts, c.start) - 1 for c in cues if c.category in _ANSWERING}
    sources: set[str] = set()
    answering: set[str] = set()
    sides: Counter[str] = Counter()
    for attribution in attributions:
        name = getattr(attribution, "resolved", None) or getattr(attribution, "source", None) or "(unnamed)"
        key = str(name).lower()
        sources.add(key)
        anchor = getattr(attribution, "cue_start", None)
        index = bisect.bisect_right(starts, anchor) - 1 if anchor is not None else -1
        if index >= 0 and index in answering_sentences:
            answering.add(key)
        side = _source_side(attribution, text, cues, sentence_spans[index] if index >= 0 else None)
        if side:
            sides[side] += 1
    return {
        "lang_responding_voices": float(len(answering)),
        "lang_responding_share": len(answering) / len(sources) if sources else math.nan,
        "lang_sources_critic": float(sides["critic"]),
        "lang_sources_supporter": float(sides["supporter"]),
        "lang_source_side_balance": _side_balance(sides["critic"], sides["supporter"]),
    }
