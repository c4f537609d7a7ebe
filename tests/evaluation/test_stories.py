"""Story-grouping evaluation on a small triplets file written here."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.evaluation import stories

ROWS = [
    ("s1", "2020-03-02", "Zoo panda gives birth to twins", "Giant panda Mei gave birth to twin cubs at the zoo."),
    ("s1", "2020-03-02", "Panda twins born at zoo", "Keepers said giant panda Mei had twin cubs at the zoo."),
    ("s2", "2020-03-02", "Senate passes budget", "The Senate passed the budget bill by 60 votes to 40."),
    ("s2", "2020-03-02", "Budget bill clears Senate", "By 60 votes to 40 the Senate passed the budget bill."),
    ("s3", "2020-04-01", "Storm hits coast", "A storm with strong winds hit the coast overnight."),
    ("s3", "2020-04-01", "Coast battered by storm", "Strong winds from the storm battered the coast overnight."),
]


def write_triplets(path):
    pd.DataFrame(ROWS, columns=["story", "date", "title", "text"]).to_csv(path, index=False)
    return path


def test_split_stories_alternates_sorted_ids(tmp_path):
    halves = stories.split_stories(stories.load_triplets(write_triplets(tmp_path / "t.csv")))
    assert set(halves["dev"]["story"]) == {"s1", "s3"} and set(halves["test"]["story"]) == {"s2"}


def test_evaluate_counts_pairs(tmp_path):
    frame = stories.load_triplets(write_triplets(tmp_path / "t.csv"))
    result = stories.evaluate(frame, threshold=0.2, window_days=1)
    assert result["true_pairs"] == 3 and result["stories"] == 3 and result["articles"] == 6
    assert result["precision"] == 1.0 and result["recall"] == 1.0


def test_main_prints_both_halves(tmp_path, capsys):
    assert stories.main(["--path", str(write_triplets(tmp_path / "t.csv"))]) == 0
    out = capsys.readouterr().out
    assert "dev" in out and "test" in out and "text alone" in out


def test_load_triplets_names_missing_columns(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"story": ["a"], "text": ["x"]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="date"):
        stories.load_triplets(path)
