"""The outlet registry, mentions in text, and the ratings join."""
import pandas as pd
import pytest

from analysis.outlets.registry import OUTLET_KINDS, find_outlet, normalize_domain, outlet_mentions, registry

from analysis.outlets.ratings import join_ratings, load_ratings
from conftest import require_shared


@pytest.mark.parametrize("query, name", [
    ("NYT", "The New York Times"), ("the Times", "The New York Times"), ("New York Times", "The New York Times"),
    ("The New York Times", "The New York Times"), ("nytimes.com", "The New York Times"),
    ("https://www.nytimes.com/2014/12/19/world/x.html", "The New York Times"),
    ("m.cnn.com", "CNN"), ("politicalticker.blogs.cnn.com", "CNN"), ("CNN (Web News)", "CNN"),
    ("Fox Online News", "Fox News"), ("AP", "Associated Press"), ("Sputnik", "Sputnik"),
    ("sputniknews.com", "Sputnik"), ("bloomberg", "Bloomberg"),
])
def test_find_outlet(query, name):
    assert find_outlet(query).name == name


def test_unknown_and_bad_queries():
    assert find_outlet("The Springfield Shopper Weekly") is None
    assert find_outlet("") is None and find_outlet(None) is None


def test_registry_is_well_formed():
    outlets = registry()
    assert len(outlets) > 300
    assert {o.kind for o in outlets} <= set(OUTLET_KINDS)
    assert len({o.name for o in outlets}) == len(outlets)
    assert find_outlet("Reuters").kind == "wire" and find_outlet("Sputnik").kind == "state_media"


def test_normalize_domain():
    assert normalize_domain("HTTPS://www.BBC.co.uk:443/news") == "bbc.co.uk"
    assert normalize_domain("mobile.reuters.com") == "reuters.com"


def test_mentions_in_seed(seed_texts):
    text = seed_texts["003_fa32939be2f0a779"]
    names = [m.outlet.name for m in outlet_mentions(text)]
    assert names.count("Reuters") == 2 and "Bloomberg" in names
    # "Guardians of Peace" is no outlet, nor "Time" the word
    assert "The Guardian" not in names
    mention = outlet_mentions("As previously reported by the New York Times, officials said.")[0]
    assert (mention.text, mention.outlet.name) == ("the New York Times", "The New York Times")
    assert outlet_mentions("It is time to go; the reason is clear.") == []


def test_join_ratings_with_given_table():
    ratings = pd.DataFrame({"mbfc_factual": ["mixed", "high"]}, index=pd.Index(["cnn.com", "reuters.com"], name="domain"))
    articles = pd.DataFrame({"url": ["https://edition.cnn.com/a", None, "https://example.org"],
                             "outlet": ["CNN", "Reuters", "Nobody"]}, index=[10, 11, 12])
    joined = join_ratings(articles, ratings.reindex(columns=["mbfc_factual"]))
    assert list(joined.index) == [10, 11, 12]
    assert list(joined["mbfc_factual"].fillna("none")) == ["mixed", "high", "none"]


def test_load_ratings_from_shared():
    labels = require_shared("labels")
    ratings = load_ratings(labels)
    assert ratings.index.is_unique
    assert ratings.loc["sputniknews.com", "mbfc_factual"] in {"very low", "low", "mixed"}
    assert ratings.loc["reuters.com", "mbfc_factual"] in {"high", "very high"}


def test_load_ratings_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_ratings(tmp_path / "none")


def test_shipped_ratings_used_without_shared(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSBIAS_SHARED", str(tmp_path / "absent"))
    ratings = load_ratings()
    assert ratings.index.is_unique and len(ratings) > 100
    assert ratings.loc["reuters.com", "mbfc_factual"] in {"high", "very high"}


def test_join_ratings_with_missing_domains():
    ratings = pd.DataFrame({"mbfc_factual": ["mixed"]}, index=pd.Index(["cnn.com"], name="domain"))
    joined = join_ratings(pd.DataFrame({"domain": ["edition.cnn.com", None, float("nan")]}), ratings)
    assert joined["mbfc_factual"].iloc[0] == "mixed" and joined["mbfc_factual"].iloc[1:].isna().all()


def test_mentions_take_the_longest_name_ending_at_a_word_boundary():
    text = "The New York Times Magazine ran it; CNNMoney did not, but CNN's anchor and the Hill's did."
    found = [(m.text, m.start, m.end) for m in outlet_mentions(text)]
    assert found[0] == ("The New York Times", 0, 18)
    longest = outlet_mentions("Per New York Times - Opinion, it rained.")[0]  # not "New York Times"
    assert (longest.text, longest.outlet.name) == ("New York Times - Opinion", "The New York Times")
    assert not any(name.startswith("CNNMoney") or name == "CNNM" for name, _, _ in found)
    assert ("CNN", text.index("CNN's"), text.index("CNN's") + 3) in found
    assert all(text[start:end] == name for name, start, end in found)
    assert all(end == len(text) or not (text[end].isalnum() or text[end] == "_") for _, _, end in found)
