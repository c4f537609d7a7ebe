"""The regex sentence splitter."""
from analysis.text.sentences import sentence_spans


def _sentences(text):
    return [text[a:b] for a, b in sentence_spans(text)]


def test_abbreviations_initials_and_quotes():
    text = 'Mr. Smith went to Washington D.C. on Monday. He said: "No." Then J. Doe left! U.S. officials agreed?  Yes.'
    assert _sentences(text) == ["Mr. Smith went to Washington D.C. on Monday.", 'He said: "No."',
                                "Then J. Doe left!", "U.S. officials agreed?", "Yes."]


def test_paragraphs_and_blank_text():
    assert _sentences("First line without stop\n\nSecond paragraph.") == ["First line without stop", "Second paragraph."]
    assert sentence_spans("") == [] and sentence_spans("   \n ") == []


def test_longest_abbreviation_constant():
    from analysis.text.sentences import _ABBREVIATIONS, _LONGEST_ABBREVIATION

    assert _LONGEST_ABBREVIATION == max(map(len, _ABBREVIATIONS))


def test_long_words_before_a_dot_end_sentences():
    text = "He left at 5 p.m. Then Gen. Smith spoke. Officials agreed. Dept. heads came."
    assert _sentences(text) == ["He left at 5 p.m. Then Gen. Smith spoke.", "Officials agreed.",
                                "Dept. heads came."]
