"""The feature table as a scikit-learn transformer (:class:`ArticleFeatures`), for pipelines.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from analysis.table.engines import ENGINES, score_articles
from analysis.table.schema import NUMERIC_FEATURES
from analysis.table.score import BATCH_SIZE


class ArticleFeatures(TransformerMixin, BaseEstimator):
    """The numeric article features (:data:`NUMERIC_FEATURES`) as a scikit-learn transformer.

    ``transform`` takes texts (a list, array or Series of strings) or a frame with a ``text``
    column (``title`` and ``outlet`` used where present) and returns a float array, one row per
    text; a text that cannot be scored gives a row of NaN (impute or drop it downstream). With
    ``set_output(transform="pandas")`` the result is a DataFrame with these column names. The
    features are fixed measures: ``fit`` learns nothing.
    """

    def __init__(self, n_jobs: int = 1, engine: str = "local", batch_size: int = BATCH_SIZE) -> None:
        self.n_jobs = n_jobs
        self.engine = engine
        self.batch_size = batch_size

    def fit(self, X: Any, y: Any = None) -> ArticleFeatures:
        """Check the parameters; nothing is learned."""
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {self.engine!r}")
        self._as_frame(X)
        self.n_features_out_ = len(NUMERIC_FEATURES)
        return self

    @staticmethod
    def _as_frame(X: Any) -> pd.DataFrame:
        if isinstance(X, pd.DataFrame):
            if "text" not in X.columns:
                raise ValueError(f"a frame given to ArticleFeatures needs a 'text' column; has {list(X.columns)}")
            return X
        if isinstance(X, str):
            raise TypeError("ArticleFeatures takes a sequence of texts, not one string")
        values = X if isinstance(X, pd.Series) else np.asarray(X, dtype=object).ravel()
        index = X.index if isinstance(X, pd.Series) else None
        return pd.DataFrame({"text": list(values)}, index=index)

    def transform(self, X: Any) -> np.ndarray:
        """The features of each text: an array of shape (n_texts, len(NUMERIC_FEATURES))."""
        check_is_fitted(self, "n_features_out_")
        frame = self._as_frame(X)
        table = score_articles(frame, n_jobs=self.n_jobs, engine=self.engine, batch_size=self.batch_size)
        return table[list(NUMERIC_FEATURES)].to_numpy(dtype=float)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The output column names, :data:`NUMERIC_FEATURES`."""
        return np.asarray(NUMERIC_FEATURES, dtype=object)
