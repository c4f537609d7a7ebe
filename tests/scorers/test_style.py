"""Style measures: counts reasoned by hand from short texts written for the test."""
from __future__ import annotations

import math

import pytest

from analysis.corpus.cleaning import clean_text
from analysis.text.article import Article
from analysis.scorers.style import STYLE_FEATURES, style_measures, title_measures

TEXT = 'The FBI said "this is not true at all" on Monday. It was NEVER done before!'
# 16 words; 2 sentences; 6 words quoted; 1 "!"; "NEVER" is a common word in capitals, "FBI" an acronym.


def test_counts_of_a_hand_made_text():
    m = style_measures(Article(TEXT))
    assert m["style_words"] == 16
    assert m["style_sentences"] == 2
    assert m["style_words_per_sentence"] == 8
    assert m["style_quoted_share"] == pytest.approx(6 / 16)
    assert m["style_quotations"] == 1
    assert m["style_exclamation_per_100w"] == pytest.approx(100 / 16)
    assert m["style_question_per_100w"] == 0
    assert m["style_allcaps_per_100w"] == pytest.approx(100 / 16)


def test_acronyms_are_not_shouting():
    assert style_measures(Article("The FBI and NATO met the CIA."))["style_allcaps_per_100w"] == 0
    assert style_measures(Article("STOP the vote, they said."))["style_allcaps_per_100w"] == pytest.approx(20)


def test_scare_quotes_are_not_quotations_but_their_words_are_quoted():
    m = style_measures(Article('He called it a "hoax" again.'))
    assert m["style_quotations"] == 0
    assert m["style_quoted_share"] == pytest.approx(1 / 6)


def test_headline_case_against_sentence_case():
    title_case = title_measures("Officials Say the Hack Was Not Done by North Korea")
    assert title_case["style_title_words"] == 10
    assert title_case["style_title_case_share"] == 1.0  # Say Hack Was Not Done North Korea
    sentence_case = title_measures("Officials say the hack was not done by North Korea")
    assert sentence_case["style_title_case_share"] == pytest.approx(2 / 7)  # North, Korea of 7
    assert sentence_case["style_title_allcaps_share"] == 0


def test_title_shouting_question_and_exclamation():
    shouted = title_measures("FBI SAYS NORTH KOREA DID IT!")
    assert shouted["style_title_allcaps_share"] == 1.0
    assert shouted["style_title_exclamation"] == 1.0
    assert shouted["style_title_question"] == 0.0
    assert title_measures("Was it North Korea?")["style_title_question"] == 1.0


@pytest.mark.parametrize("title", [None, "", "   ", float("nan")])
def test_missing_title_gives_missing_title_measures(title):
    m = style_measures(Article(TEXT, title))
    assert all(math.isnan(m[name]) for name in STYLE_FEATURES if name.startswith("style_title"))
    assert m["style_words"] == 16


@pytest.mark.parametrize("text", ["", "   ", '"unbalanced “quote', "\x00\x01\x02 junk ÿþ"])
def test_odd_text_never_raises_and_gives_finite_values(text):
    m = style_measures(Article(text))
    assert list(m) == list(STYLE_FEATURES)
    assert all(math.isfinite(m[name]) for name in STYLE_FEATURES if not name.startswith("style_title"))


def test_empty_text_is_all_zero():
    m = style_measures(Article(""))
    assert m["style_words"] == 0 and m["style_sentences"] == 0 and m["style_quoted_share"] == 0


def test_not_a_string_raises():
    with pytest.raises(TypeError):
        style_measures(Article(None))  # type: ignore[arg-type]


def test_seed_articles_have_plausible_style(seed_texts):
    for raw in seed_texts.values():
        m = style_measures(Article(clean_text(raw)))
        assert 200 < m["style_words"] < 630  # raw pages are 315 and 630 words with page furniture
        assert 0 < m["style_quoted_share"] < 0.5  # both quote officials, neither is mostly quotes
        assert m["style_sentences"] >= 10


def test_word_counts_of_text_and_quotations():
    from analysis.text.quotes import find_quotes
    from analysis.text.words import word_counts

    text = 'He said "we don\'t know yet" and left. “Fine.”'
    assert word_counts(text, find_quotes(text)) == (9, 5)
    assert word_counts(text, []) == (9, 0)


def test_words_in_capitals_equal_the_word_boundary_pattern():
    import random
    import re

    from analysis.scorers.style import _CAPS_WORD

    boundaries = re.compile(r"\b[A-Z]{3,}\b")
    alphabet = ["A", "BC", "DEF", "g", "1", "_", " ", "-", "É", "'"]
    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        assert _CAPS_WORD.findall(text) == boundaries.findall(text), repr(text)
