"""Scoring articles into rows of the feature table, one batch at a time, in this process.

Each article is an :class:`analysis.text.article.Article`, analysed in two parts:

* the **text part** (:func:`text_features`, no parse): hedging, loaded language, sentiment
  toward the main subject, balance cues, readability and style;
* the **parse part** (:func:`parse_features`): one spaCy parse per article, batched
  (``analysis.text.article.parse_all``), read by attribution, sourcing depth and the balance of
  voices. Nothing parses twice.

A row is a dict of the columns of ``analysis.table.schema``; an article that cannot be scored
gets only an ``error`` and never costs the others its row. The engines
(``analysis.table.engines``) run :func:`score_frame` on chunks.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.scorers.attribution.extract import attributions_from_doc
from analysis.scorers.balance import balance_cue_measures, balance_measures
from analysis.scorers.hedging.measures import hedging_measures
from analysis.scorers.loaded import loaded_measures
from analysis.scorers.readability import readability_measures
from analysis.scorers.sentiment import subject_measures
from analysis.scorers.sourcing import (
    relayed_outlets,
    sourcing_measures,
)
from analysis.scorers.style import style_measures
from analysis.table.schema import (
    ERROR,
    NUMERIC_FEATURES,
    RELAYED_OUTLETS,
    TABLE_COLUMNS,
    TEXT_COLUMNS,
)
from analysis.text.article import Article, parse_all

BATCH_SIZE = 16
"""Articles per ``nlp.pipe`` batch of the parse."""


@dataclass(frozen=True)
class ArticleInput:
    """What scoring one article needs: its text, title and outlet (the publisher, which ends
    every attribution chain)."""

    text: object
    title: str | None = None
    outlet: str | None = None


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def text_problem(text: object) -> str | None:
    """Why ``text`` cannot be scored (missing, or not a string), or ``None`` when it can."""
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return "text is missing"
    if not isinstance(text, str):
        return f"text is not a string but {type(text).__name__}"
    return None


def text_features(article: Article) -> dict[str, Any]:
    """The text part of one article (:data:`analysis.table.schema.TEXT_PART_FEATURES`): hedging,
    loaded language, sentiment, balance cues, readability and style. No parse."""
    measures: dict[str, Any] = {}
    measures.update(hedging_measures(article))
    measures.update(loaded_measures(article))
    measures.update(subject_measures(article))
    measures.update(balance_cue_measures(article))
    measures.update(readability_measures(article.text))
    measures.update(style_measures(article))
    return measures


def parse_features(article: Article) -> dict[str, Any]:
    """The parse part of one article: sourcing depth, relayed outlets and the balance of
    voices, from the attributions of its parse."""
    doc = article.parse
    attributions = attributions_from_doc(doc, outlet=article.outlet)
    measures: dict[str, Any] = dict(sourcing_measures(attributions, doc))
    measures[RELAYED_OUTLETS] = "|".join(relayed_outlets(attributions))
    speech = [a for a in attributions if a.cue_kind == "speech"]
    measures.update(balance_measures(article.text, speech, doc.sentences))
    return measures


def _error_row(message: str) -> dict[str, Any]:
    return {ERROR: message}


def _score_valid(inputs: Sequence[ArticleInput], batch_size: int) -> list[dict[str, Any]]:
    articles = [Article(a.text, a.title, a.outlet) for a in inputs]
    rows = [text_features(article) for article in articles]
    parse_all(articles, batch_size)
    for row, article in zip(rows, articles, strict=True):
        row.update(parse_features(article))
    return rows


def _score_alone(article: ArticleInput, batch_size: int) -> dict[str, Any]:
    try:
        return _score_valid([article], batch_size)[0]
    except Exception as error:  # a scorer failing on one article is recorded, never raised
        return _error_row(f"{type(error).__name__}: {error}")


def score_batch(articles: Sequence[ArticleInput], batch_size: int = BATCH_SIZE) -> list[dict[str, Any]]:
    """Score a batch: one row dict per article, in order. Articles whose text cannot be scored
    get only an ``error``; when the batch fails as a whole, its articles are scored one by one
    so that the failure stays with the article that caused it."""
    rows: list[dict[str, Any]] = [{} for _ in articles]
    valid = []
    for index, article in enumerate(articles):
        problem = text_problem(article.text)
        if problem:
            rows[index] = _error_row(problem)
        else:
            valid.append(index)
    try:
        scored = _score_valid([articles[i] for i in valid], batch_size)
    except Exception:  # fall back to one by one; each failure lands in its own row
        scored = [_score_alone(articles[i], batch_size) for i in valid]
    for index, row in zip(valid, scored):
        rows[index] = row
    return rows


def _inputs(frame: pd.DataFrame) -> list[ArticleInput]:
    if "text" not in frame.columns:
        raise ValueError(f"score_articles needs a 'text' column; columns are {list(frame.columns)}")
    titles = frame["title"] if "title" in frame.columns else [None] * len(frame)
    outlets = frame["outlet"] if "outlet" in frame.columns else [None] * len(frame)
    return [ArticleInput(text, _text_or_none(title), _text_or_none(outlet))
            for text, title, outlet in zip(frame["text"], titles, outlets)]


def _table(rows: Sequence[dict[str, Any]], index: pd.Index) -> pd.DataFrame:
    table = pd.DataFrame.from_records(list(rows), index=index, columns=list(TABLE_COLUMNS))
    for column in NUMERIC_FEATURES:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    for column in (*TEXT_COLUMNS, ERROR):
        table[column] = table[column].astype("object").where(table[column].notna(), None)
    return table


def score_frame(frame: pd.DataFrame, batch_size: int = BATCH_SIZE) -> pd.DataFrame:
    """Score every row of ``frame`` in this process: the feature table, same index and order."""
    return _table(score_batch(_inputs(frame), batch_size), frame.index)
