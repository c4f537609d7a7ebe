"""The feature table the project ships in ``data/features/``: numbers, ids, outlet names and the
corpus's outlet labels, never article text, so the outlet pages work on a fresh clone.

``python -m analysis ship features SCORED [--corpus PATH] [--max-rows N]`` takes the output of
``python -m analysis score`` over ``allsides_articles.parquet`` (a finished file, or the
``.partial`` folder of a run still going), joins the corpus's ``domain``, ``date_norm`` and
``label_bias`` by ``article_id``, stores the measures as float32 rounded to four significant
digits (zstd-compressed parquet) and writes ``data/features/feature_table_allsides.parquet``.

``python -m analysis ship ratings [--labels DIR] [-o PATH]`` writes ``data/outlet_ratings.csv``, the
ratings of the registry's domains (``analysis.outlets.ratings.export_ratings``) from the label
files of ``../shared/labels``, so the outlet pages have ratings on a fresh clone.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.outlets.ratings import SHIPPED_RATINGS, export_ratings
from analysis.paths import DATA_DIR, shared_path

SHIPPED_FEATURES = DATA_DIR / "features" / "feature_table_allsides.parquet"
CORPUS = "corpora/allsides_articles.parquet"
METADATA = ("domain", "date_norm", "label_bias", "topic")
SIGNIFICANT_DIGITS = 4


def read_scored(path: str | Path) -> pd.DataFrame:
    """A scored table: one parquet file, or the ``part-*.parquet`` files of a ``.partial`` folder
    in order. Raises ``FileNotFoundError`` when there is nothing to read."""
    path = Path(path)
    parts = sorted(path.glob("part-*.parquet")) if path.is_dir() else [path]
    if not parts or not parts[0].exists():
        raise FileNotFoundError(f"{path}: no scored table")
    return pd.concat([pd.read_parquet(part) for part in parts], ignore_index=True)


def round_significant(values: pd.Series, digits: int = SIGNIFICANT_DIGITS) -> pd.Series:
    """``values`` as float32 rounded to ``digits`` significant digits (NaN stays NaN)."""
    array = values.to_numpy(dtype="float64")
    magnitude = np.where(np.isfinite(array) & (array != 0),
                         np.floor(np.log10(np.abs(np.where(array == 0, 1, array)))), 0)
    factor = 10.0 ** (digits - 1 - magnitude)
    return pd.Series((np.round(array * factor) / factor).astype("float32"), index=values.index)


def shippable_table(scored: pd.DataFrame, corpus_path: str | Path, max_rows: int | None = None) -> pd.DataFrame:
    """``scored`` (first ``max_rows`` rows) with the corpus labels joined and compact dtypes."""
    table = scored.head(max_rows) if max_rows else scored
    metadata = pd.read_parquet(corpus_path, columns=["id", *METADATA]).rename(columns={"id": "article_id"})
    table = table.merge(metadata, on="article_id", how="left", validate="one_to_one")
    for column in table.columns:
        if pd.api.types.is_float_dtype(table[column]):
            table[column] = round_significant(table[column])
    return table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis ship features", description=__doc__.splitlines()[0])
    parser.add_argument("scored", type=Path, help="output of `python -m analysis score` (file or .partial folder)")
    parser.add_argument("--corpus", type=Path, help="allsides_articles.parquet (default: ../shared)")
    parser.add_argument("--max-rows", type=int, help="ship only the first N rows (ids are in random order)")
    parser.add_argument("-o", "--output", type=Path, default=SHIPPED_FEATURES)
    args = parser.parse_args(argv)
    table = shippable_table(read_scored(args.scored), args.corpus or shared_path(CORPUS), args.max_rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(args.output, compression="zstd", index=False)
    print(f"wrote {args.output}: {len(table)} articles, {table['outlet'].nunique()} outlets, "
          f"{int(table['error'].notna().sum())} with an error, {args.output.stat().st_size / 1e6:.2f} MB")
    return 0


def main_ratings(argv: list[str]) -> int:
    """``python -m analysis ship ratings``: write the shipped ratings of the registry's domains."""
    parser = argparse.ArgumentParser(prog="python -m analysis ship ratings",
                                     description="Write the ratings of the registry's domains (data/outlet_ratings.csv).")
    parser.add_argument("--labels", type=Path, help="the folder of label files (default: ../shared/labels)")
    parser.add_argument("-o", "--output", type=Path, default=SHIPPED_RATINGS)
    args = parser.parse_args(argv)
    shipped = export_ratings(args.output, args.labels)
    print(f"wrote {args.output}: {len(shipped)} domains")
    return 0
