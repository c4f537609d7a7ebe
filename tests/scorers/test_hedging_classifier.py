"""The hedged-sentence classifier: features, the model format, training pieces, the shipped
model and its exact rebuild from ``../shared``. Expected values are reasoned out by hand."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from analysis.scorers.hedging import classifier
from analysis.scorers.hedging import training as trainer
from analysis.evaluation.hedging import read_labelled, scores
from analysis.paths import DATA_DIR
from conftest import require_shared


def tiny_model(threshold: float = 0.5) -> classifier.HedgingModel:
    """A hand-made model: "may" adds 2 to the general score; the router scores news 1, Wikipedia
    0 (+3 for "often", +2 for Penn Treebank tokenisation) and bio -1 (+5 for "cells"); with the
    bio weights "may" adds 1 more, with the Wikipedia weights "often" adds 4."""
    return classifier.HedgingModel(
        tables={"general": {"may": 2.0}, "wikipedia": {"often": 4.0}, "bio": {"may": 1.0},
                "route_news": {}, "route_wikipedia": {"often": 3.0, "form:ptb": 2.0},
                "route_bio": {"cells": 5.0}},
        intercepts={"general": -1.0, "wikipedia": 0.0, "bio": 0.0,
                    "route_news": 1.0, "route_wikipedia": 0.0, "route_bio": -1.0},
        thresholds={"general": threshold, "wikipedia": 0.5, "bio": 0.9},
    )


def test_tokens_lowercase_digits_and_treebank_marks():
    assert classifier.tokens("The -LRB- HIV-1 -RRB- virus ``may'' bind in 1998.") == [
        "the", "hiv", "0", "virus", "may", "bind", "in", "0"]


def test_ngram_features():
    assert classifier.ngram_features(["it", "may", "rain"]) == {"it", "may", "rain", "it may", "may rain"}
    assert classifier.ngram_features([]) == set()


def test_cue_features():
    assert classifier.cue_features([]) == set()
    assert classifier.cue_features(["modal"]) == {"cue:modal", "cue:any"}
    assert classifier.cue_features(["modal", "evidential"]) == {"cue:modal", "cue:evidential", "cue:any", "cue:several"}
    assert classifier.cue_features(["booster", "approximator"]) == {"cue:booster", "cue:approximator"}


def test_mask_replaces_ruled_out_spans():
    assert classifier.mask("It rained in May.", [(13, 16)]) == f"It rained in  {classifier.REJECTED_TOKEN} ."
    assert "may" not in classifier.sentence_features("It rained in May.", [], [(13, 16)])
    assert "may" in classifier.sentence_features("It rained in May.", [])


def test_predict_by_hand():
    model = tiny_model()
    probability, hedged = model.predict("It may rain.", ["modal"], domain="general")
    assert probability == pytest.approx(1 / (1 + math.exp(-1.0)))   # -1 + 2
    assert hedged is True
    probability, hedged = model.predict("It rains.", [], domain="general")
    assert probability == pytest.approx(1 / (1 + math.exp(1.0)))    # -1
    assert hedged is False


def test_route_and_bio_weights_by_hand():
    model = tiny_model()
    probability, hedged = model.predict("Cells may divide.", ["modal"])  # routed to bio: -1 + 2 + 0 + 1
    assert probability == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert hedged is False                                             # 0.88 < bio threshold 0.9
    with pytest.raises(ValueError, match="unknown domain"):
        model.predict("It may rain.", [], domain="news")


def test_three_way_routing_by_hand():
    model = tiny_model()
    assert model.route(classifier.form_features("It may rain.") | {"may"}) == "general"     # news 1 > 0 > -1
    assert model.route({"often", "rains"}) == "wikipedia"                            # 3 > news 1
    assert model.route({"rains", *classifier.form_features("It rains .")}) == "wikipedia"    # ptb 2 > news 1
    assert model.route({"rains", "form:ptb", "form:curly"}) == "wikipedia"           # curly has no weight here
    assert model.route(set()) == "general"
    # "It often rains." goes to Wikipedia: -1 + 0 (general) + 4 (Wikipedia "often") = 3
    probability, hedged = model.predict("It often rains.", [])
    assert probability == pytest.approx(1 / (1 + math.exp(-3.0))) and hedged is True
    assert model.predict("It often rains.", [], domain="general")[0] == pytest.approx(1 / (1 + math.exp(1.0)))


def test_form_features_by_hand():
    assert classifier.form_features("Debussy 's opera -LRB- 1902 -RRB- .") == {"form:ptb"}
    assert classifier.form_features("It rose 90 % in a year") == {"form:ptb"}
    assert classifier.form_features("“It’s late,” he said (twice).") == {
        "form:curly", "form:apostrophe", "form:paren", "form:quote"}
    assert classifier.form_features('He said "no."') == {"form:quote"}
    assert classifier.form_features("The market rose, then fell.") == set()
    assert classifier.form_features("") == set()


def test_route_names_and_news_prior_by_hand():
    scores = np.array([[0.0, 1.0, -1.0], [2.0, 1.0, 0.0], [0.0, 0.5, 3.0], [1.0, 1.0, 1.0]])
    assert trainer.route_names(scores, 0.0).tolist() == ["wikipedia", "news", "bio", "news"]   # tie: news
    assert trainer.route_names(scores, 1.0).tolist() == ["news", "news", "bio", "news"]
    # news sample: one sentence needs +1.5 to stay on news, the other 39 stay at prior 0
    news = np.array([[0.0, 1.5, 0.0]] + [[1.0, 0.0, 0.0]] * 39)
    assert np.mean(trainer.route_names(news, 0.0) == "news") == pytest.approx(39 / 40)   # 0.975 >= 0.97
    assert trainer.choose_news_prior(news) == 0.0
    news = np.array([[0.0, 1.5, 0.0]] * 2 + [[1.0, 0.0, 0.0]] * 38)             # 0.95 at prior 0
    assert trainer.choose_news_prior(news) == 1.5                                     # 1.0 still loses, 1.5 ties
    assert trainer.choose_news_prior(np.array([[0.0, 99.0, 0.0]])) == trainer.PRIOR_GRID[-1]


def test_stable_key_is_sha256():
    assert trainer.stable_key("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_load_news_refuses_unknown_part():
    with pytest.raises(ValueError, match="part"):
        trainer.load_news("test")


def test_json_round_trip_and_no_pickle():
    model = tiny_model(0.3)
    text = model.to_json()
    payload = json.loads(text)
    assert payload["features"] == ["cells", "form:ptb", "may", "often"]
    assert payload["weights"]["bio"] == [0.0, 0.0, 1.0, 0.0]
    again = classifier.model_from_json(text)
    assert again.thresholds == model.thresholds and again.intercepts == model.intercepts
    assert again.tables["general"] == {"may": 2.0} and again.tables["route_news"] == {}


@pytest.mark.parametrize("edit", [
    lambda p: p.update(format="pickle"),
    lambda p: p["thresholds"].update(general=1.5),
    lambda p: p["weights"].update(bio=[0.0]),
    lambda p: p["weights"]["general"].__setitem__(0, "x"),
    lambda p: p.pop("intercepts"),
])
def test_malformed_model_is_refused(edit):
    payload = json.loads(tiny_model().to_json())
    edit(payload)
    with pytest.raises(ValueError):
        classifier.model_from_json(json.dumps(payload))


def test_shipped_model_is_small_json_with_valid_thresholds():
    assert classifier.MODEL_PATH.suffix == ".json"
    assert classifier.MODEL_PATH.stat().st_size < 1_000_000
    model = classifier.load_model()
    assert set(model.thresholds) == {"general", "wikipedia", "bio"}
    assert all(0 < t < 1 for t in model.thresholds.values())
    assert "cue:any" in model.tables["general"]
    assert model.tables["general"]["cue:any"] > 0      # a hedge cue raises the probability
    assert set(model.tables) == {"general", "wikipedia", "bio", "route_news", "route_wikipedia", "route_bio"}
    # tokenisation of the CoNLL files points away from news, curly quotes towards it
    assert model.tables["route_news"]["form:ptb"] < model.tables["route_wikipedia"]["form:ptb"]
    assert model.tables["route_news"]["form:curly"] > model.tables["route_wikipedia"]["form:curly"]


def test_domain_weights_balance_domains():
    weights = trainer.domain_weights(pd.Series(["a", "a", "a", "b"]))
    assert weights.tolist() == pytest.approx([4 / 6, 4 / 6, 4 / 6, 2.0])
    assert weights[:3].sum() == pytest.approx(weights[3:].sum())


def test_f1_and_best_threshold_by_hand():
    labels = np.array([1, 1, 0, 0])
    assert trainer.f1_score(labels, np.array([True, False, False, False])) == pytest.approx(2 / 3)
    assert trainer.f1_score(labels, np.zeros(4, dtype=bool)) == 0.0
    probabilities = np.array([0.9, 0.6, 0.3, 0.1])
    # every threshold in (0.3, 0.6] separates the classes perfectly; the lowest grid value wins
    assert trainer.best_threshold([labels], [probabilities]) == 0.31


def test_augment_adds_domain_copies_and_bias():
    assert trainer.augment({"may"}, "bio") == {"may", "bio|may", "bio|bias"}


def test_evaluation_scores_by_hand():
    assert scores(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0])) == (0.5, 0.5, 0.5)
    assert scores(np.array([0, 0]), np.array([0, 0])) == (0.0, 0.0, 0.0)


def test_news_dev_set_is_balanced_and_labelled():
    frame = pd.read_csv(DATA_DIR / "eval" / "news_hedging_dev.csv")
    assert len(frame) >= 200
    assert 0.4 <= frame["hedged"].mean() <= 0.6
    assert frame["sentence"].is_unique
    assert frame["note"].str.contains("written by us|seed sentence").all()
    assert read_labelled(DATA_DIR / "eval" / "news_hedging_dev.csv")["label"].isin([0, 1]).all()


def test_read_labelled_reports_bad_rows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("sentence,uncertain\nIt may rain.,1\nIt rains.,maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row numbers \\[1\\]"):
        read_labelled(path)
    (tmp_path / "nolabel.csv").write_text("sentence\nx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="uncertain"):
        read_labelled(tmp_path / "nolabel.csv")


@pytest.mark.shared
def test_training_rebuilds_the_shipped_model_exactly(tmp_path):
    require_shared(trainer.TRAINING_FILES["wikipedia"])
    require_shared(trainer.TRAINING_FILES["bio"])
    require_shared(trainer.NEWS_FILE)
    out = tmp_path / "model.json"
    assert trainer.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == classifier.MODEL_PATH.read_text(encoding="utf-8")


# ------------------------------------------------------------------ many sentences at once

SENTENCES = ["It may rain.", "Cells may divide.", "It often rains .", "", "Debussy 's opera -LRB- 1902 -RRB- .",
             "“It’s late,” he said (twice) in May\x00 2019.", "ΣΑΣ may 12,3 ``may'' 90 %", "x\x00y"]


def test_tokens_many_separates_the_tokens_of_each_sentence():
    expected = []
    for sentence in SENTENCES:
        expected += [*classifier.tokens(sentence.replace("\x00", " ")), classifier._SEPARATOR]
    assert classifier.tokens_many(SENTENCES) == expected[:-1]
    assert classifier.tokens(SENTENCES[5]) == classifier.tokens(SENTENCES[5].replace("\x00", " "))


def test_form_features_many_as_one_by_one():
    assert classifier.form_features_many(SENTENCES) == [classifier.form_features(s) for s in SENTENCES]
    assert classifier.form_features_many([]) == []


@pytest.mark.parametrize("domain", classifier.DOMAINS)
def test_predict_many_as_one_by_one(domain):
    categories = [["modal"], ["modal"], [], [], [], ["modal", "evidential"], ["modal", "booster"], []]
    rejected = [[], [], [], [], [], [(31, 34)], [], []]
    for model in (tiny_model(), classifier.load_model()):
        one_by_one = [model.predict(s, c, r, domain) for s, c, r in zip(SENTENCES, categories, rejected)]
        original = []
        for sentence, names, spans in zip(SENTENCES, categories, rejected):   # the set-based scoring
            features = classifier.sentence_features(sentence, names, spans)
            scores = model.table_scores(features | classifier.form_features(sentence) if domain == classifier.AUTO else features)
            weights = classifier._weights_of_best_route(scores) if domain == classifier.AUTO else domain
            probability = classifier._sigmoid(scores[classifier.GENERAL] + (scores[weights] if weights != classifier.GENERAL else 0.0))
            original.append((probability, probability >= model.thresholds[weights]))
        many = model.predict_many(SENTENCES, categories, rejected, domain)
        assert many == one_by_one
        assert [h for _, h in many] == [h for _, h in original]
        assert [p for p, _ in many] == pytest.approx([p for p, _ in original], abs=1e-12)
    assert classifier.load_model().predict_many([], [], [], domain) == []
