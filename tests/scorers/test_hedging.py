"""Hedge cues, voices, hedged sentences and article measures, on sentences written for these
tests and on the two seed articles. Expected values are reasoned out by hand."""
from __future__ import annotations

import math

import pytest

from analysis.scorers.hedging.cues import CATEGORIES, HEDGE_CATEGORIES, Hedge, find_boosters, find_cues, find_hedges, lexicon, scan_cues, VOICES

from analysis.text.article import Article
from analysis.scorers.hedging.measures import HEDGING_FEATURES, hedged_sentences, hedging_measures


def cues_of(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.category) for c in find_hedges(text)]


# ------------------------------------------------------------------ spans and categories

def test_span_text_and_category():
    text = "The talks may resume next week."
    (hedge,) = find_hedges(text)
    assert (hedge.start, hedge.end, hedge.text, hedge.category) == (10, 13, "may", "modal")
    assert text[hedge.start:hedge.end] == hedge.text
    assert hedge.voice == "writer"


@pytest.mark.parametrize("text, expected", [
    ("Analysts said the decision might push borrowing costs higher.", [("might", "modal")]),
    ("The data suggest that inflation has peaked.", [("suggest", "speculative")]),
    ("The two sides seem to be moving closer to a deal.", [("seem", "speculative")]),
    ("Investigators believe the driver fell asleep.", [("believe", "speculative")]),
    ("The figures indicate that the economy is slowing.", [("indicate", "speculative")]),
    ("The strike was possibly the deadliest in a decade.", [("possibly", "epistemic")]),
    ("The attack was apparently aimed at a police station.", [("apparently", "epistemic")]),
    ("It is unclear who will lead the party.", [("unclear", "epistemic")]),
    ("Officials are studying a potential link.", [("potential", "epistemic")]),
    ("The suspect reportedly fled the country.", [("reportedly", "evidential")]),
    ("The minister allegedly took bribes.", [("allegedly", "evidential")]),
    ("The letter, purportedly from the leader, was posted online.", [("purportedly", "evidential")]),
    ("The fund was supposedly set up for flood victims.", [("supposedly", "evidential")]),
    ("The general is believed to have died.", [("is believed to", "evidential")]),
    ("The lawsuit alleges that the company hid defects.", [("alleges", "distancing")]),
    ("The document purports to show payments.", [("purports", "distancing")]),
    ("If true, the deal is off.", [("If true", "conditional")]),
    ("The rules may or may not apply.", [("may or may not", "conditional")]),
    ("About 200 people attended the funeral.", [("About 200", "approximator")]),
    ("The bridge carries around 50,000 vehicles a day.", [("around 50,000", "approximator")]),
    ("Some 3,000 workers walked out.", [("Some 3,000", "approximator")]),
    ("A deal cannot be ruled out.", [("cannot be ruled out", "speculative")]),
    ("Reuters could not independently verify the report.",
     [("could not independently verify", "evidential")]),
    ("It was not immediately clear how many were inside.", [("not immediately clear", "epistemic")]),
])
def test_categories(text, expected):
    assert cues_of(text) == expected


def test_boosters_are_found_apart_from_hedges():
    text = "There is no doubt the plan will clearly work; it will undoubtedly and definitely pass."
    assert [(c.text, c.category) for c in find_boosters(text)] == [
        ("There is no doubt", "booster"), ("clearly", "booster"),
        ("undoubtedly", "booster"), ("definitely", "booster")]
    assert find_hedges(text) == []
    assert [c.category for c in find_cues(text)] == ["booster"] * 4


def test_negated_booster_is_not_a_booster():
    assert find_boosters("The FBI has not yet obtained any decisive proof.") == []
    assert find_boosters("It is not clearly the case.") == []


def test_negated_certainty_is_a_hedge_not_a_booster():
    text = "It is not clear whether the talks will go on."
    assert cues_of(text) == [("not clear", "epistemic"), ("whether", "epistemic")]
    assert find_boosters(text) == []


# ------------------------------------------------------------------ context traps

@pytest.mark.parametrize("text", [
    "The merger will be completed in May.",
    "May 12 was the deadline for bids.",
    "Former Prime Minister Theresa May spoke on Tuesday.",
    "Prices rose in mid-May.",
    '"We won," May said on Friday.',
])
def test_may_the_month_or_a_name_is_no_hedge(text):
    assert cues_of(text) == []


def test_may_at_sentence_start_is_a_modal():
    assert cues_of("May the ban be lifted? Nobody knows.") == [("May", "modal")]
    assert cues_of('He said: "May the best team win."') == [("May", "modal")]


@pytest.mark.parametrize("text", [
    "You may leave once you have signed.",
    "Visitors may enter free of charge on Sundays.",
    "The boy could not swim.",
    "Residents said they could see smoke for miles.",
    "Firefighters could only watch as the roof fell.",
    "The plant can produce 5,000 cars a month.",
    "He said he would resign at the end of the month.",
    "The mayor suggested a meeting with union leaders.",
    "He suggested postponing the vote.",
    "The minister appeared on television on Sunday.",
    "The suspect appeared in court on Wednesday.",
    "A little-known group claimed responsibility for the attack.",
    "Jobless claims fell to a two-month low.",
    "The floods claimed the lives of 30 people.",
    "Some 20 people were arrested after the match.",
    "Police said about 40 protesters were detained.",
])
def test_traps_give_no_cue(text):
    assert find_hedges(text) == []


def test_rejected_matches_are_reported_by_scan():
    text = "The mayor suggested a meeting in May."
    cues, rejected = scan_cues(text)
    assert cues == []
    assert rejected == [(10, 19), (33, 36)]


def test_same_verbs_in_their_hedging_sense():
    assert cues_of("Early results suggested the ruling party had lost.") == [("suggested", "speculative")]
    assert cues_of("It appears that the ship lost power.") == [("appears", "speculative")]
    assert cues_of("The fire could spread to nearby villages.") == [("could", "modal")]
    assert cues_of("Moscow claims the drones came from a nearby base.") == [("claims", "distancing")]
    assert cues_of("Police suspect the fire was set deliberately.") == [("suspect", "speculative")]
    assert cues_of("A second suspect was arrested on Friday.") == []


# ------------------------------------------------------------------ voice

def test_quoted_and_writer_voice():
    text = 'The minister said the plan "might fail", and it reportedly will.'
    hedges = find_hedges(text)
    assert [(h.text, h.voice) for h in hedges] == [("might", "quoted"), ("reportedly", "writer")]


def test_curly_quotes_across_sentences_are_quoted_voice():
    text = "“I think it could work. Perhaps not,” he said. It may rain."
    assert [(h.text, h.voice) for h in find_hedges(text)] == [
        ("I think", "quoted"), ("could", "quoted"), ("Perhaps", "quoted"), ("may", "writer")]


def test_hedge_default_voice_is_writer():
    assert Hedge(0, 3, "may", "modal").voice == "writer"
    assert VOICES == ("writer", "quoted")


# ------------------------------------------------------------------ the seeds

def test_seed_19_december(seed_texts):
    text = seed_texts["000_a2f2319523fc04d1"]
    found = [(h.text, h.category, h.voice) for h in find_hedges(text)]
    assert ("it claims", "distancing", "writer") in found          # "which, it claims, was carried out"
    assert ("reportedly", "evidential", "writer") in found        # "It will reportedly provide evidence"
    assert ("could", "modal", "writer") in found                  # "the country's response could include"
    assert ("possible", "epistemic", "writer") in found           # "a possible motive"
    assert ("is expected", "speculative", "writer") in found      # "is expected to be released"
    for hedge in find_hedges(text):
        assert text[hedge.start:hedge.end] == hedge.text


def test_seed_9_december(seed_texts):
    text = seed_texts["003_fa32939be2f0a779"]
    found = [(h.text, h.category, h.voice) for h in find_hedges(text)]
    assert ("suggested", "speculative", "writer") in found        # researchers suggested
    assert ("might", "modal", "writer") in found                  # "might have carried out"
    assert ("likely", "epistemic", "writer") in found             # "is likely to be responsible"
    assert ("might", "modal", "quoted") in found                  # “might be a righteous deed”
    assert ("I think", "speculative", "quoted") in found          # Hultquist's quotation
    texts = [h.text.lower() for h in find_hedges(text)]
    assert "claiming" not in texts                                # "claiming responsibility"
    assert "can" not in texts and "cannot" not in texts           # ability in GOP's message
    assert find_boosters(text) == []                              # "any decisive proof" is negated


# ------------------------------------------------------------------ odd input

@pytest.mark.parametrize("text", ["", "   ", '"unbalanced may', "\x00\xff\ufffd may \u202e", "İstanbul may fall"])
def test_odd_text_never_raises(text):
    for hedge in find_cues(text):
        assert text[hedge.start:hedge.end] == hedge.text


def test_unicode_whose_lowercase_changes_length_keeps_offsets():
    text = "İİİ officials said it may fall."
    (hedge,) = find_hedges(text)
    assert hedge.text == "may" and text[hedge.start:hedge.end] == "may"


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        find_hedges(None)  # type: ignore[arg-type]


def test_lexicon_rows_have_known_categories():
    assert {row.category for row in lexicon()} == set(CATEGORIES)


# ------------------------------------------------------------------ hedged_sentences

def test_hedged_sentences_shape_and_types():
    sentences = ["The strike may spread to other ports, union officials said.",
                 "The court sentenced him to eight years in prison.", ""]
    frame = hedged_sentences(sentences)
    assert list(frame.columns) == ["hedged", "probability", "cues"]
    assert len(frame) == 3 and list(frame.index) == [0, 1, 2]
    assert frame["hedged"].dtype == bool
    assert frame["probability"].between(0, 1).all()
    assert [c.text for c in frame.loc[0, "cues"]] == ["may"]
    assert frame.loc[1, "cues"] == [] and frame.loc[2, "cues"] == []


def test_hedged_sentences_decides_clear_cases():
    frame = hedged_sentences([
        "The hackers may have stolen the personal details of millions of customers.",
        "The suspect reportedly fled the country two days after the attack.",
        "Shares in the company fell 4 percent in early trading on Monday.",
        "The minister resigned on Friday after a week of pressure from his party.",
    ])
    assert frame["hedged"].tolist() == [True, True, False, False]


def test_hedged_sentences_accepts_a_generator_and_rejects_non_str():
    assert len(hedged_sentences(s for s in ["It may rain."])) == 1
    assert hedged_sentences([]).empty
    with pytest.raises(TypeError, match="sentence 1"):
        hedged_sentences(["fine", 3])  # type: ignore[list-item]


# ------------------------------------------------------------------ article measures

def test_measures_by_hand():
    # 14 words: 8 outside the quotation, 6 inside it ("We might lose, perhaps badly tonight").
    text = 'Officials reportedly said: "We might lose, perhaps badly tonight." About 300 people clearly came.'
    values = hedging_measures(Article(text))
    assert list(values) == list(HEDGING_FEATURES)
    # hedges: reportedly (writer, evidential), might (quoted, modal), perhaps (quoted, epistemic)
    assert values["hedge_per_100w"] == pytest.approx(100 * 3 / 14)
    assert values["hedge_per_100w_writer"] == pytest.approx(100 * 1 / 8)
    assert values["hedge_per_100w_quoted"] == pytest.approx(100 * 2 / 6)
    assert values["hedge_booster_per_100w"] == pytest.approx(100 * 1 / 14)
    assert values["hedge_approximator_per_100w"] == pytest.approx(100 * 1 / 14)
    assert values["hedge_share_evidential"] == pytest.approx(1 / 3)
    assert values["hedge_share_modal"] == pytest.approx(1 / 3)
    assert values["hedge_share_epistemic"] == pytest.approx(1 / 3)
    assert values["hedge_share_distancing"] == 0.0
    assert 0.0 <= values["hedge_sentence_share"] <= 1.0


def test_sentence_share_is_over_the_articles_sentences():
    article = Article("It may rain. The court sentenced him.")
    assert article.sentences == [(0, 12), (13, 37)]
    assert hedging_measures(article)["hedge_sentence_share"] == pytest.approx(0.5)


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01"])
def test_measures_of_empty_text_are_zero(text):
    values = hedging_measures(Article(text))
    assert set(values) == set(HEDGING_FEATURES)
    assert all(v == 0.0 and not math.isnan(v) for v in values.values())


def test_feature_names_are_prefixed_and_cover_categories():
    assert all(name.startswith("hedge_") for name in HEDGING_FEATURES)
    assert {f"hedge_share_{c}" for c in HEDGE_CATEGORIES} <= set(HEDGING_FEATURES)


def test_lexicon_files_have_pattern_category_and_note():
    from analysis.scorers.hedging.cues import _CONTEXT_RULES, _read_csv, context_words

    for row in _read_csv("hedges.csv"):
        assert row["pattern"] and row["category"] in CATEGORIES and row["note"], row
        assert row["context"] in _CONTEXT_RULES, row
    for row in _read_csv("hedge_context.csv"):
        assert row["word"] and row["rule"] and row["note"], row
    assert {"permission_subject", "ability_negation", "ability_verb", "proposal_noun",
            "physical_preposition", "claim_object", "claim_modifier", "count_verb",
            "suspect_noun_lead", "negation"} <= set(context_words())


# ------------------------------------------------------------------ matching lowercased text

@pytest.mark.parametrize("text", [
    "may or may not", "May be. It may", "5 or so said it might", "A Dozen or so; MAYOR", "",
    "_may 1may may_ ’may", "x\nMay\tsome 20\n", "It Is Clear That", "THERE IS NO DOUBT whatsoever",
])
def test_cue_spans_ignore_case(text):
    """Cues are found in the lowercased text as the case-insensitive alternation finds them in
    the text itself."""
    from analysis.scorers.hedging.cues import _cue_regex

    cues, rejected = scan_cues(text)
    found = sorted([(cue.start, cue.end) for cue in cues] + rejected)
    assert found == [match.span() for match in _cue_regex().finditer(text)]
