"""Quotation spans."""
from analysis.text.quotes import find_quotes, inside_quote, quoted_characters


def test_straight_and_curly_quotes():
    text = '"There is no attribution," Demarest said. “You, Sony & FBI, cannot find us.”'
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["There is no attribution,", "You, Sony & FBI, cannot find us."]
    assert text[quotes[0].start:quotes[0].end] == '"There is no attribution,"'
    assert [q.is_short for q in quotes] == [False, False]
    assert inside_quote(quotes, text.index("attribution")) and not inside_quote(quotes, text.index("Demarest"))
    assert quoted_characters(quotes) == len("There is no attribution,") + len("You, Sony & FBI, cannot find us.")


def test_apostrophes_are_not_quotes_and_titles_are_short():
    text = "Sony’s film ‘The Interview’ was pulled from America’s theaters."
    quotes = find_quotes(text)
    assert [(q.text, q.is_short) for q in quotes] == [("The Interview", True)]


def test_quote_over_paragraphs_reopened():
    text = "“The first paragraph goes on.\n\n“The second one ends here,” he said."
    assert [q.text for q in find_quotes(text)] == ["The first paragraph goes on.", "The second one ends here,"]


def test_unbalanced_marks_never_raise():
    for text in ['He said "this never ends', '”closing first', '" " "', "“", "", 'a 5" screen and a "word"']:
        quotes = find_quotes(text)
        assert all(text[q.content_start:q.content_end] == q.text for q in quotes)
    assert [q.text for q in find_quotes('a 5" screen and a "word"')] == ["word"]


def test_two_apostrophes_as_quotation_marks():
    text = "''We will not back down,'' the senator said. Sony's ''Interview''."
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["We will not back down,", "Interview"]
    assert text[quotes[0].start:quotes[0].end] == "''We will not back down,''"


def test_mark_pattern_equals_the_character_class():
    import random
    import re

    from analysis.text.quotes import _MARK

    marks = re.compile(r"''|[\"“”‘’]")
    alphabet = ["'", "''", '"', "“", "”", "‘", "’", "a", " "]
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        assert [m.span() for m in _MARK.finditer(text)] == [m.span() for m in marks.finditer(text)]


def test_apostrophes_inside_a_quotation_do_not_end_it():
    text = 'She said "it’s the team’s ‘best’ year\nand we’re glad," and left.'
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["it’s the team’s ‘best’ year\nand we’re glad,"]
