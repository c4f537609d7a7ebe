"""One article, and the facts about it that several scorers read, each computed once.

:class:`Article` is the spine of the package: readers give text, title and outlet; scorers are
plain functions of an ``Article`` and read its facts (:attr:`Article.sentences`,
:attr:`Article.quotes`, :attr:`Article.word_counts`, :attr:`Article.parse`), each worked out the
first time a scorer asks for it and kept on the record, so no fact is computed twice and none is
threaded through as an optional argument. The parse is the expensive one: :func:`parse_all`
parses a batch of articles at once (``nlp.pipe``), and :attr:`Article.parse` parses a single
article on demand where no batch did.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from analysis.text.document import ArticleDoc, parse_articles
from analysis.text.quotes import Quote, find_quotes
from analysis.text.sentences import sentence_spans
from analysis.text.words import word_counts


class Article:
    """An article's ``text`` (a ``str``, offsets of every span refer to it), its ``title`` and
    its ``outlet`` (the publisher, which ends every attribution chain), both ``None`` when
    unknown. Raises ``TypeError`` when ``text`` is not a string."""

    def __init__(self, text: str, title: str | None = None, outlet: str | None = None) -> None:
        if not isinstance(text, str):
            raise TypeError(f"an article's text must be a str, got {type(text).__name__}")
        self.text = text
        self.title = title if isinstance(title, str) and title.strip() else None
        self.outlet = outlet if isinstance(outlet, str) and outlet.strip() else None

    def __repr__(self) -> str:
        return f"Article({self.text[:40]!r}…, title={self.title!r}, outlet={self.outlet!r})"

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """The sentences as ``(start, end)`` offsets, from the fast splitter
        (``analysis.text.sentences``), no parse."""
        return sentence_spans(self.text)

    @cached_property
    def quotes(self) -> list[Quote]:
        """The quotations (``analysis.text.quotes.find_quotes``), in order."""
        return find_quotes(self.text)

    @cached_property
    def word_counts(self) -> tuple[int, int]:
        """``(words, words inside quotations)``; counts >= 0."""
        return word_counts(self.text, self.quotes)

    @cached_property
    def parse(self) -> ArticleDoc:
        """The spaCy parse (``analysis.text.document``), done here if no batch parse
        (:func:`parse_all`) set it."""
        return next(parse_articles([self.text], quotes=[self.quotes]))


def parse_all(articles: Sequence[Article], batch_size: int = 16) -> None:
    """Parse every article of ``articles`` that has no parse yet, in batches of ``batch_size``
    through ``nlp.pipe``; each keeps its parse as :attr:`Article.parse`."""
    todo = [a for a in articles if "parse" not in a.__dict__]
    if not todo:
        return
    parsed = parse_articles((a.text for a in todo), batch_size=batch_size, quotes=[a.quotes for a in todo])
    for article, doc in zip(todo, parsed, strict=True):
        article.__dict__["parse"] = doc
