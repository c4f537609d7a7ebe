"""The columns of the feature table, in order, and the empty table with their dtypes.

Each family of columns is documented (name, meaning, range, unit) in the scorer module that
computes it: ``hedge_*`` in ``analysis.scorers.hedging.measures``, ``src_*`` in
``analysis.scorers.sourcing``, ``lang_*`` in ``analysis.scorers.loaded``, ``sentiment`` and
``balance``, ``read_*`` in ``analysis.scorers.readability`` and ``style_*`` in
``analysis.scorers.style``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.scorers.balance import BALANCE_CUE_FEATURES, BALANCE_FEATURES
from analysis.scorers.hedging.measures import HEDGING_FEATURES
from analysis.scorers.loaded import LOADED_FEATURES
from analysis.scorers.readability import READABILITY_FEATURES
from analysis.scorers.sentiment import SUBJECT_FEATURES
from analysis.scorers.sourcing import (
    SOURCING_FEATURES,
)
from analysis.scorers.style import STYLE_FEATURES

LANGUAGE_FEATURES: tuple[str, ...] = (*LOADED_FEATURES, *SUBJECT_FEATURES, *BALANCE_CUE_FEATURES)
"""The ``lang_*`` columns of the text part: loaded language, sentiment toward the subject,
balance cues."""
TEXT_PART_FEATURES: tuple[str, ...] = (
    *HEDGING_FEATURES, *LANGUAGE_FEATURES, *READABILITY_FEATURES, *STYLE_FEATURES)
"""Columns of the text part (no parse)."""


RELAYED_OUTLETS = "src_relayed_outlets"


ERROR = "error"


ID_COLUMNS: tuple[str, ...] = ("article_id", "outlet")
"""Columns of the input carried into the command's output table before the features."""


TEXT_COLUMNS: tuple[str, ...] = ("lang_subject", RELAYED_OUTLETS)
"""Feature columns holding text; all others are floats."""


FEATURE_COLUMNS: tuple[str, ...] = (
    *HEDGING_FEATURES, *SOURCING_FEATURES, RELAYED_OUTLETS, *BALANCE_FEATURES, *LANGUAGE_FEATURES, *READABILITY_FEATURES,
    *STYLE_FEATURES,
)
"""Every feature column, in table order: ``hedge_*``, ``src_*``, ``lang_*``, ``read_*``,
``style_*`` (the ``lang_*`` of the parse part sit after ``src_relayed_outlets``)."""


TABLE_COLUMNS: tuple[str, ...] = (*FEATURE_COLUMNS, ERROR)
"""The columns :func:`score_articles` returns, in order."""


NUMERIC_FEATURES: tuple[str, ...] = tuple(c for c in FEATURE_COLUMNS if c not in TEXT_COLUMNS)
"""The float columns (what :class:`ArticleFeatures` outputs)."""


def empty_table(index: pd.Index | None = None) -> pd.DataFrame:
    """A feature table with no values: the columns and dtypes of :func:`score_articles`."""
    index = pd.RangeIndex(0) if index is None else index
    columns = {c: pd.Series(np.nan, index=index, dtype="float64") for c in NUMERIC_FEATURES}
    for c in (*TEXT_COLUMNS, ERROR):
        columns[c] = pd.Series(None, index=index, dtype="object")
    return pd.DataFrame(columns, index=index)[list(TABLE_COLUMNS)]
