"""Loaded language, subject sentiment and balance of voices, on texts written for the test."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pytest

from analysis.corpus.cleaning import clean_text
from analysis.scorers.balance import (BALANCE_CATEGORIES, BALANCE_FEATURES, balance_cue_measures, balance_lexicon,
                                      balance_measures, find_balance_cues)
from analysis.scorers.loaded import LOADED_CATEGORIES, find_loaded_language, loaded_lexicon, loaded_measures
from analysis.scorers.sentiment import main_subject, subject_measures
from analysis.table.schema import LANGUAGE_FEATURES
from analysis.text.article import Article
from analysis.text.sentences import sentence_spans


def language_measures(text, title=None):
    """The ``lang_*`` columns of the text part, as the feature table computes them."""
    article = Article(text, title)
    return {**loaded_measures(article), **subject_measures(article), **balance_cue_measures(article)}


def test_lexicons_load_with_known_categories_and_valid_patterns():
    assert {row.category for row in loaded_lexicon()} == set(LOADED_CATEGORIES)
    assert {row.category for row in balance_lexicon()} == set(BALANCE_CATEGORIES)
    for row in (*loaded_lexicon(), *balance_lexicon()):
        re.compile(row.pattern)


def test_spans_categories_and_voice():
    text = 'Critics slammed the far-right regime\'s "very shocking" move. It was a witch hunt.'
    terms = find_loaded_language(text)
    assert [(t.text, t.category, t.quoted) for t in terms] == [
        ("slammed", "dramatic_verb", False),
        ("far-right", "loaded_label", False),
        ("regime", "loaded_label", False),
        ("very", "intensifier", True),
        ("shocking", "emotive", True),
        ("witch hunt", "loaded_label", False),
    ]
    assert all(text[t.start:t.end] == t.text for t in terms)


def test_words_inside_other_words_are_not_terms():
    assert find_loaded_language("The slammer, the everyday regimen and a very-large array.") == []


def test_rates_keep_writer_and_quoted_wording_apart():
    # 12 words, 6 of them quoted; the writer's own: slammed, regime; the quoted: very, shocking
    m = language_measures('Critics slammed the regime. "It is a very shocking move," he said.')
    assert m["lang_loaded_per_100w"] == pytest.approx(200 / 6)
    assert m["lang_loaded_quoted_per_100w"] == pytest.approx(200 / 6)
    assert m["lang_dramatic_verb_per_100w"] == pytest.approx(100 / 6)
    assert m["lang_loaded_label_per_100w"] == pytest.approx(100 / 6)
    assert m["lang_emotive_per_100w"] == 0  # "shocking" is quoted, not the writer's
    assert m["lang_critic_cues"] == 1 and m["lang_supporter_cues"] == 0
    assert m["lang_side_balance"] == 0.0


def test_title_terms_are_counted():
    assert language_measures("A plain text.", "Trump Slams 'Witch Hunt'")["lang_title_loaded"] == 2
    assert math.isnan(language_measures("A plain text.")["lang_title_loaded"])


def test_balance_cues():
    text = ("The company did not respond to a request for comment. Its lawyer declined to comment. "
            "The minister denied the report. Critics and supporters of the bill disagreed.")
    cues = find_balance_cues(text)
    assert [c.category for c in cues] == ["no_comment", "no_comment", "dispute", "critic", "supporter"]
    assert cues[0].text == "did not respond to a request for comment"
    m = language_measures(text)
    assert m["lang_no_comment_cues"] == 2 and m["lang_dispute_cues"] == 1
    assert m["lang_side_balance"] == 1.0  # one mention of each side


def test_main_subject():
    text = ("Sony said the hack was serious. Officials in Washington blamed North Korea. "
            "Sony Pictures cancelled the film. The studio's chief said Sony would recover.")
    subject = main_subject(text)
    assert subject is not None
    assert (subject.key, subject.name, subject.mentions, subject.sentences) == ("Sony", "Sony", 3, (0, 2, 3))


def test_titles_before_names_are_not_the_subject():
    subject = main_subject("President Obama spoke. President Obama left. Obama returned on Monday.")
    assert subject is not None and subject.key == "Obama" and subject.name == "Obama"


def test_sentiment_toward_the_subject_follows_the_sentences_that_mention_it():
    praise = language_measures("Acme is a wonderful, excellent company. Acme won a great award. "
                               "The weather was awful.")
    blame = language_measures("Acme is a terrible, awful company. Acme caused a horrible disaster. "
                              "The weather was wonderful.")
    assert praise["lang_subject"] == "Acme" and praise["lang_subject_sentences"] == 2
    assert 0 < praise["lang_subject_sentiment"] <= 1 and praise["lang_subject_positive_share"] == 1
    assert -1 <= blame["lang_subject_sentiment"] < 0 and blame["lang_subject_negative_share"] == 1


def test_no_subject_gives_missing_sentiment():
    m = language_measures("it rained all day and nobody came.")
    assert m["lang_subject"] is None and m["lang_subject_sentences"] == 0
    assert math.isnan(m["lang_subject_sentiment"])


@dataclass(frozen=True)
class _Attribution:
    resolved: str
    source_start: int | None
    source_end: int | None
    cue_start: int


def _attribution(text: str, source: str, cue: str, after: int = 0) -> _Attribution:
    start = text.index(source, after)
    return _Attribution(source, start, start + len(source), text.index(cue, start))


def test_balance_of_voices_from_attributions():
    text = ("The mayor said the plan works. Critics said it would fail. "
            "The company denied the report, a spokesman said.")
    attributions = [_attribution(text, "mayor", "said"), _attribution(text, "Critics", "said"),
                    _attribution(text, "spokesman", "said")]
    m = balance_measures(text, attributions, sentence_spans(text))
    assert list(m) == list(BALANCE_FEATURES)
    assert m["lang_responding_voices"] == 1  # the spokesman, in the sentence with "denied"
    assert m["lang_responding_share"] == pytest.approx(1 / 3)
    assert m["lang_sources_critic"] == 1 and m["lang_sources_supporter"] == 0
    assert m["lang_source_side_balance"] == 0.0


def test_no_attributions_gives_missing_shares():
    m = balance_measures("Nothing is attributed here.", [], [(0, 27)])
    assert m["lang_responding_voices"] == 0 and math.isnan(m["lang_responding_share"])
    assert math.isnan(m["lang_source_side_balance"])


@pytest.mark.parametrize("text", ["", "   ", '"unbalanced “quote', "\x00\x01 junk ÿþ", "A" * 5000])
def test_odd_text_never_raises(text):
    m = language_measures(text, "Title")
    assert list(m) == list(LANGUAGE_FEATURES)


def test_not_a_string_raises():
    with pytest.raises(TypeError):
        language_measures(None)  # type: ignore[arg-type]


def test_seed_subject_is_sony(seed_texts):
    # the 9 December seed names Sony in 12 of its sentences, more than anything else; the 19
    # December one is about the US government's findings and names "US" most (6 times)
    subject = main_subject(clean_text(seed_texts["003_fa32939be2f0a779"]))
    assert subject is not None and subject.key == "Sony" and subject.name == "Sony Pictures"
    assert main_subject(clean_text(seed_texts["000_a2f2319523fc04d1"])).key == "US"


def test_prefix_tree_regex_matches_what_starts_with_a_key():
    import re

    from analysis.text.lexicon import prefix_tree_regex

    keys = ["rip", "rage", "ra", "in", "inc", "no"]
    regex = re.compile(prefix_tree_regex(keys))
    for word in ["rip", "ripped", "rage", "rat", "in", "income", "none", "r", "i", "yes", "ar"]:
        assert bool(regex.match(word)) == any(word.startswith(k) for k in keys), word


def test_mentions_equal_the_word_boundary_regex():
    import re

    from analysis.scorers.sentiment import _mentions

    text = "Sony, Sony's SonyX xSony 'Sony ’Sony_ Sony_ SonySony Sony-Pictures (Sony) Sony"
    for key in ["Sony", "SonySony", "US", "Sony-", "Sony's"]:
        regex = re.compile(rf"(?<![\w'’]){re.escape(key)}(?!\w)")
        assert _mentions(text, key) == [m.start() for m in regex.finditer(text)], key


def test_capitalised_words_and_phrases_equal_the_lookbehind_first_patterns():
    import random

    from analysis.scorers.sentiment import _CAPITALISED, _PHRASE

    capitalised = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*\w")
    phrase = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*\w(?:[ ](?:[A-Z][\w'’.-]*\w))*")
    alphabet = ["A", "Bo", "c", "'", "’", "-", ".", " ", "  ", "\n", "_", "7", "é", "'s"]
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert _CAPITALISED.findall(text) == capitalised.findall(text), repr(text)
        assert _PHRASE.findall(text) == phrase.findall(text), repr(text)


def test_each_lexicon_finds_its_terms_from_its_word_starts():
    from analysis.scorers.balance import _balance
    from analysis.scorers.loaded import _loaded

    text = "Critics slammed it. In response, supporters said it was very good. Un-American!"
    assert [(text[s:e], c) for s, e, c in _loaded().find(text)] == [
        ("slammed", "dramatic_verb"), ("very", "intensifier"), ("Un-American", "loaded_label")]
    assert [c for _, _, c in _balance().find(text)] == ["critic", "response", "supporter"]
    # where lower-casing moves offsets, or a Kelvin sign lower-cases to "k", the same terms
    for odd in ("İ " + text, text + " \u212a"):
        shift = len(odd) - len(text) if odd.startswith("İ") else 0
        assert [(s - shift, e - shift, c) for s, e, c in _loaded().find(odd)] == _loaded().find(text)
    assert find_balance_cues("They were s\u212aeptical of it.") == []  # "skep" is a key


def test_lower_case_letters_are_the_texts_letters_but_for_the_kelvin_sign():
    """What :class:`_KeyStarts` relies on: a character that lower-cases to one character keeps
    being a word character or hyphen (or not), and lower-cases to an ASCII letter only when it
    is one, or the Kelvin sign."""
    from analysis.text.lexicon import _KELVIN_SIGN

    word = re.compile(r"[\w-]")
    to_ascii_letter = []
    for code in range(0x110000):
        character = chr(code)
        lowered = character.lower()
        if len(lowered) == 1:
            assert bool(word.match(character)) == bool(word.match(lowered)), hex(code)
            if lowered.isascii() and lowered.isalpha() and not character.isascii():
                to_ascii_letter.append(character)
    assert to_ascii_letter == [_KELVIN_SIGN]
