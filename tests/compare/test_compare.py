"""Comparisons: stories, claim alignment, outlet profiles, effect sizes, reliability signals."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.scorers.analyze import ArticleAnnotations, annotate
from analysis import compare
from analysis.compare import signals
from analysis.scorers.attribution.extract import Attribution
from analysis.scorers.hedging.cues import Hedge

# ---------------------------------------------------------------------------------------------
# Same story

ARTICLES = pd.DataFrame({
    "title": ["Zoo panda gives birth to twins", "Panda twins born at the city zoo", "Twin panda cubs born at zoo",
              "Senate passes budget bill", "Budget bill clears the Senate", "Zoo panda gives birth to twins", ""],
    "text": ["The zoo's giant panda Mei gave birth to twin cubs on Monday, keepers said.",
             "Keepers at the city zoo said giant panda Mei had twin cubs on Monday.",
             "Giant panda Mei gave birth to twin cubs, the zoo's keepers said on Monday.",
             "The Senate passed the budget bill by a vote of 60 to 40 on Monday.",
             "By 60 votes to 40, the Senate passed the budget bill on Monday.",
             "The zoo's giant panda Mei gave birth to twin cubs on Monday, keepers said.",
             "   "],
    "published": pd.to_datetime(["2020-03-02", "2020-03-02", "2020-03-03", "2020-03-02", "2020-03-02",
                                 "2020-03-20", None]),
})


def test_group_stories_groups_by_words_within_the_date_window():
    stories = compare.group_stories(ARTICLES, threshold=0.2, window_days=1)
    assert list(stories.index) == list(ARTICLES.index)
    # the panda articles of 2 and 3 March are one story, the budget articles another; the panda
    # article of 20 March is outside the window; the empty text is alone
    assert stories[0] == stories[1] == stories[2]
    assert stories[3] == stories[4] != stories[0]
    assert stories[5] not in {stories[0], stories[3]}
    assert stories[6] not in set(stories[:6])
    assert stories.iloc[0] == 0  # ids in order of first appearance


def test_group_stories_without_dates_compares_everything():
    undated = ARTICLES.drop(columns=["published"])
    stories = compare.group_stories(undated, threshold=0.2)
    assert stories[5] == stories[0]  # same words, no date to keep them apart


def test_group_stories_handles_empty_input():
    assert compare.group_stories(ARTICLES.iloc[:0]).empty


def test_pair_scores_by_hand():
    # gold pairs: (0,1) and (2,3); predicted pairs: (0,1), (0,2), (1,2); one of three is right
    scores = compare.pair_scores(["a", "a", "b", "b"], [1, 1, 1, 2])
    assert scores.correct_pairs == 1 and scores.predicted_pairs == 3 and scores.true_pairs == 2
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 2)
    assert scores.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    with pytest.raises(ValueError):
        compare.pair_scores([1, 2], [1])


def test_similarity_ranking_puts_the_same_story_first():
    order = compare.similarity_ranking(ARTICLES.text[0], [ARTICLES.text[3], ARTICLES.text[1], ""])
    assert order[0] == 1 and order[-1] == 2


# ---------------------------------------------------------------------------------------------
# Article against article

FBI = 'The FBI said there is no attribution of the Sony hack to North Korea. The studio cancelled the premiere.'
CNN = ('The US government says North Korea may be behind the Sony hack, CNN reported. '
       'Cinemas showed other films.')


def _attribution(text: str, source: str, cue: str, content: str, via: tuple[str, ...], outlet: str) -> Attribution:
    s, c, t = text.index(source), text.index(cue), text.index(content)
    return Attribution(source, s, s + len(source), source, "organization", cue, c, c + len(cue), content, t,
                       t + len(content), False, via, (source, *via, outlet))


def _articles() -> list[ArticleAnnotations]:
    may = CNN.index("may")
    return [
        ArticleAnnotations("9 Dec", FBI, "Sputnik", (),
                                   (_attribution(FBI, "The FBI", "said", "there is no attribution", (), "Sputnik"),)),
        ArticleAnnotations("19 Dec", CNN, "Sputnik", (Hedge(may, may + 3, "may", "modal"),),
                                   (_attribution(CNN, "The US government", "says", "North Korea may be behind",
                                                 ("CNN",), "Sputnik"),)),
    ]


def test_align_claims_pairs_the_sentences_on_north_korea():
    claims = compare.align_claims(_articles(), threshold=0.1)
    first = claims[claims["claim"] == 1]
    # the two first sentences share "Sony hack" and "North Korea"; the second sentences share nothing
    assert list(first["article"]) == ["9 Dec", "19 Dec"]
    assert set(first["n_articles"]) == {2}
    fbi, cnn = first.iloc[0], first.iloc[1]
    assert fbi["sentence"] == FBI[: FBI.index("Korea.") + 6]
    assert fbi["hedges"] == () and fbi["chains"] == ("The FBI → Sputnik",)
    assert cnn["hedges"] == ("may (modal, writer)",)
    assert cnn["chains"] == ("The US government → CNN → Sputnik",)
    assert cnn["hedge_spans"] == ((CNN.index("may"), CNN.index("may") + 3, "modal"),)
    assert len(claims) == 4 and set(claims[claims["claim"] > 1]["n_articles"]) == {1}


def test_align_claims_shared_only_and_odd_input():
    shared = compare.align_claims(_articles(), threshold=0.1, shared_only=True)
    assert set(shared["claim"]) == {1}
    empty = compare.align_claims([ArticleAnnotations("a", ""), ArticleAnnotations("b", "\x00\x01")])
    assert set(empty.columns) >= {"claim", "article", "sentence", "hedges", "chains"}
    with pytest.raises(ValueError):
        compare.align_claims([ArticleAnnotations("a", FBI), ArticleAnnotations("a", CNN)])


def test_align_claims_on_the_seeds(seed_texts):
    """On the seeds, the FBI's "no attribution to North Korea" (9 Dec) stands against the US
    officials' view, relayed by the New York Times, that North Korea was "centrally involved"
    (19 Dec): both sentences are about who is behind the attack."""
    from analysis import clean_text

    texts = {stem: clean_text(raw) for stem, raw in seed_texts.items()}
    dec9, dec19 = texts["003_fa32939be2f0a779"], texts["000_a2f2319523fc04d1"]
    claims = compare.align_claims(annotate([dec9, dec19], ["9 Dec", "19 Dec"], ["Sputnik", "Sputnik"]),
                                  shared_only=True)
    demarest = claims[claims["sentence"].str.contains("There is no attribution to North Korea")]
    assert len(demarest) == 1
    partner = claims[(claims["claim"] == demarest["claim"].iloc[0]) & (claims["article"] == "19 Dec")]
    assert partner["sentence"].iloc[0].startswith("As previously reported by the New York Times")
    assert any("Reuters" in chain for chain in demarest["chains"].iloc[0])


# ---------------------------------------------------------------------------------------------
# Outlet profiles and effect sizes


def test_measure_columns_picks_numeric_measures():
    frame = pd.DataFrame({"hedge_rate": [1.0], "src_n": [2], "lang_flag": [True], "read_x": ["a"],
                          "style_y": [0.5], "outlet": ["A"], "other": [1.0]})
    assert compare.measure_columns(frame) == ["hedge_rate", "src_n", "style_y"]


def test_bootstrap_means_of_constant_and_missing_columns():
    values = np.array([[2.0, np.nan], [2.0, np.nan], [2.0, np.nan]])
    boots = compare.bootstrap_means(values, n_boot=50, seed=1)
    assert boots.shape == (50, 2)
    assert np.all(boots[:, 0] == 2.0) and np.all(np.isnan(boots[:, 1]))


def _profile_frame() -> pd.DataFrame:
    big = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, np.nan]
    return pd.DataFrame({
        "outlet": ["Big"] * 12 + ["Small"] * 3 + ["Big"],
        "hedge_rate": big + [1.0, 1.0, 4.0] + [100.0],
        "error": [None] * 15 + ["ValueError: empty text"],
    })


def test_outlet_profiles_counts_means_and_marks_small_outlets():
    profiles = compare.outlet_profiles(_profile_frame(), min_articles=10, n_boot=400).set_index("outlet")
    big, small = profiles.loc["Big"], profiles.loc["Small"]
    assert big["n"] == 11 and big["mean"] == pytest.approx(5.0)  # the NaN and the failed row (100) are out
    assert big["median"] == 5.0 and big["q25"] == 2.5 and big["q75"] == 7.5
    assert big["ci_low"] < 5.0 < big["ci_high"] and 0.0 <= big["ci_low"] and big["ci_high"] <= 10.0
    assert not big["too_few"]
    assert small["n"] == 3 and small["mean"] == pytest.approx(2.0) and small["too_few"]
    assert 1.0 <= small["ci_low"] <= small["ci_high"] <= 4.0


def test_hedges_g_by_hand():
    # means 2 and 5, both SDs 1: d = -3; small-sample correction 1 - 3/(4*6 - 9) = 0.8
    g, low, high = compare.hedges_g([1, 2, 3], [4, 5, 6])
    assert g == pytest.approx(-2.4)
    se = np.sqrt(6 / 9 + 2.4**2 / 12)
    assert low == pytest.approx(-2.4 - 1.959964 * se, abs=1e-4)
    assert high == pytest.approx(-2.4 + 1.959964 * se, abs=1e-4)
    assert np.isnan(compare.hedges_g([1], [2, 3])[0])
    assert np.isnan(compare.hedges_g([1, 1], [1, 1])[0])


def test_effect_sizes_against_a_reference_and_the_rest():
    frame = pd.DataFrame({"outlet": ["A"] * 3 + ["B"] * 3 + ["C"] * 3,
                          "hedge_rate": [1, 2, 3, 4, 5, 6, 1, 2, 3]})
    against_a = compare.effect_sizes(frame, "hedge_rate", reference="A").set_index("group")
    assert list(against_a.index) == ["B", "C"]
    assert against_a.loc["B", "g"] == pytest.approx(2.4)
    assert against_a.loc["C", "g"] == pytest.approx(0.0)
    rest = compare.effect_sizes(frame, "hedge_rate").set_index("group")
    assert rest.loc["B", "n_b"] == 6 and rest.loc["B", "g"] > 0
    with pytest.raises(ValueError):
        compare.effect_sizes(frame, "hedge_rate", reference="Z")


# ---------------------------------------------------------------------------------------------
# Reliability signals


def test_rating_classes():
    values = pd.Series(["very high", "High", "mostly factual", "mixed", "low", "very low", None, "satire"])
    assert list(compare.rating_classes(values, "factuality").fillna("?")) == [
        "high", "high", "mixed", "mixed", "low", "low", "?", "?"]
    bias = compare.rating_classes(pd.Series(["Lean Left", "Center", "Right", "right-center"]), "bias")
    assert list(bias) == ["left", "center", "right", "right"]
    with pytest.raises(ValueError):
        compare.rating_classes(values, "colour")


def test_macro_f1_by_hand():
    # class 0: tp 1, fp 1, fn 0 -> 2/3; class 1: tp 1, fp 0, fn 1 -> 2/3; class 2 never seen -> 0
    assert compare.macro_f1(np.array([0, 1, 1]), np.array([0, 1, 0]), 3) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)


def _signal_frame(seed: int = 0) -> pd.DataFrame:
    """20 outlets of 10 articles; outlets 0-9 rated high, 10-19 low; ``hedge_rate`` follows the
    rating, ``src_noise`` does not, ``style_outlet_code`` identifies the outlet but not its rating."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet in range(20):
        rating = "high" if outlet < 10 else "low"
        for _ in range(10):
            rows.append({"outlet": f"o{outlet}", "rating": rating,
                         "hedge_rate": (2.0 if rating == "high" else 0.0) + rng.normal(0, 0.3),
                         "src_noise": rng.normal(0, 1), "style_outlet_code": (outlet * 7) % 20 + rng.normal(0, 0.01)})
    return pd.DataFrame(rows)


def test_reliability_signals_find_the_informative_measure():
    result = compare.reliability_signals(_signal_frame(), "rating", n_splits=5, n_repeats=3)
    assert result.classes == ("high", "low") and result.n_outlets == 20 and result.n_samples == 200
    assert result.macro_f1 > 0.9
    # majority of the training folds: always one class, so macro-F1 is at most 0.5 on each fold
    assert result.baseline_f1 <= 0.5
    assert result.importance.iloc[0]["measure"] == "hedge_rate"
    assert result.importance.set_index("measure").loc["hedge_rate", "importance"] > 0.2
    outlet_level = compare.reliability_signals(_signal_frame(), "rating", level="outlet")
    assert outlet_level.n_samples == 20 and outlet_level.macro_f1 > 0.9


def test_reliability_signals_keep_outlets_out_of_their_own_test_folds(monkeypatch):
    seen = []
    original = signals.GroupKFold.split

    def spy(self, X, y=None, groups=None):
        for train, test in original(self, X, y, groups):
            seen.append((set(groups[train]), set(groups[test])))
            yield train, test

    monkeypatch.setattr(signals.GroupKFold, "split", spy)
    compare.reliability_signals(_signal_frame(), "rating", n_splits=4, n_repeats=1)
    assert len(seen) == 4
    for train, test in seen:
        assert not train & test


def test_permutation_drops_match_shuffling_and_predicting():
    frame = _signal_frame(3)
    X = frame[["hedge_rate", "src_noise", "style_outlet_code"]].to_numpy().copy()
    X[0, 1] = np.nan
    codes = (frame["rating"] == "low").to_numpy().astype(int)
    model = signals._signal_model().fit(X, codes)
    drops = compare.permutation_drops(model, X, codes, 2, n_repeats=2, rng=np.random.default_rng(5))
    rng = np.random.default_rng(5)
    base = compare.macro_f1(codes, model.predict(X), 2)
    for column in range(3):
        for repeat in range(2):
            shuffled = X.copy()
            shuffled[:, column] = X[rng.permutation(len(X)), column]
            expected = base - compare.macro_f1(codes, model.predict(shuffled), 2)
            assert drops[column, repeat] == pytest.approx(expected)


def test_reliability_signals_refuse_a_single_class():
    frame = _signal_frame()
    frame["rating"] = "high"
    with pytest.raises(ValueError, match="2 classes"):
        compare.reliability_signals(frame, "rating")


def test_rating_correlations():
    frame = pd.DataFrame({"outlet": ["a", "a", "b", "b", "c"], "hedge_rate": [1.0, 3.0, 4.0, 6.0, 9.0],
                          "src_flat": [1.0, 1.0, 1.0, 2.0, np.nan]})
    table = compare.rating_correlations(frame, pd.Series([1, 3, 4, 6, 9])).set_index("measure")
    assert table.loc["hedge_rate", "r_articles"] == pytest.approx(1.0)
    assert table.loc["hedge_rate", "r_outlets"] == pytest.approx(1.0)
    assert table.loc["src_flat", "n_articles"] == 4 and table.loc["hedge_rate", "n_outlets"] == 3
