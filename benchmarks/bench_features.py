"""Speed of the article feature table on the AllSides corpus, part by part, on one and two cores.

    python benchmarks/bench_features.py [--n 300] [--jobs 1 2]     # a sample (default 300 articles)
    python benchmarks/bench_features.py --full [--jobs-full 2]    # the whole corpus, end to end

Parts (articles/s and words/s):
  lexical      sentence split, quotations, loaded language, balance cues, main subject, style
  sentiment    VADER on the sentences naming the main subject (the subject found again)
  hedging      analysis.scorers.hedging.measures.hedging_measures (cues and the hedged-sentence classifier)
  readability  textstat's formulas (analysis.scorers.readability)
  text part    all of the above as scored: everything that needs no parse
  parse        the bare spaCy parse (analysis.text.document.parse_articles, batch 16)
  attribution  attributions, sourcing and balance of voices from a parse (parse excluded)
  full         score_articles: everything, parse once
and the ratio of full scoring to the bare parse of the same texts, and the peak memory. On two
cores each part runs on a pool of two worker processes (models loaded before timing); the
two-core attribution rate is derived as parse+attribution minus parse.

``--full`` runs ``python -m analysis score`` on all 37,554 articles (reading, cleaning, scoring,
writing) with ``--jobs-full`` processes and prints the wall time; it needs both cores for about
half an hour. The sample is drawn with a fixed seed, so runs compare.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from analysis.paths import shared_path

CORPUS = "corpora/allsides_articles.parquet"
NELA_ARTICLES_PER_S = (3.7, 6.3)
"""nela-features 3.0.1 measured on one core (../shared/README.md)."""
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def load_sample(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` articles drawn at random (fixed seed) from the corpus: text, title, outlet."""
    table = pq.read_table(shared_path(CORPUS), columns=["text", "title", "outlet"])
    rows = np.sort(np.random.default_rng(seed).choice(table.num_rows, size=n, replace=False))
    return table.take(rows).to_pandas()


# ----------------------------------------------------------------------------- one part at a time

def run_lexical(texts: list[str]) -> None:
    from analysis.scorers.balance import find_balance_cues
    from analysis.scorers.loaded import find_loaded_language
    from analysis.scorers.sentiment import main_subject
    from analysis.scorers.style import style_measures
    from analysis.text.article import Article

    for text in texts:
        article = Article(text)
        find_loaded_language(text, article.quotes)
        find_balance_cues(text)
        main_subject(text, None, article.sentences)
        style_measures(article)


def run_sentiment(texts: list[str]) -> None:
    from analysis.scorers.sentiment import main_subject, sentiment
    from analysis.text.sentences import sentence_spans

    for text in texts:
        spans = sentence_spans(text)
        subject = main_subject(text, None, spans)
        for index in subject.sentences if subject else ():
            sentiment(text[spans[index][0]:spans[index][1]])


def run_hedging(texts: list[str]) -> None:
    from analysis.scorers.hedging.measures import hedging_measures
    from analysis.text.article import Article

    for text in texts:
        hedging_measures(Article(text))


def run_readability(texts: list[str]) -> None:
    from analysis.scorers.readability import readability_measures

    for text in texts:
        readability_measures(text)


def run_text_part(texts: list[str]) -> None:
    from analysis.table.score import text_features
    from analysis.text.article import Article

    for text in texts:
        text_features(Article(text))


def run_parse(texts: list[str]) -> None:
    from analysis.text.document import parse_articles

    for _ in parse_articles(texts):
        pass


def run_parse_attribution(texts: list[str]) -> None:
    from analysis.table.score import parse_features
    from analysis.text.article import Article, parse_all

    articles = [Article(text) for text in texts]
    parse_all(articles)
    for article in articles:
        parse_features(article)


def run_full(texts: list[str]) -> None:
    from analysis.table.engines import score_articles

    score_articles(pd.DataFrame({"text": texts}))


PARTS = {"lexical": run_lexical, "sentiment": run_sentiment, "hedging": run_hedging,
         "readability": run_readability, "text part": run_text_part,
         "parse": run_parse, "parse+attribution": run_parse_attribution, "full": run_full}


def warm() -> None:
    """Load models, lexicons and dictionaries (what each worker does once)."""
    from analysis.table.engines import _warm_worker

    _warm_worker()


def _time_one_core(texts: list[str]) -> dict[str, float]:
    seconds = {}
    for name, function in PARTS.items():
        if name == "parse+attribution":
            continue
        started = time.perf_counter()
        function(texts)
        seconds[name] = time.perf_counter() - started
    from analysis.table.score import parse_features
    from analysis.text.article import Article, parse_all

    articles = [Article(text) for text in texts]
    parse_all(articles)
    started = time.perf_counter()
    for article in articles:
        parse_features(article)
    seconds["attribution"] = time.perf_counter() - started
    return seconds


def _time_pool(texts: list[str], jobs: int) -> dict[str, float]:
    seconds = {}
    size = max(1, -(-len(texts) // (jobs * 4)))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=warm) as pool:
        list(pool.map(run_readability, [chunks[0][:2]] * jobs))  # workers up and warm
        for name, function in PARTS.items():
            started = time.perf_counter()
            list(pool.map(function, chunks))
            seconds[name] = time.perf_counter() - started
    seconds["attribution"] = seconds["parse+attribution"] - seconds["parse"]
    return seconds


def _report(label: str, seconds: dict[str, float], n: int, words: int) -> None:
    print(f"\n{label}: {n} articles, {words} words")
    print(f"  {'part':<18}{'seconds':>9}{'articles/s':>12}{'words/s':>11}")
    for name in ("lexical", "sentiment", "hedging", "readability", "text part", "parse", "attribution", "full"):
        s = seconds[name]
        if s <= 0:  # a derived time lost in the noise of a busy machine
            print(f"  {name:<18}{s:>9.2f}{'n/a':>12}{'n/a':>11}")
            continue
        print(f"  {name:<18}{s:>9.2f}{n / s:>12.1f}{words / s:>11.0f}")
    print(f"  full scoring / bare parse = {seconds['full'] / seconds['parse']:.2f}")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def bench_sample(n: int, jobs_list: list[int]) -> None:
    print(f"before: {_load()}", flush=True)
    sample = load_sample(n)
    texts = [t if isinstance(t, str) else "" for t in sample["text"]]
    words = sum(len(_WORD.findall(t)) for t in texts)
    warm()
    run_text_part(load_sample(50, seed=1)["text"].fillna("").tolist())  # caches of other texts
    for jobs in jobs_list:
        seconds = _time_one_core(texts) if jobs == 1 else _time_pool(texts, jobs)
        _report(f"{jobs} core{'s' if jobs > 1 else ''}", seconds, n, words)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory: this process {own:.0f} MiB; largest worker {children:.0f} MiB")
    print(f"nela-features 3.0.1 (measured, one core): {NELA_ARTICLES_PER_S[0]}-{NELA_ARTICLES_PER_S[1]} articles/s")
    print(f"after: {_load()} (other work on the machine slows every figure)")


def bench_full(jobs: int) -> None:
    from bench_memory import score_measured

    source = shared_path(CORPUS)
    rows = pq.ParquetFile(source).metadata.num_rows
    with tempfile.TemporaryDirectory() as folder:
        print(f"before: {_load()}\nscoring {source} with {jobs} processes", flush=True)
        r = score_measured(source, Path(folder) / "features.parquet", 1000, jobs)
    seconds = r["seconds"]
    print(f"\nwhole corpus: {rows} articles in, {r['rows']} rows out, {r['errors']} with an error"
          + (f" (first: {r['first_error']})" if r["first_error"] else ""))
    print(f"wall time {seconds:.0f} s ({seconds / 60:.1f} min) on {jobs} processes: "
          f"{rows / seconds:.1f} articles/s")
    print(f"peak memory: main process {r['self_mib']:.0f} MiB, largest worker {r['workers_mib']:.0f} MiB")
    print(f"largest live worker's peak MiB after each chunk of 1,000: {r['worker_series']}")
    print(f"after: {_load()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="sample size (default 300)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="cores to measure on")
    parser.add_argument("--full", action="store_true", help="score the whole corpus end to end")
    parser.add_argument("--jobs-full", type=int, default=2, help="processes for --full (default 2)")
    args = parser.parse_args(argv)
    if args.full:
        bench_full(args.jobs_full)
    else:
        bench_sample(args.n, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
