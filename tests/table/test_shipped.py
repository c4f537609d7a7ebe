"""The compact feature table shipped in data/features/."""
import math

import pandas as pd
import pytest

from analysis.table.shipped import read_scored, round_significant, shippable_table


def test_round_significant():
    rounded = round_significant(pd.Series([123456.0, 0.00123456, -2.71828, 0.0, float("nan")]))
    assert list(rounded[:4]) == pytest.approx([123500.0, 0.001235, -2.718, 0.0], rel=1e-6)
    assert math.isnan(rounded.iloc[4]) and str(rounded.dtype) == "float32"


def test_shippable_table_joins_labels_and_keeps_rows(tmp_path):
    corpus = tmp_path / "corpus.parquet"
    pd.DataFrame({"id": ["a", "b", "c"], "domain": ["cnn.com", "foxnews.com", "npr.org"],
                  "date_norm": ["2014-12-19"] * 3, "label_bias": ["left", "right", "center"],
                  "topic": ["x"] * 3, "text": ["secret"] * 3}).to_parquet(corpus)
    scored = pd.DataFrame({"article_id": ["b", "a"], "outlet": ["Fox", "CNN"],
                           "hedge_per_100w": [1.23456, 2.0], "error": [None, None]})
    table = shippable_table(scored, corpus)
    assert list(table["article_id"]) == ["b", "a"] and list(table["label_bias"]) == ["right", "left"]
    assert "text" not in table.columns
    assert table["hedge_per_100w"].iloc[0] == pytest.approx(1.235, rel=1e-6)
    assert len(shippable_table(scored, corpus, max_rows=1)) == 1


def test_read_scored_parts_in_order(tmp_path):
    folder = tmp_path / "out.parquet.partial"
    folder.mkdir()
    pd.DataFrame({"article_id": ["c"]}).to_parquet(folder / "part-000001.parquet")
    pd.DataFrame({"article_id": ["a", "b"]}).to_parquet(folder / "part-000000.parquet")
    assert list(read_scored(folder)["article_id"]) == ["a", "b", "c"]
    with pytest.raises(FileNotFoundError):
        read_scored(tmp_path / "none.parquet")
