"""The Article record: facts computed once, on first use, and the batch parse."""
from __future__ import annotations

import pytest

from analysis.text import document
from analysis.text.article import Article, parse_all

TEXT = 'The minister said: "We may win." Officials told Reuters it was over.'


def test_facts_are_those_of_the_text_functions():
    from analysis.text.quotes import find_quotes
    from analysis.text.sentences import sentence_spans
    from analysis.text.words import word_counts

    article = Article(TEXT, "A Title", "Sputnik")
    assert article.sentences == sentence_spans(TEXT)
    assert article.quotes == find_quotes(TEXT)
    assert article.word_counts == word_counts(TEXT, find_quotes(TEXT)) == (12, 3)
    assert (article.title, article.outlet) == ("A Title", "Sputnik")


def test_blank_title_and_outlet_are_none_and_text_must_be_a_string():
    article = Article("Text.", "  ", "")
    assert article.title is None and article.outlet is None
    with pytest.raises(TypeError, match="must be a str"):
        Article(None)  # type: ignore[arg-type]


def test_each_fact_is_computed_once(monkeypatch):
    calls = []
    real = Article.__dict__["quotes"].func
    monkeypatch.setattr(Article, "quotes", property(lambda self: calls.append(1) or real(self)))
    article = Article(TEXT)
    article.word_counts, article.word_counts  # word counts read the quotes once, then keep their value
    assert len(calls) == 1


def test_parse_all_parses_each_article_once_in_one_pipe(monkeypatch):
    piped = []
    real_get_nlp = document.get_nlp

    class Counting:
        def __init__(self, nlp):
            self.nlp = nlp

        def pipe(self, pairs, **kwargs):
            pairs = list(pairs)
            piped.append(len(pairs))
            return self.nlp.pipe(pairs, **kwargs)

    monkeypatch.setattr(document, "get_nlp", lambda: Counting(real_get_nlp()))
    articles = [Article(TEXT), Article("He said no."), Article("")]
    parse_all(articles)
    assert piped == [3]
    assert [a.parse.text for a in articles] == [TEXT, "He said no.", ""]
    parse_all(articles)  # already parsed: nothing more
    assert piped == [3]
    assert articles[0].parse.sentences[0][0] == 0
