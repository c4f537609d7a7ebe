"""Sourcing depth: article-level measures of who an article lets speak, and through whom.

Measures count *speech* attributions (``cue_kind == "speech"``: said, told, according to, ...);
belief and perception cues (thinks, viewed, shows) are counted apart in ``src_belief_attributions``.
Every share is 0.0 for an article without speech attributions (never NaN).

| column | meaning | range |
|---|---|---|
| src_attributions | speech attributions found | 0.. (count) |
| src_belief_attributions | belief/perception attributions found | 0.. (count) |
| src_distinct_sources | distinct resolved sources of speech attributions (case-insensitive) | 0.. (count) |
| src_named_share | share of speech attributions whose source is a named person | 0-1 |
| src_official_share | ... an unnamed official ("a senior official") | 0-1 |
| src_anonymous_share | ... anonymous or collective ("sources familiar with", "critics") | 0-1 |
| src_organization_share | ... an organisation ("the FBI", "Pyongyang") | 0-1 |
| src_outlet_share | ... a news outlet ("CNN reported", "US media") | 0-1 |
| src_document_share | ... a document ("a statement", "the report") | 0-1 |
| src_unknown_share | ... no or untyped source ("reportedly") | 0-1 |
| src_relayed_share | share of speech attributions reaching the article through another outlet (``via``) | 0-1 |
| src_secondhand_share | share of speech attributions that came through an outlet: relayed (``via``) or sourced to an outlet itself | 0-1 |
| src_relayed_direct_share | share of direct quotations that are relayed | 0-1 |
| src_chain_mean | mean number of relay outlets per speech attribution | 0.. (outlets) |
| src_chain_max | longest relay chain (relay outlets) | 0.. (outlets) |
| src_direct_share | share of speech attributions that quote verbatim | 0-1 |
| src_attributed_sentence_share | share of sentences carrying at least one attribution (any cue) | 0-1 |
| src_source_entropy | Shannon entropy of speech attributions over distinct sources | 0..log2(n) bits |
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from analysis.scorers.attribution.extract import Attribution, attributions_from_doc
from analysis.text.document import ArticleDoc, parse_article

_TYPED_SHARES = (
    ("src_named_share", "person"),
    ("src_official_share", "official"),
    ("src_anonymous_share", "anonymous"),
    ("src_organization_share", "organization"),
    ("src_outlet_share", "outlet"),
    ("src_document_share", "document"),
    ("src_unknown_share", "unknown"),
)

SOURCING_FEATURES: tuple[str, ...] = (
    "src_attributions",
    "src_belief_attributions",
    "src_distinct_sources",
    *(name for name, _ in _TYPED_SHARES),
    "src_relayed_share",
    "src_secondhand_share",
    "src_relayed_direct_share",
    "src_chain_mean",
    "src_chain_max",
    "src_direct_share",
    "src_attributed_sentence_share",
    "src_source_entropy",
)
"""Column names of :func:`sourcing_measures`, in order; every value is a float."""


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _entropy(counts: Counter[str]) -> float:
    total = sum(counts.values())
    return -sum(c / total * math.log2(c / total) for c in counts.values()) if total else 0.0


def sourcing_measures(attributions: Sequence[Attribution], article: ArticleDoc) -> dict[str, float]:
    """The measures of :data:`SOURCING_FEATURES` for one article from its attributions and the
    shared parse (for the sentence count)."""
    speech = [a for a in attributions if a.cue_kind == "speech"]
    n = len(speech)
    sources = Counter((a.resolved or "").lower() for a in speech if a.resolved)
    direct = [a for a in speech if a.direct]
    measures: dict[str, float] = {
        "src_attributions": float(n),
        "src_belief_attributions": float(len(attributions) - n),
        "src_distinct_sources": float(len(sources)),
    }
    for name, kind in _TYPED_SHARES:
        measures[name] = _share(sum(a.source_type == kind for a in speech), n)
    measures["src_relayed_share"] = _share(sum(bool(a.via) for a in speech), n)
    measures["src_secondhand_share"] = _share(sum(bool(a.via) or a.source_type == "outlet" for a in speech), n)
    measures["src_relayed_direct_share"] = _share(sum(bool(a.via) for a in direct), len(direct))
    measures["src_chain_mean"] = _share(sum(len(a.via) for a in speech), n)
    measures["src_chain_max"] = float(max((len(a.via) for a in speech), default=0))
    measures["src_direct_share"] = _share(len(direct), n)
    attributed = {a.sentence_index for a in attributions}
    measures["src_attributed_sentence_share"] = _share(len(attributed), len(article.sentences))
    measures["src_source_entropy"] = _entropy(sources)
    return {name: measures[name] for name in SOURCING_FEATURES}


def relayed_outlets(attributions: Sequence[Attribution]) -> list[str]:
    """The outlets the article relays from, most attributions first (ties in order of first
    appearance); each outlet once."""
    counts = Counter(outlet for a in attributions for outlet in a.via)
    first = {outlet: i for i, outlet in reversed(list(enumerate(o for a in attributions for o in a.via)))}
    return sorted(counts, key=lambda outlet: (-counts[outlet], first[outlet]))


def sourcing_profile(text: str, *, outlet: str | None = None) -> dict[str, float]:
    """The sourcing measures of one article (parsed here); see the module table."""
    article = parse_article(text)
    return sourcing_measures(attributions_from_doc(article, outlet=outlet), article)
