"""Hedging measures of an article, and the hedged-sentence decisions of the classifier.

:func:`hedged_sentences` scores sentences with the shipped classifier
(``analysis.scorers.hedging.classifier``) over the cues of ``analysis.scorers.hedging.cues``;
:func:`hedging_measures` gives an article's rates and shares (:data:`HEDGING_FEATURES`).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import repeat

import pandas as pd

from analysis.scorers.hedging.classifier import load_model
from analysis.scorers.hedging.cues import (
    APPROXIMATOR,
    BOOSTER,
    HEDGE_CATEGORIES,
    Hedge,
    scan_cues,
    voice_quotes,
)
from analysis.text.article import Article


def hedged_sentences(sentences: Iterable[str], *, domain: str = "auto") -> pd.DataFrame:
    """One row per sentence, in order: ``hedged`` (bool: ``probability`` >= the threshold of
    the sentence's domain), ``probability`` (float in [0, 1], from the shipped classifier of
    ``analysis.scorers.hedging.classifier``) and ``cues`` (list of :class:`Hedge`: hedges and approximators,
    offsets into that sentence).

    ``domain``: ``"auto"`` (a small router sends each sentence to the news (general), Wikipedia
    or biomedical weights, with a prior towards news), or force ``"general"``, ``"wikipedia"``
    or ``"bio"``.
    Raises ``TypeError`` naming the position of any item that is not a ``str``.
    """
    model = load_model()
    texts, scans = [], []
    for position, sentence in enumerate(sentences):
        if not isinstance(sentence, str):
            raise TypeError(f"sentence {position} is {type(sentence).__name__}, not str")
        texts.append(sentence)
        scans.append(scan_cues(sentence))
    predictions = model.predict_many(texts, [[c.category for c in cues] for cues, _ in scans],
                                     [rejected for _, rejected in scans], domain)
    probabilities = [probability for probability, _ in predictions]
    decisions = [hedged for _, hedged in predictions]
    cues_column = [[c for c in cues if c.category != BOOSTER] for cues, _ in scans]
    frame = pd.DataFrame({
        "hedged": pd.Series(decisions, dtype=bool),
        "probability": pd.Series(probabilities, dtype=float),
        "cues": pd.Series(cues_column, dtype=object),
    })
    return frame


HEDGING_FEATURES: tuple[str, ...] = (
    "hedge_per_100w",
    "hedge_per_100w_writer",
    "hedge_per_100w_quoted",
    "hedge_sentence_share",
    "hedge_booster_per_100w",
    "hedge_approximator_per_100w",
    *(f"hedge_share_{category}" for category in HEDGE_CATEGORIES),
)
"""Article measures of :func:`hedging_measures`, in column order:

- ``hedge_per_100w``: hedge cues (six hedge categories, both voices) per 100 words; >= 0.
- ``hedge_per_100w_writer``: writer-voice hedge cues per 100 words outside quotations; >= 0.
- ``hedge_per_100w_quoted``: quoted-voice hedge cues per 100 words inside quotations; >= 0.
- ``hedge_sentence_share``: share of sentences the classifier calls hedged; [0, 1].
- ``hedge_booster_per_100w``: booster cues per 100 words; >= 0.
- ``hedge_approximator_per_100w``: approximate numbers per 100 words; >= 0.
- ``hedge_share_<category>``: that category's share of the hedge cues; [0, 1], summing to 1
  over the six categories when there is a hedge, all 0 when there is none.

Text without words (or a voice without words) gives 0.0, never NaN.
"""


def _per_100(count: int, words: int) -> float:
    return 100.0 * count / words if words else 0.0


def _hedged_share(text: str, spans: Sequence[tuple[int, int]], cues: Sequence[Hedge],
                  rejected: Sequence[tuple[int, int]]) -> float:
    """Share of ``spans`` the classifier calls hedged, from the article's cues scanned once
    (each sentence's cues and ruled-out matches, shifted to sentence offsets; both lists are
    in increasing order of start, as :func:`scan_cues` gives them, so a bisection finds those
    starting in a sentence); [0, 1]."""
    if not spans:
        return 0.0
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    cue_starts = [c.start for c in cues]
    categories = [[c.category for c in cues[first:stop]] if first < stop else []
                  for first, stop in zip(map(bisect_left, repeat(cue_starts), starts),
                                         map(bisect_left, repeat(cue_starts), ends))]
    rejected_starts = [start for start, _ in rejected]
    ruled_out = [[(a - start, b - start) for a, b in rejected[first:stop]] if first < stop else []
                 for start, first, stop in zip(starts, map(bisect_left, repeat(rejected_starts), starts),
                                               map(bisect_left, repeat(rejected_starts), ends))]
    predictions = load_model().predict_many([text[start:end] for start, end in spans], categories, ruled_out)
    return sum(hedged for _, hedged in predictions) / len(spans)


def hedging_measures(article: Article) -> dict[str, float]:
    """The article measures of :data:`HEDGING_FEATURES` for one article: cues from its text and
    quotations, the hedged-sentence share over its sentences. Every value is a finite float;
    empty text gives zeros."""
    text, spans = article.text, article.sentences
    quotes = voice_quotes(text, article.quotes)
    cues, rejected = scan_cues(text, quotes)
    hedges = [c for c in cues if c.category in HEDGE_CATEGORIES]
    words, quoted_words = article.word_counts if quotes else (article.word_counts[0], 0)
    share = _hedged_share(text, spans, cues, rejected)
    measures = {
        "hedge_per_100w": _per_100(len(hedges), words),
        "hedge_per_100w_writer": _per_100(sum(c.voice == "writer" for c in hedges), words - quoted_words),
        "hedge_per_100w_quoted": _per_100(sum(c.voice == "quoted" for c in hedges), quoted_words),
        "hedge_sentence_share": share,
        "hedge_booster_per_100w": _per_100(sum(c.category == BOOSTER for c in cues), words),
        "hedge_approximator_per_100w": _per_100(sum(c.category == APPROXIMATOR for c in cues), words),
    }
    for category in HEDGE_CATEGORIES:
        count = sum(c.category == category for c in hedges)
        measures[f"hedge_share_{category}"] = count / len(hedges) if hedges else 0.0
    return measures
