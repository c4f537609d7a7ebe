"""The article feature table: one row per article, every measure of the package, at corpus scale.

:func:`score_articles` scores a frame like ``load_corpus`` returns, on an engine; each chunk is
scored by ``analysis.table.score`` (the text part and the parse part of every article, the parse
done once) and the command ``python -m analysis score`` (``analysis.table.command``) streams files
of any size through the same engines.

The columns, in order, are ``analysis.table.schema.TABLE_COLUMNS``: the features then ``error``.
Numbers are floats; ``lang_subject`` and ``src_relayed_outlets`` (relay outlets, most cited
first, joined by ``|``; ``""`` where there is none) are text. ``error`` is missing where the row
was scored and holds the message where it could not be (the text missing or not a string, or
the exception a scorer raised); such a row has every feature missing. No row is ever dropped:
a batch that fails is scored again article by article, so one broken article never costs
the others. The data dictionary is in ``docs/features.md``, generated from the schema.

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

import math
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass
from typing import Any

import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.table.schema import empty_table
from analysis.table.score import BATCH_SIZE, _inputs, score_frame, text_features
from analysis.text.article import Article
from analysis.text.document import get_nlp

ENGINES: tuple[str, ...] = ("local", "process", "dask")


TASK_ARTICLES = 64
"""Articles per task sent to a worker process or per Dask partition."""


TASKS_PER_POOL = 100
"""Tasks (of :data:`TASK_ARTICLES` articles) a pool of worker processes scores before it is
replaced by a fresh one (6,400 articles; loading the models again costs a worker ~2 s)."""


SCHEDULER_TIMEOUT = 30.0
"""Seconds to wait for a Dask scheduler given by address (``scheduler=``) to answer."""


PARENT_CHECK_SECONDS = 0.5
"""How often a worker process checks that its parent is alive."""


def _die_with_parent() -> None:
    """Make this worker process exit when the process that started it dies (killed, even by
    SIGKILL, or terminated), instead of living on as an orphan holding its models (~450 MB):
    a daemon thread checks every :data:`PARENT_CHECK_SECONDS` that the parent is still the
    one it started with (an orphan is re-parented, so ``os.getppid()`` changes) and ends the
    process at once. (Linux's ``PR_SET_PDEATHSIG`` is not used: it fires when the parent
    *thread* that started the worker ends, which would kill the workers of a pool created
    from a short-lived thread.)"""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def cap_workers(n_jobs: int, tasks: int | None = None) -> int:
    """``n_jobs`` capped at the CPU count (``os.cpu_count()``) and, when known, at the number of
    ``tasks`` to run (at least 1); a line on stderr says so when it caps."""
    cpus = os.cpu_count() or 1
    workers, reason = n_jobs, ""
    if workers > cpus:
        workers, reason = cpus, f"the {cpus} CPU(s) of this machine"
    if tasks is not None and workers > max(1, tasks):
        workers = max(1, tasks)
        reason = f"{tasks} task(s) of up to {TASK_ARTICLES} articles to score"
    if workers < n_jobs:
        print(f"n_jobs={n_jobs}: using {workers} worker process(es), for {reason}", file=sys.stderr)
    return workers


def _warm_worker() -> None:
    """Tie the worker's life to its parent's (:func:`_die_with_parent`), set one BLAS thread (the workers are the parallelism; more threads per worker only
    contend for the same cores) and load the models and lexicons once in a worker process,
    before its first task."""
    _die_with_parent()
    threadpool_limits(limits=1)
    get_nlp()
    text_features(Article("Warm-up. The minister said it was “very likely”, officials told Reuters.", "Warm"))


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


def _connect(address: str, timeout: float) -> Any:
    """A ``distributed.Client`` of the scheduler at ``address``; ``ConnectionError`` with a
    one-line message when nothing answers within ``timeout`` seconds or what answers is not a
    Dask scheduler (whose garbled reply Dask may read as a frame of exabytes)."""
    import logging

    from distributed import Client

    quiet = [logging.getLogger(name) for name in ("distributed", "distributed.comm", "distributed.client",
                                                  "distributed.core", "distributed.protocol")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:  # the failure is reported once, by the error below
        logger.setLevel(logging.CRITICAL)
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError) as error:
        if "timed out" in str(error).lower() or isinstance(error, TimeoutError):
            reason = f"no Dask scheduler answered within {timeout:g} s"
        else:
            reason = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:200]
    except Exception as error:  # noqa: BLE001 - garbage answers surface as many error types
        reason = f"what answers is not a Dask scheduler ({type(error).__name__})"
    finally:
        for logger, level in zip(quiet, levels):
            logger.setLevel(level)
    raise ConnectionError(f"cannot connect to the Dask scheduler at {address}: {reason}")


class DaskEngine(_ChunkByChunk):
    """Scores on a ``dask.distributed`` cluster (see the module docstring for which one)."""

    def __init__(self, n_jobs: int = 1, scheduler: Any = None, batch_size: int = BATCH_SIZE, *,
                 connect_timeout: float = SCHEDULER_TIMEOUT) -> None:
        from distributed import Client, LocalCluster, get_client

        self.batch_size = batch_size
        self.cluster = None
        self.own_client = True
        if isinstance(scheduler, Client):
            self.client, self.own_client = scheduler, False
        elif scheduler:
            self.client = _connect(scheduler, connect_timeout)
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
                batch_size: int = BATCH_SIZE, tasks: int | None = None,
                connect_timeout: float = SCHEDULER_TIMEOUT) -> LocalEngine | ProcessEngine | DaskEngine:
    """An engine to score many frames with the models loaded once; close it after use.

    The worker processes started here are capped at the CPU count and, when ``tasks`` (the
    number of tasks of :data:`TASK_ARTICLES` articles to score) is given, at that
    (:func:`cap_workers`, which says so on stderr). A Dask ``scheduler`` address that does not
    answer as a Dask scheduler within ``connect_timeout`` seconds raises ``ConnectionError``."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be >= 1, not {n_jobs}")
    if engine == "dask":
        if not scheduler:  # only a LocalCluster started here has n_jobs workers
            n_jobs = cap_workers(n_jobs, tasks)
        return DaskEngine(n_jobs, scheduler, batch_size, connect_timeout=connect_timeout)
    n_jobs = cap_workers(n_jobs, tasks)
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
    scorer = make_engine(engine, n_jobs, scheduler=scheduler, batch_size=batch_size,
                         tasks=math.ceil(len(articles) / TASK_ARTICLES))
    try:
        with _progress(len(articles), progress) as bar:
            table = scorer.score(articles, bar)
    finally:
        scorer.close()
    table.index = articles.index
    return table
