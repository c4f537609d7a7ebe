"""Every scorer's spans for an article, kept together for the pages: hedges, attributions and
loaded terms, with offsets into the article's text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analysis.scorers.attribution.extract import extract_attributions
from analysis.scorers.hedging.cues import find_hedges
from analysis.scorers.loaded import find_loaded_language


@dataclass(frozen=True)
class ArticleAnnotations:
    """One article with what the scorers found in it (offsets into ``text``)."""

    label: str
    text: str
    outlet: str | None = None
    hedges: tuple = ()
    attributions: tuple = ()
    loaded: tuple = ()


def annotate(texts: Iterable[str], labels: Iterable[str], outlets: Iterable[str | None]) -> list[ArticleAnnotations]:
    """Run the hedge, attribution and loaded-language scorers on each text (a missing text is
    analysed as empty)."""
    annotated = []
    for text, label, outlet in zip(texts, labels, outlets):
        text = text if isinstance(text, str) else ""
        outlet = outlet if isinstance(outlet, str) else None
        annotated.append(ArticleAnnotations(label, text, outlet, tuple(find_hedges(text)),
                                            tuple(extract_attributions(text, outlet=outlet)),
                                            tuple(find_loaded_language(text))))
    return annotated
