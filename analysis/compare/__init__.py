"""Comparisons across articles and outlets: stories, claims, outlet profiles, signals against
ratings."""
from analysis.compare.claims import CLAIM_THRESHOLD, align_claims
from analysis.compare.outlets import (
    MEASURE_PREFIXES,
    bootstrap_means,
    effect_sizes,
    hedges_g,
    measure_columns,
    outlet_profiles,
)
from analysis.compare.signals import (
    BIAS_CLASS,
    FACTUALITY_CLASS,
    FACTUALITY_ORDER,
    SignalResult,
    macro_f1,
    permutation_drops,
    rating_classes,
    rating_correlations,
    reliability_signals,
)
from analysis.compare.stories import (
    STORY_THRESHOLD,
    STORY_WINDOW_DAYS,
    PairScores,
    group_stories,
    pair_scores,
    similarity_ranking,
)

__all__ = ['STORY_THRESHOLD', 'STORY_WINDOW_DAYS', 'group_stories', 'similarity_ranking', 'PairScores', 'pair_scores', 'CLAIM_THRESHOLD', 'align_claims', 'MEASURE_PREFIXES', 'measure_columns', 'bootstrap_means', 'outlet_profiles', 'hedges_g', 'effect_sizes', 'FACTUALITY_ORDER', 'FACTUALITY_CLASS', 'BIAS_CLASS', 'rating_classes', 'SignalResult', 'macro_f1', 'permutation_drops', 'reliability_signals', 'rating_correlations']
