"""Measure how news articles hedge, attribute and source their claims, and compare outlets on it.

The public names of the interface (see the README); everything else lives in the submodules.
"""
from analysis.corpus.cleaning import clean_text
from analysis.corpus.readers import load_corpus
from analysis.outlets.ratings import join_ratings, load_ratings
from analysis.outlets.registry import find_outlet
from analysis.scorers.attribution.extract import Attribution, extract_attributions
from analysis.scorers.hedging.cues import Hedge, find_hedges
from analysis.scorers.hedging.measures import hedged_sentences
from analysis.scorers.sourcing import sourcing_profile
from analysis.table.engines import score_articles
from analysis.table.transformer import ArticleFeatures

__all__ = ["clean_text", "load_corpus", "join_ratings", "load_ratings", "find_outlet", "Attribution",
           "extract_attributions", "Hedge", "find_hedges", "hedged_sentences", "sourcing_profile",
           "score_articles", "ArticleFeatures"]
