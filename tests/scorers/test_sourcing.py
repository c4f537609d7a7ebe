import math

from analysis.scorers.attribution.extract import extract_attributions
from analysis.corpus.cleaning import clean_text
from analysis.text.document import parse_article
from analysis.scorers.attribution.extract import attributions_from_doc
from analysis.scorers.sourcing import SOURCING_FEATURES, relayed_outlets, sourcing_measures, sourcing_profile


def test_profile_has_every_feature_as_float_and_zero_without_attributions():
    profile = sourcing_profile("The sky was blue. Nothing happened.")
    assert list(profile) == list(SOURCING_FEATURES)
    assert all(isinstance(v, float) for v in profile.values())
    assert all(v == 0.0 for v in profile.values())
    assert all(name.startswith("src_") for name in SOURCING_FEATURES)


def test_profile_counts_by_hand():
    text = ('Smith said the plan failed. "It is over," Jones told Reuters. '
            "Officials said the talks collapsed. The weather was fine.")
    profile = sourcing_profile(text)
    assert profile["src_attributions"] == 3.0
    assert profile["src_distinct_sources"] == 3.0
    assert math.isclose(profile["src_named_share"], 2 / 3)
    assert math.isclose(profile["src_anonymous_share"], 1 / 3)
    assert math.isclose(profile["src_relayed_share"], 1 / 3)
    assert math.isclose(profile["src_direct_share"], 1 / 3)
    assert profile["src_relayed_direct_share"] == 1.0
    assert profile["src_chain_max"] == 1.0
    assert math.isclose(profile["src_attributed_sentence_share"], 3 / 4)
    assert math.isclose(profile["src_source_entropy"], math.log2(3))


def test_belief_cues_are_counted_apart():
    profile = sourcing_profile("Experts believe the economy will slow. The minister said growth was strong.")
    assert profile["src_attributions"] == 1.0
    assert profile["src_belief_attributions"] == 1.0
    assert profile["src_official_share"] == 1.0


def test_seeds_show_sourcing_relayed_through_the_big_outlets(seed_texts):
    outlets, direct_relayed = [], []
    for stem, raw in seed_texts.items():
        article = parse_article(clean_text(raw))
        attributions = attributions_from_doc(article, outlet="Sputnik")
        outlets += relayed_outlets(attributions)
        measures = sourcing_measures(attributions, article)
        direct_relayed.append(measures["src_relayed_direct_share"])
        if stem.startswith("003"):
            # every quotation of the 9 Dec article came through Reuters or Bloomberg
            assert measures["src_relayed_direct_share"] == 1.0
        else:
            # 19 Dec: CNN reported, US media reports, the NYT and CNN relays: most is secondhand
            assert measures["src_secondhand_share"] > 0.5
    assert {"Reuters", "Bloomberg", "CNN", "The New York Times"} <= set(outlets)


def test_relayed_outlets_most_frequent_first():
    attributions = extract_attributions(
        "Smith said as reported by CNN that it rained. Jones told Reuters it snowed. "
        "Brown said as reported by CNN that it hailed.")
    assert relayed_outlets(attributions) == ["CNN", "Reuters"]
