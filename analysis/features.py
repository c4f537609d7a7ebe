"""The article feature table: one row per article, every measure of the package, at corpus scale.

:func:`score_articles` scores a frame like ``load_corpus`` returns; ``python -m analysis score``
(:func:`main`) scores files of any size into one Parquet or CSV table. Each article is
analysed in two parts:

* the **text part** (no parse): style (``style_*``, ``analysis.style``), readability
  (``read_*``, ``analysis.readability``), loaded language, sentiment and balance cues
  (``lang_*``, ``analysis.language``) and hedging (``hedge_*``, ``analysis.hedging``), sharing one
  sentence split (``analysis.sentences``) and one quotation scan (``analysis.quotes``);
* the **parse part**: one spaCy parse per article (``analysis.document.parse_articles``, batched),
  handed to attribution (``analysis.attribution``), sourcing depth (``src_*``,
  ``analysis.sourcing``) and the balance of voices (``lang_responding_*``, ``lang_sources_*``).
  Nothing parses twice.

The columns, in order, are :data:`TABLE_COLUMNS`: :data:`FEATURE_COLUMNS` then ``error``.
Numbers are floats; ``lang_subject`` and ``src_relayed_outlets`` (relay outlets, most cited
first, joined by ``|``; ``""`` where there is none) are text. ``error`` is missing where the row
was scored and holds the message where it could not be (the text missing or not a string, or
the exception a scorer raised); such a row has every feature missing. No row is ever dropped:
a batch that fails is scored again article by article, so one broken article never costs
the others. The data dictionary is in the README and the modules named above.

Engines (``engine=``):

``local``    in this process (``n_jobs=1``); with ``n_jobs > 1`` it runs as ``process``.
``process``  ``n_jobs`` worker processes (spawned), each loading the models once and scoring
             chunks of :data:`TASK_ARTICLES` articles; results are put back in input order;
             the workers are renewed every :data:`TASKS_PER_POOL` tasks, so memory stays flat.
``dask``     the same chunk scoring as ``map_partitions`` over a Dask DataFrame on a
             ``dask.distributed`` cluster: the one at ``scheduler=`` (an address such as
             ``tcp://10.0.0.5:8786``), else the current client, else a ``LocalCluster`` of
             ``n_jobs`` single-threaded worker processes started for the call. A Dask DataFrame
             in gives a lazy Dask DataFrame out (for corpora beyond one machine: write it with
             ``to_parquet``); a pandas frame in gives a pandas frame out, equal to ``local``.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import multiprocessing
import os
import shutil
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from analysis.attribution import attributions_from_doc
from analysis.corpus import CorpusError, iter_files, jsonl_record, normalize_frame, read_file
from analysis.document import get_nlp, parse_articles
from analysis.hedging import HEDGING_FEATURES, hedging_measures
from analysis.language import BALANCE_FEATURES, LANGUAGE_FEATURES, balance_measures, language_measures
from analysis.quotes import Quote, find_quotes
from analysis.readability import READABILITY_FEATURES, readability_measures
from analysis.sentences import sentence_spans
from analysis.sourcing import SOURCING_FEATURES, relayed_outlets, sourcing_measures
from analysis.style import STYLE_FEATURES, style_measures

TEXT_PART_FEATURES: tuple[str, ...] = (
    *HEDGING_FEATURES, *LANGUAGE_FEATURES, *READABILITY_FEATURES, *STYLE_FEATURES)
"""Columns of the text part (no parse)."""
RELAYED_OUTLETS = "src_relayed_outlets"
ERROR = "error"
ID_COLUMNS: tuple[str, ...] = ("article_id", "outlet")
"""Columns of the input carried into the command's output table before the features."""
TEXT_COLUMNS: tuple[str, ...] = ("lang_subject", RELAYED_OUTLETS)
"""Feature columns holding text; all others are floats."""
ENGINES: tuple[str, ...] = ("local", "process", "dask")
BATCH_SIZE = 16
"""Articles per ``nlp.pipe`` batch of the parse."""
TASK_ARTICLES = 64
"""Articles per task sent to a worker process or per Dask partition."""
TASKS_PER_POOL = 100
"""Tasks (of :data:`TASK_ARTICLES` articles) a pool of worker processes scores before it is
replaced by a fresh one (6,400 articles; loading the models again costs a worker ~2 s)."""
OUTPUT_SUFFIXES = (".parquet", ".csv")


FEATURE_COLUMNS: tuple[str, ...] = (
    *HEDGING_FEATURES, *SOURCING_FEATURES, RELAYED_OUTLETS, *BALANCE_FEATURES, *LANGUAGE_FEATURES, *READABILITY_FEATURES,
    *STYLE_FEATURES,
)
"""Every feature column, in table order: ``hedge_*``, ``src_*``, ``lang_*``, ``read_*``,
``style_*`` (the ``lang_*`` of the parse part sit after ``src_relayed_outlets``)."""
TABLE_COLUMNS: tuple[str, ...] = (*FEATURE_COLUMNS, ERROR)
"""The columns :func:`score_articles` returns, in order."""
NUMERIC_FEATURES: tuple[str, ...] = tuple(c for c in FEATURE_COLUMNS if c not in TEXT_COLUMNS)
"""The float columns (what :class:`ArticleFeatures` outputs)."""


# ---------------------------------------------------------------- scoring one batch of articles

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


def text_features(text: str, title: str | None = None, *,
                  quotes: Sequence[Quote] | None = None) -> dict[str, Any]:
    """The text part of one article (:data:`TEXT_PART_FEATURES`): style, readability, loaded
    language, sentiment, balance cues and hedging, sharing one sentence split and one quotation
    scan (``quotes``: ``find_quotes(text)`` when the caller has it). No parse."""
    spans = sentence_spans(text)
    quotes = find_quotes(text) if quotes is None else quotes
    measures: dict[str, Any] = {}
    measures.update(hedging_measures(text, spans, quotes=quotes))
    measures.update(language_measures(text, title, sentence_spans=spans, quotes=quotes))
    measures.update(readability_measures(text))
    measures.update(style_measures(text, title, sentence_spans=spans, quotes=quotes))
    return measures


def parse_features(article: Any, outlet: str | None = None) -> dict[str, Any]:
    """The parse part of one parsed article (an ``analysis.document.ArticleDoc``): sourcing
    depth, relayed outlets and the balance of voices from its attributions."""
    attributions = attributions_from_doc(article, outlet=outlet)
    measures: dict[str, Any] = dict(sourcing_measures(attributions, article))
    measures[RELAYED_OUTLETS] = "|".join(relayed_outlets(attributions))
    speech = [a for a in attributions if getattr(a, "cue_kind", "speech") == "speech"]
    measures.update(balance_measures(article.text, speech, article.sentences))
    return measures


def _error_row(message: str) -> dict[str, Any]:
    return {ERROR: message}


def _score_valid(articles: Sequence[ArticleInput], batch_size: int) -> list[dict[str, Any]]:
    quotes = [find_quotes(a.text) for a in articles]
    rows = [text_features(a.text, a.title, quotes=q) for a, q in zip(articles, quotes)]
    parsed = parse_articles((a.text for a in articles), batch_size=batch_size, quotes=quotes)
    for row, article, doc in zip(rows, articles, parsed, strict=True):
        row.update(parse_features(doc, article.outlet))
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


def empty_table(index: pd.Index | None = None) -> pd.DataFrame:
    """A feature table with no values: the columns and dtypes of :func:`score_articles`."""
    index = pd.RangeIndex(0) if index is None else index
    columns = {c: pd.Series(np.nan, index=index, dtype="float64") for c in NUMERIC_FEATURES}
    for c in (*TEXT_COLUMNS, ERROR):
        columns[c] = pd.Series(None, index=index, dtype="object")
    return pd.DataFrame(columns, index=index)[list(TABLE_COLUMNS)]


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


# ---------------------------------------------------------------------------------- the engines

def _warm_worker() -> None:
    """Set one BLAS thread (the workers are the parallelism; more threads per worker only
    contend for the same cores) and load the models and lexicons once in a worker process,
    before its first task."""
    threadpool_limits(limits=1)
    get_nlp()
    text_features("Warm-up. The minister said it was “very likely”, officials told Reuters.", "Warm")


def _progress(total: int | None, enabled: bool, initial: int = 0) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, unit="article", disable=not enabled,
                dynamic_ncols=True, smoothing=0.05, file=sys.stderr)


def _tasks(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[start:start + size] for start in range(0, len(frame), size)]


class _ChunkByChunk:
    """Streams by scoring one frame after the other with the engine's ``score`` (engines without
    overlap of their own)."""

    def score_stream(self, frames: Iterable[pd.DataFrame], bar: Any) -> Iterator[pd.DataFrame]:
        """The table of each frame of ``frames``, in order."""
        for frame in frames:
            yield self.score(frame, bar)


class LocalEngine(_ChunkByChunk):
    """Scores in this process."""

    def __init__(self, batch_size: int = BATCH_SIZE) -> None:
        self.batch_size = batch_size

    def score(self, frame: pd.DataFrame, bar: Any) -> pd.DataFrame:
        parts = []
        for task in _tasks(frame, TASK_ARTICLES):
            parts.append(score_frame(task, self.batch_size))
            bar.update(len(task))
        return pd.concat(parts) if parts else empty_table(frame.index)

    def close(self) -> None:
        """Nothing to release."""


@dataclass
class _Chunk:
    """A frame being scored by the process engine (its index): its tasks' tables as they come
    back."""

    index: pd.Index
    tasks: int
    tables: dict[int, pd.DataFrame]

    def table(self) -> pd.DataFrame | None:
        """The frame's whole table once every task is back, else ``None``."""
        if len(self.tables) < self.tasks:
            return None
        if not self.tasks:
            return empty_table(self.index)
        return pd.concat([self.tables[i] for i in range(self.tasks)])


class ProcessEngine:
    """Scores on ``n_jobs`` spawned worker processes, each loading the models once. At most two
    tasks per worker are in flight, so memory stays bounded, and they run on across frames:
    the next frame is read and cleaned by the caller while the workers score the last tasks of
    the one before, so no worker waits at a frame's end. After :data:`TASKS_PER_POOL` tasks the
    workers are replaced by fresh ones: spaCy's vocabulary in a worker keeps every new word it
    parses (measured: 764 → 25,568 lexemes over 400 AllSides articles), so a worker that lived
    for a whole corpus would grow with it."""

    def __init__(self, n_jobs: int, batch_size: int = BATCH_SIZE,
                 tasks_per_pool: int | None = None) -> None:
        self.batch_size = batch_size
        self.n_jobs = n_jobs
        self.tasks_per_pool = TASKS_PER_POOL if tasks_per_pool is None else tasks_per_pool
        self.pool = self._new_pool()
        self.submitted = 0
        self.pools_started = 1

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.n_jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm_worker)

    def _submit(self, task: pd.DataFrame, key: tuple[int, int], pending: dict[Future, tuple[int, int]],
                chunks: dict[int, _Chunk], bar: Any) -> None:
        """Submit one task, first replacing the workers (after the tasks in flight are done)
        when the pool has had its share."""
        if self.submitted >= self.tasks_per_pool:
            while pending:
                self._collect(pending, chunks, bar)
            self.pool.shutdown(wait=True)
            self.pool = self._new_pool()
            self.submitted = 0
            self.pools_started += 1
        pending[self.pool.submit(score_frame, task, self.batch_size)] = key
        self.submitted += 1

    @staticmethod
    def _collect(pending: dict[Future, tuple[int, int]], chunks: dict[int, _Chunk], bar: Any) -> None:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            number, task = pending.pop(future)
            table = future.result()
            chunks[number].tables[task] = table
            bar.update(len(table))

    def score_stream(self, frames: Iterable[pd.DataFrame], bar: Any) -> Iterator[pd.DataFrame]:
        """The table of each frame of ``frames``, in order; the next frame is taken from
        ``frames`` as soon as every task of the one before is submitted."""
        frames = iter(frames)
        chunks: dict[int, _Chunk] = {}
        queue: deque[tuple[tuple[int, int], pd.DataFrame]] = deque()
        pending: dict[Future, tuple[int, int]] = {}
        read = given = 0
        exhausted = False
        while True:
            if not queue and not exhausted:
                frame = next(frames, None)
                if frame is None:
                    exhausted = True
                else:
                    tasks = _tasks(frame, TASK_ARTICLES)
                    chunks[read] = _Chunk(frame.index, len(tasks), {})
                    queue.extend(((read, i), task) for i, task in enumerate(tasks))
                    read += 1
            while queue and len(pending) < 2 * self.n_jobs:
                key, task = queue.popleft()
                self._submit(task, key, pending, chunks, bar)
            while given in chunks and (table := chunks[given].table()) is not None:
                del chunks[given]
                given += 1
                yield table
            if exhausted and not queue and not pending and not chunks:
                return
            if pending and (queue or exhausted):
                self._collect(pending, chunks, bar)

    def score(self, frame: pd.DataFrame, bar: Any) -> pd.DataFrame:
        return next(self.score_stream([frame], bar))

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _score_partition(partition: pd.DataFrame, batch_size: int = BATCH_SIZE) -> pd.DataFrame:
    return score_frame(partition, batch_size)


def _input_columns(frame: Any) -> list[str]:
    return [c for c in ("text", "title", "outlet") if c in frame.columns]


def lazy_table(frame: Any, batch_size: int = BATCH_SIZE) -> Any:
    """The feature table of a Dask DataFrame as a lazy Dask DataFrame (one scoring task per
    partition; computed on whichever scheduler the caller uses)."""
    return frame[_input_columns(frame)].map_partitions(_score_partition, batch_size, meta=empty_table())


class DaskEngine(_ChunkByChunk):
    """Scores on a ``dask.distributed`` cluster (see the module docstring for which one)."""

    def __init__(self, n_jobs: int = 1, scheduler: Any = None, batch_size: int = BATCH_SIZE) -> None:
        from distributed import Client, LocalCluster, get_client

        self.batch_size = batch_size
        self.cluster = None
        self.own_client = True
        if isinstance(scheduler, Client):
            self.client, self.own_client = scheduler, False
        elif scheduler:
            self.client = Client(scheduler)
        else:
            try:
                self.client, self.own_client = get_client(), False
            except ValueError:
                self.cluster = LocalCluster(n_workers=max(1, n_jobs), threads_per_worker=1,
                                            processes=True, dashboard_address=None)
                self.client = Client(self.cluster)

    def score(self, frame: pd.DataFrame, bar: Any) -> pd.DataFrame:
        import dask.dataframe as dd
        from distributed import as_completed

        if frame.empty:
            return empty_table(frame.index)
        partitions = max(1, math.ceil(len(frame) / TASK_ARTICLES))
        lazy = lazy_table(dd.from_pandas(frame[_input_columns(frame)], npartitions=partitions, sort=False),
                          self.batch_size)
        futures = self.client.compute(lazy.to_delayed())
        for future in as_completed(futures):
            bar.update(len(future.result()))
        parts = self.client.gather(futures)
        table = pd.concat(parts)
        table.index = frame.index
        return table

    def close(self) -> None:
        if self.own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(engine: str = "local", n_jobs: int = 1, *, scheduler: Any = None,
                batch_size: int = BATCH_SIZE) -> LocalEngine | ProcessEngine | DaskEngine:
    """An engine to score many frames with the models loaded once; close it after use."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be >= 1, not {n_jobs}")
    if engine == "dask":
        return DaskEngine(n_jobs, scheduler, batch_size)
    if engine == "process" or n_jobs > 1:
        return ProcessEngine(n_jobs, batch_size)
    return LocalEngine(batch_size)


def score_articles(articles: Any, *, n_jobs: int = 1, engine: str = "local", progress: bool = False,
                   scheduler: Any = None, batch_size: int = BATCH_SIZE) -> Any:
    """The feature table of ``articles`` (a frame with ``text`` and, where known, ``title`` and
    ``outlet``, as ``load_corpus`` returns): same index, same rows, in order, columns
    :data:`TABLE_COLUMNS`. See the module docstring for ``engine`` and ``n_jobs``; ``progress``
    shows a tqdm bar (articles per second) on stderr; ``scheduler`` is a Dask scheduler address
    or client (``engine="dask"`` with a pandas frame only). A Dask DataFrame gives a lazy Dask
    DataFrame, to compute or write on the caller's client.

    Raises ``ValueError`` for an unknown engine, ``n_jobs < 1`` or a frame without ``text``.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise ValueError("scheduler= is for engine='dask'")
    if type(articles).__module__.startswith("dask"):
        if engine != "dask" or scheduler is not None:
            raise ValueError("a Dask DataFrame needs engine='dask' and no scheduler= (the lazy "
                             "result is computed on the caller's client)")
        if "text" not in articles.columns:
            raise ValueError(f"score_articles needs a 'text' column; columns are {list(articles.columns)}")
        return lazy_table(articles, batch_size)
    if not isinstance(articles, pd.DataFrame):
        raise TypeError(f"score_articles needs a pandas or Dask DataFrame, got {type(articles).__name__}")
    _inputs(articles.iloc[:0])
    scorer = make_engine(engine, n_jobs, scheduler=scheduler, batch_size=batch_size)
    try:
        with _progress(len(articles), progress) as bar:
            table = scorer.score(articles, bar)
    finally:
        scorer.close()
    table.index = articles.index
    return table


# ------------------------------------------------------------------- the scikit-learn transformer

class ArticleFeatures(TransformerMixin, BaseEstimator):
    """The numeric article features (:data:`NUMERIC_FEATURES`) as a scikit-learn transformer.

    ``transform`` takes texts (a list, array or Series of strings) or a frame with a ``text``
    column (``title`` and ``outlet`` used where present) and returns a float array, one row per
    text; a text that cannot be scored gives a row of NaN (impute or drop it downstream). With
    ``set_output(transform="pandas")`` the result is a DataFrame with these column names. The
    features are fixed measures: ``fit`` learns nothing.
    """

    def __init__(self, n_jobs: int = 1, engine: str = "local", batch_size: int = BATCH_SIZE) -> None:
        self.n_jobs = n_jobs
        self.engine = engine
        self.batch_size = batch_size

    def fit(self, X: Any, y: Any = None) -> ArticleFeatures:
        """Check the parameters; nothing is learned."""
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {self.engine!r}")
        self._as_frame(X)
        self.n_features_out_ = len(NUMERIC_FEATURES)
        return self

    @staticmethod
    def _as_frame(X: Any) -> pd.DataFrame:
        if isinstance(X, pd.DataFrame):
            if "text" not in X.columns:
                raise ValueError(f"a frame given to ArticleFeatures needs a 'text' column; has {list(X.columns)}")
            return X
        if isinstance(X, str):
            raise TypeError("ArticleFeatures takes a sequence of texts, not one string")
        values = X if isinstance(X, pd.Series) else np.asarray(X, dtype=object).ravel()
        index = X.index if isinstance(X, pd.Series) else None
        return pd.DataFrame({"text": list(values)}, index=index)

    def transform(self, X: Any) -> np.ndarray:
        """The features of each text: an array of shape (n_texts, len(NUMERIC_FEATURES))."""
        check_is_fitted(self, "n_features_out_")
        frame = self._as_frame(X)
        table = score_articles(frame, n_jobs=self.n_jobs, engine=self.engine, batch_size=self.batch_size)
        return table[list(NUMERIC_FEATURES)].to_numpy(dtype=float)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The output column names, :data:`NUMERIC_FEATURES`."""
        return np.asarray(NUMERIC_FEATURES, dtype=object)


# ------------------------------------------------------------ the command: streaming, resumable

def _chunks_of_table(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_size):
            yield batch.to_pandas()
    elif suffix == ".csv":
        yield from pd.read_csv(path, chunksize=chunk_size, dtype="object", keep_default_na=False,
                               na_values=[""], encoding="utf-8-sig", encoding_errors="replace")
    else:
        yield from _jsonl_chunks(path, chunk_size)


def _jsonl_chunks(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Records of a JSON-lines file, ``chunk_size`` at a time; a line that is not a JSON object
    becomes a record without text whose ``_line_problem`` says why (as ``load_corpus`` does)."""
    records: list[dict[str, Any]] = []
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            records.append(jsonl_record(line, number))
            if len(records) == chunk_size:
                yield pd.DataFrame.from_records(records)
                records = []
    if records:
        yield pd.DataFrame.from_records(records)


@dataclass(frozen=True)
class _RawChunk:
    """A chunk of input read but not yet normalized (normalizing cleans text: skipped on resume)."""

    path: Path
    frame: pd.DataFrame | None
    files: tuple[Path, ...] = ()
    first_row: int = 0

    def articles(self) -> pd.DataFrame:
        if self.frame is not None:
            frame = self.frame
            problems = frame.pop("_line_problem") if "_line_problem" in frame.columns else None
            articles = normalize_frame(frame, self.path, first_row=self.first_row)
            if problems is not None:
                articles["load_problem"] = problems.astype("string").fillna(articles["load_problem"])
            return articles
        return pd.concat([read_file(p) for p in self.files], ignore_index=True)


def iter_input_chunks(inputs: Sequence[str | Path], chunk_size: int) -> Iterator[_RawChunk]:
    """The inputs in chunks of at most ``chunk_size`` articles, in order, each file chunked on
    its own: ``.parquet``, ``.csv`` and ``.jsonl`` are streamed; ``.json``, ``.txt`` and
    ``.html`` files (one article per file) are grouped ``chunk_size`` files at a time."""
    singles: list[Path] = []
    for path in iter_files(list(inputs)):
        if path.suffix.lower() in (".parquet", ".csv", ".jsonl") and path.stat().st_size > 0:
            if singles:
                yield from (_RawChunk(singles[0], None, tuple(singles[i:i + chunk_size]))
                            for i in range(0, len(singles), chunk_size))
                singles = []
            first_row = 0
            for frame in _chunks_of_table(path, chunk_size):
                yield _RawChunk(path, frame, (), first_row)
                first_row += len(frame)
        else:
            singles.append(path)
    for i in range(0, len(singles), chunk_size):
        yield _RawChunk(singles[i], None, tuple(singles[i:i + chunk_size]))


def count_input_rows(inputs: Sequence[str | Path]) -> int | None:
    """Articles in the inputs when known without reading them (Parquet metadata, one per
    document file); ``None`` when a CSV or JSONL file is among them."""
    import pyarrow.parquet as pq

    total = 0
    for path in iter_files(list(inputs)):
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            total += pq.ParquetFile(path).metadata.num_rows
        elif suffix in (".csv", ".jsonl") and path.stat().st_size > 0:
            return None
        else:
            total += 1
    return total


def output_schema() -> Any:
    """The Arrow schema of the command's output: :data:`ID_COLUMNS`, then :data:`TABLE_COLUMNS`."""
    import pyarrow as pa

    fields = [pa.field(c, pa.string()) for c in ID_COLUMNS]
    for column in TABLE_COLUMNS:
        fields.append(pa.field(column, pa.string() if column in (*TEXT_COLUMNS, ERROR) else pa.float64()))
    return pa.schema(fields)


def _output_frame(articles: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Ids beside the features; a row that failed to load keeps its load problem as the error."""
    out = pd.DataFrame({c: (articles[c] if c in articles.columns else pd.Series(None, index=articles.index))
                        .astype("object").where(lambda s: s.notna(), None) for c in ID_COLUMNS})
    out = pd.concat([out, table], axis=1)
    if "load_problem" in articles.columns:
        problem = articles["load_problem"].astype("object")
        unscored = out[ERROR].notna() & problem.notna()
        out.loc[unscored, ERROR] = problem[unscored].astype(str)
    return out.reset_index(drop=True)


def _state(inputs: Sequence[str | Path], chunk_size: int) -> dict[str, Any]:
    """What a resumed run must share with the run it continues."""
    files = [{"path": str(p.resolve()), "bytes": p.stat().st_size} for p in iter_files(list(inputs))]
    digest = hashlib.sha256(json.dumps(TABLE_COLUMNS).encode()).hexdigest()[:16]
    return {"files": files, "chunk_size": chunk_size, "columns": digest}


def _write_atomic_part(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    temporary = path.with_name(path.name + ".tmp")
    pq.write_table(pa.Table.from_pandas(frame, schema=output_schema(), preserve_index=False), temporary)
    os.replace(temporary, path)


def _assemble(parts: Sequence[Path], output: Path) -> int:
    """Concatenate the parts into ``output`` through a temporary file renamed at the end, so the
    output appears whole or not at all; returns the number of rows."""
    import pyarrow.parquet as pq

    temporary = output.with_name(f".{output.name}.tmp")
    rows = 0
    if output.suffix.lower() == ".parquet":
        with pq.ParquetWriter(temporary, output_schema()) as writer:
            for part in parts:
                table = pq.read_table(part)
                writer.write_table(table)
                rows += table.num_rows
    else:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            for number, part in enumerate(parts):
                frame = pq.read_table(part).to_pandas()
                frame.to_csv(handle, header=number == 0, index=False)
                rows += len(frame)
    os.replace(temporary, output)
    return rows


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m analysis score",
        description="Score articles into the feature table (one row per article, an error column).")
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="files or folders: .parquet, .csv, .jsonl, .json, .txt, .html")
    parser.add_argument("-o", "--output", required=True, type=Path, help="OUT.parquet or OUT.csv")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local (default; processes when --jobs > 1), process or dask")
    parser.add_argument("--scheduler", default=None,
                        help="address of a running Dask scheduler (with --engine dask)")
    parser.add_argument("--chunk-size", type=int, default=1000,
                        help="articles read, scored and written at a time (default 1000)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="articles per parse batch")
    parser.add_argument("--resume", action="store_true",
                        help="continue a run that was stopped, from its last written chunk")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser.parse_args(list(argv))


def _prepare_work_dir(work: Path, state: dict[str, Any], resume: bool) -> list[Path]:
    """The parts already written (when resuming a run of the same inputs), else a fresh folder."""
    state_file = work / "state.json"
    if resume and state_file.exists():
        if json.loads(state_file.read_text(encoding="utf-8")) != state:
            raise SystemExit(f"cannot resume: {work} was written for other inputs, chunk size or "
                             "columns; run without --resume to start again")
        return sorted(work.glob("part-*.parquet"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    state_file.write_text(json.dumps(state), encoding="utf-8")
    return []


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analysis score INPUT... -o OUT.parquet|.csv [--jobs N] [--engine E]
    [--scheduler ADDRESS] [--chunk-size N] [--resume]``: stream the inputs in chunks, score
    each chunk, write it to ``OUT.partial/`` as it is done, and assemble ``OUT`` at the end
    (written to a temporary file and renamed: whole or absent). A stopped run continues with
    ``--resume``. Returns 0, or 2 for bad arguments."""
    args = _arguments(sys.argv[1:] if argv is None else argv)
    output: Path = args.output
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        print(f"the output must end in {' or '.join(OUTPUT_SUFFIXES)}: {output}", file=sys.stderr)
        return 2
    if args.chunk_size < 1 or args.jobs < 1 or args.batch_size < 1:
        print("--chunk-size, --jobs and --batch-size must be >= 1", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print("--scheduler needs --engine dask", file=sys.stderr)
        return 2
    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.with_name(output.name + ".partial")
    done = _prepare_work_dir(work, _state(args.inputs, args.chunk_size), args.resume)
    done_rows = sum(_rows_of(part) for part in done)
    started = time.perf_counter()
    scorer = make_engine(args.engine, args.jobs, scheduler=args.scheduler, batch_size=args.batch_size)
    try:
        scored_rows, errors = _score_chunks(args, scorer, work, len(done), done_rows)
    except CorpusError as error:
        print(f"cannot read the input: {error}", file=sys.stderr)
        return 2
    finally:
        scorer.close()
    rows = _assemble(sorted(work.glob("part-*.parquet")), output)
    shutil.rmtree(work)
    seconds = time.perf_counter() - started
    rate = scored_rows / seconds if seconds > 0 else float("nan")
    print(f"wrote {output}: {rows} rows ({done_rows} from an earlier run), {errors} errors in this run, "
          f"{scored_rows} articles scored in {seconds:.1f} s ({rate:.1f} articles/s)", file=sys.stderr)
    return 0


def _score_chunks(args: argparse.Namespace, scorer: Any, work: Path, skip: int, done_rows: int
                  ) -> tuple[int, int]:
    """Score every chunk after the first ``skip`` (already written), each written as a part as
    soon as it is done; returns the rows scored and how many of them have an error."""
    scored_rows = errors = 0
    with _progress(count_input_rows(args.inputs), not args.quiet, initial=done_rows) as bar:
        chunks = itertools.islice(iter_input_chunks(args.inputs, args.chunk_size), skip, None)
        read: deque[pd.DataFrame] = deque()

        def articles_of_chunks() -> Iterator[pd.DataFrame]:
            for chunk in chunks:
                read.append(chunk.articles())
                yield read[-1]

        for number, scored in enumerate(scorer.score_stream(articles_of_chunks(), bar), start=skip):
            table = _output_frame(read.popleft(), scored)
            _write_atomic_part(table, work / f"part-{number:06d}.parquet")
            scored_rows += len(table)
            errors += int(table[ERROR].notna().sum())
    return scored_rows, errors


def _rows_of(part: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(part).metadata.num_rows
