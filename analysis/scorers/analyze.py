"""Every scorer's spans for an article, kept together for the pages: hedges, attributions and
loaded terms, with offsets into the article's text, and the article's sourcing measures.

:func:`annotate` parses each article once (a batch through :func:`analysis.text.article.parse_all`)
and reads both the attributions and the sourcing measures from that one parse.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.scorers.attribution.extract import attributions_from_doc
from analysis.scorers.hedging.cues import find_hedges
from analysis.scorers.loaded import find_loaded_language
from analysis.scorers.sourcing import sourcing_measures
from analysis.text.article import Article, parse_all


@dataclass(frozen=True)
class ArticleAnnotations:
    """One article with what the scorers found in it (offsets into ``text``). ``sourcing`` is
    :func:`analysis.scorers.sourcing.sourcing_measures` of the article (measure -> value, in
    the order of ``SOURCING_FEATURES``), ``None`` where it was not computed (annotations made
    by hand)."""

    label: str
    text: str
    outlet: str | None = None
    hedges: tuple = ()
    attributions: tuple = ()
    loaded: tuple = ()
    sourcing: dict[str, float] | None = field(default=None, hash=False)


def annotate(texts: Iterable[str], labels: Iterable[str], outlets: Iterable[str | None], *,
             batch_size: int = 16) -> list[ArticleAnnotations]:
    """Run the hedge, attribution, loaded-language and sourcing scorers on each text (a missing
    text is analysed as empty). Each text is parsed once, in batches of ``batch_size``
    (``nlp.pipe``); the attributions and sourcing measures of an article both come from that
    one parse, and only one batch of parses is held at a time."""
    rows = []
    for text, label, outlet in zip(texts, labels, outlets):
        outlet = outlet if isinstance(outlet, str) else None
        rows.append((label, outlet, Article(text if isinstance(text, str) else "", outlet=outlet)))
    annotated = []
    for first in range(0, len(rows), batch_size):  # one batch parsed at a time: its parses are then dropped
        batch = rows[first:first + batch_size]
        parse_all([article for _, _, article in batch], batch_size=batch_size)
        for label, outlet, article in batch:
            attributions = attributions_from_doc(article.parse, outlet=outlet)
            annotated.append(ArticleAnnotations(label, article.text, outlet, tuple(find_hedges(article.text)),
                                                tuple(attributions), tuple(find_loaded_language(article.text)),
                                                sourcing_measures(attributions, article.parse)))
    return annotated
