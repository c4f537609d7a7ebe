"""Measure how news articles hedge, attribute and source their claims, and compare outlets on it.

The public names of the interface (see the README); everything else lives in the submodules.
"""
from analysis.cleaning import clean_text
from analysis.corpus import load_corpus
from analysis.outlets import find_outlet, join_ratings, load_ratings
from analysis.hedging import Hedge, find_hedges, hedged_sentences
from analysis.attribution import Attribution, extract_attributions
from analysis.sourcing import sourcing_profile
from analysis.features import ArticleFeatures, score_articles
