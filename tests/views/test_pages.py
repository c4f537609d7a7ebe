"""The data and views behind the notebook pages."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.views import pages
from analysis.scorers.analyze import ArticleAnnotations
from analysis.scorers.hedging.cues import Hedge


def test_seed_articles_are_dated_from_their_datelines():
    seeds = pages.seed_articles()
    assert list(seeds["published"].dt.strftime("%Y-%m-%d")) == ["2014-12-09", "2014-12-19"]
    labels = pages.with_labels(seeds)["label"]
    assert labels.iloc[0].startswith("Sputnik, 09 Dec 2014: ") and labels.is_unique


def test_anatomy_defaults_to_the_seeds_and_refuses_no_text(tmp_path):
    assert len(pages.anatomy_data(None).frame) == 2
    table = tmp_path / "features.csv"
    pd.DataFrame({"article_id": ["a"], "outlet": ["CNN"], "hedge_per_100w": [1.0]}).to_csv(table, index=False)
    page = pages.anatomy_data(str(table))
    assert len(page.frame) == 2 and "feature table" in page.note


def test_feature_data_reads_a_feature_table(tmp_path):
    table = tmp_path / "features.parquet"
    pd.DataFrame({"article_id": ["a", "b"], "outlet": ["CNN", "NPR"], "hedge_per_100w": [1.0, 2.0],
                  "error": [None, None]}).to_parquet(table)
    page = pages.feature_data(str(table))
    assert list(page.frame["hedge_per_100w"]) == [1.0, 2.0] and "2 articles, 2 outlets" in page.note


def test_rated_features_fill_domains_from_outlets():
    ratings = pd.DataFrame({"mbfc_factual": ["high"], "allsides_bias": ["Center"]},
                           index=pd.Index(["reuters.com"], name="domain"))
    features = pd.DataFrame({"outlet": ["Reuters", "Nowhere News"], "domain": [None, None], "hedge_x": [1.0, 2.0]})
    rated = pages.rated_features(features, ratings)
    assert rated["mbfc_factual"].iloc[0] == "high" and pd.isna(rated["mbfc_factual"].iloc[1])
    assert pages.rated_features(features, None) is features


def test_rating_targets_choose_the_fuller_column():
    frame = pd.DataFrame({"mbfc_factual": ["high", "low", None], "baly2018_factuality": ["high", None, None],
                          "label_bias": ["left", "right", "center"]})
    targets = pages.rating_targets(frame)
    assert targets["factuality"].attrs["column"] == "mbfc_factual"
    assert list(targets["bias"]) == ["left", "right", "center"]
    assert pages.rating_targets(pd.DataFrame({"x": [1]})) == {}


def test_hedge_rates_by_hand():
    one = ArticleAnnotations("a", "It may rain and it might snow today friends", "CNN",
                             (Hedge(3, 6, "may", "modal"), Hedge(19, 24, "might", "modal")))
    two = ArticleAnnotations("b", "Possibly so " * 5, "CNN", (Hedge(0, 8, "Possibly", "epistemic"),))
    rates = pages.hedge_rates([one, two]).set_index("category")
    # 9 + 10 words for CNN: 2 modal and 1 epistemic hedges
    assert rates.loc["modal", "per_100_words"] == pytest.approx(200 / 19)
    assert rates.loc["epistemic", "per_100_words"] == pytest.approx(100 / 19)
    assert rates.loc["modal", "articles"] == 2


def test_flatten_figures():
    assert pages.flatten_figures({"a": {"b": 1, "c": {"d": 2}}, "e": 3}) == [("a / b", 1), ("a / c / d", 2), ("e", 3)]


def test_outlet_summary_marks_small_outlets():
    frame = pd.DataFrame({"outlet": ["A"] * 3 + ["B"], "error": [None, "x", None, None], "hedge_x": [1, 2, 3, 4]})
    summary = pages.outlet_summary(frame, min_articles=2).set_index("outlet")
    assert summary.loc["A", "articles"] == 3 and summary.loc["A", "with error"] == 1
    assert not summary.loc["A", "too few articles"] and summary.loc["B", "too few articles"]


def test_default_measure_is_the_overall_hedging_rate():
    assert pages.default_measure(["src_x", "hedge_approximator_per_100w", "hedge_per_100w"]) == "hedge_per_100w"
    assert pages.default_measure(["src_x", "hedge_share_modal"]) == "hedge_share_modal"
    assert pages.default_measure(["src_x"]) == "src_x" and pages.default_measure([]) is None


class _CountingNlp:
    """The shared pipeline with every text it parses recorded (``nlp.pipe`` is how every parse
    of the package runs, :mod:`analysis.text.document`)."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.parsed: list[str] = []

    def pipe(self, items, **kwargs):
        for doc, context in self.nlp.pipe(items, **kwargs):
            self.parsed.append(doc.text)
            yield doc, context


def test_page_one_parses_each_article_once(monkeypatch):
    import analysis.text.document as document

    counting = _CountingNlp(document.get_nlp())
    monkeypatch.setattr(document, "get_nlp", lambda: counting)
    page = pages.anatomy_data(None)
    annotated = pages.annotate_frame(page.frame)
    for item in annotated:  # everything page 01 shows of an article: text, tables, chains, sourcing
        pages.article_view(item, interactive=False)
        pages.sourcing_table(item)
    texts = list(page.frame["text"])
    assert len(texts) == 2 and sorted(counting.parsed) == sorted(texts)


def test_annotations_hold_the_public_api_values():
    from analysis import extract_attributions, sourcing_profile
    from analysis.scorers.analyze import annotate
    from analysis.scorers.sourcing import SOURCING_FEATURES

    seeds = pages.seed_articles()
    annotated = annotate(seeds["text"], ["a", "b"], ["Sputnik", None])
    for item, text, outlet in zip(annotated, seeds["text"], ["Sputnik", None]):
        assert item.attributions == tuple(extract_attributions(text, outlet=outlet))
        assert item.sourcing == sourcing_profile(text, outlet=outlet)
        assert list(item.sourcing) == list(SOURCING_FEATURES)
        table = pages.sourcing_table(item)
        assert list(table["value"]) == list(item.sourcing.values())
    assert annotate([None], ["empty"], [float("nan")])[0].sourcing["src_attributions"] == 0.0
