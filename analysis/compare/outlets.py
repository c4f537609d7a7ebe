"""Outlet profiles: per-outlet means of each measure with bootstrap intervals, and effect sizes
(Hedges' g) between groups of articles.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm

MEASURE_PREFIXES = ("hedge_", "src_", "lang_", "read_", "style_")


def measure_columns(frame: pd.DataFrame) -> list[str]:
    """The numeric measure columns of a feature table (prefixes :data:`MEASURE_PREFIXES`)."""
    return [c for c in frame.columns
            if c.startswith(MEASURE_PREFIXES) and pd.api.types.is_numeric_dtype(frame[c])
            and not pd.api.types.is_bool_dtype(frame[c])]


def bootstrap_means(values: np.ndarray, *, n_boot: int = 1000, seed: int = 0) -> np.ndarray:
    """Bootstrap means of each column of ``values`` (rows = articles, NaN = missing):
    an ``(n_boot, n_columns)`` array; a resample's mean skips its NaNs (NaN where it has none)."""
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    if n == 0:
        return np.full((n_boot, values.shape[1]), np.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(n_boot, n)) + (np.arange(n_boot) * n)[:, None]
    weights = np.bincount(draws.ravel(), minlength=n_boot * n).reshape(n_boot, n).astype(float)
    present = ~np.isnan(values)
    totals = weights @ np.where(present, values, 0.0)
    counts = weights @ present.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / counts


def _column_quantiles(values: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """Quantiles ``q`` of each column, NaNs skipped (NaN for an all-NaN column): a
    ``(len(q), columns)`` array. Columns without NaN take the fast path."""
    result = np.full((len(q), values.shape[1]), np.nan)
    missing = np.isnan(values)
    whole = ~missing.any(axis=0)
    if whole.any() and values.shape[0]:
        result[:, whole] = np.quantile(values[:, whole], q, axis=0)
    partial = missing.any(axis=0) & ~missing.all(axis=0)
    if partial.any():
        result[:, partial] = np.nanquantile(values[:, partial], q, axis=0)
    return result


def outlet_profiles(features: pd.DataFrame, *, outlet_column: str = "outlet",
                    measures: Sequence[str] | None = None, min_articles: int = 10,
                    n_boot: int = 1000, confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Per outlet and measure: ``n`` (articles with a value), ``mean`` and its percentile
    bootstrap interval ``ci_low``..``ci_high`` (``confidence``, resampling articles), ``median``,
    ``q25``, ``q75``, ``sd``, and ``too_few`` (True where ``n < min_articles``: marked, kept).
    Rows with an ``error`` are left out of the numbers. Outlets missing a name are "(unknown)"."""
    measures = list(measures) if measures is not None else measure_columns(features)
    frame = features
    if "error" in frame.columns:
        frame = frame[frame["error"].isna()]
    outlets = frame[outlet_column].astype("string").fillna("(unknown)")
    alpha = (1.0 - confidence) / 2.0
    grouped = frame[measures].astype(float).groupby(outlets, sort=True)
    stats = {"n": grouped.count(), "mean": grouped.mean(), "sd": grouped.std(ddof=1)}
    quartiles = grouped.quantile([0.25, 0.5, 0.75])
    for name, level in (("q25", 0.25), ("median", 0.5), ("q75", 0.75)):
        stats[name] = quartiles.xs(level, level=-1)
    low, high = {}, {}
    for outlet, part in grouped:
        boots = bootstrap_means(part.to_numpy(dtype=float), n_boot=n_boot, seed=seed)
        low[outlet], high[outlet] = _column_quantiles(boots, [alpha, 1 - alpha])
    stats["ci_low"] = pd.DataFrame.from_dict(low, orient="index", columns=measures)
    stats["ci_high"] = pd.DataFrame.from_dict(high, orient="index", columns=measures)
    long = pd.concat({name: table.stack() for name, table in stats.items()}, axis=1)
    long.index.names = ["outlet", "measure"]
    long = long.reset_index()
    long["n"] = long["n"].astype(int)
    long["too_few"] = long["n"] < min_articles
    return long[["outlet", "measure", "n", "mean", "ci_low", "ci_high", "median", "q25", "q75", "sd", "too_few"]]


def hedges_g(a: Sequence[float], b: Sequence[float], *, confidence: float = 0.95) -> tuple[float, float, float]:
    """Hedges' g of ``a`` against ``b`` (mean difference over the pooled SD, small-sample
    corrected; positive when ``a`` is higher) and its normal-approximation interval.
    NaNs are ignored; NaN where either side has fewer than 2 values or no spread."""
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    n1, n2 = len(x), len(y)
    if n1 < 2 or n2 < 2:
        return (np.nan, np.nan, np.nan)
    pooled = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    if pooled == 0:
        return (np.nan, np.nan, np.nan)
    correction = 1 - 3 / (4 * (n1 + n2) - 9)
    g = (x.mean() - y.mean()) / pooled * correction
    se = np.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    z = norm.ppf(0.5 + confidence / 2)
    return (float(g), float(g - z * se), float(g + z * se))


def effect_sizes(features: pd.DataFrame, measure: str, *, group_column: str = "outlet",
                 reference: str | None = None, groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Hedges' g of ``measure`` for each group (outlet, rating class) against ``reference``
    (a group), or against all other articles when ``reference`` is None. Columns ``label``,
    ``group``, ``n_a``, ``n_b``, ``mean_a``, ``mean_b``, ``g``, ``g_low``, ``g_high``."""
    frame = features[features["error"].isna()] if "error" in features.columns else features
    keys = frame[group_column].astype("string").fillna("(unknown)")
    chosen = list(groups) if groups is not None else sorted(keys.unique())
    if reference is not None and reference not in set(keys):
        raise ValueError(f"reference {reference!r} is not a value of {group_column}")
    records = []
    for group in chosen:
        if group == reference:
            continue
        a = frame.loc[keys == group, measure]
        b = frame.loc[keys == reference, measure] if reference is not None else frame.loc[keys != group, measure]
        g, low, high = hedges_g(a, b)
        against = reference if reference is not None else "all others"
        records.append({"label": f"{group} vs {against}", "group": group, "n_a": int(a.notna().sum()),
                        "n_b": int(b.notna().sum()), "mean_a": a.mean(), "mean_b": b.mean(),
                        "g": g, "g_low": low, "g_high": high})
    return pd.DataFrame.from_records(records, columns=["label", "group", "n_a", "n_b", "mean_a", "mean_b",
                                                       "g", "g_low", "g_high"])
