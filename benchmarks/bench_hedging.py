"""Speed of ``analysis.hedged_sentences`` and ``analysis.find_hedges`` on one core.

Run: ``python benchmarks/bench_hedging.py [N]``. Uses the sentences of real news articles (see
:func:`sample_sentences`), repeated to ``N`` sentences (default 20,000); the model and the compiled
patterns are loaded before the clock starts. Prints sentences per wall-clock second and per
CPU second of the process (one core; on a busy machine the wall-clock rate is lower).
"""
from __future__ import annotations

import itertools
import sys
import time

import pandas as pd

from analysis.corpus.cleaning import clean_text
from analysis.scorers.hedging.cues import find_hedges
from analysis.scorers.hedging.measures import hedged_sentences
from analysis.scorers.hedging.classifier import load_model
from analysis.paths import DATA_DIR, SEEDS_DIR, SharedDataMissing, shared_path
from analysis.text.sentences import sentence_spans

SHARED_NEWS = "corpora/allsides_sony_hack_2014.csv"


def sample_sentences(n: int) -> list[str]:
    """``n`` sentences cycled from real news: the 31 Sony-hack articles of ``../shared`` when
    present, else our news dev set; plus the cleaned seeds."""
    try:
        texts = pd.read_csv(shared_path(SHARED_NEWS))["text"].dropna().tolist()
    except SharedDataMissing:
        texts = pd.read_csv(DATA_DIR / "eval" / "news_hedging_dev.csv")["sentence"].tolist()
    texts += [clean_text(path.read_text(encoding="utf-8")) for path in sorted(SEEDS_DIR.glob("*.txt"))]
    pool = [text[start:end] for text in texts for start, end in sentence_spans(text)]
    return list(itertools.islice(itertools.cycle(pool), n))


def rate(function, sentences: list[str]) -> tuple[float, float]:
    """Sentences per second of ``function`` over ``sentences``: per wall-clock second and per
    second of this process's CPU time (one core; the latter is not slowed by other processes)."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(sentences)
    return len(sentences) / (time.perf_counter() - wall), len(sentences) / (time.process_time() - cpu)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    sentences = sample_sentences(n)
    load_model()
    hedged_sentences(sentences[:10])
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    print(f"{n} sentences, {words:.1f} words each on average")
    for name, function in (("find_hedges", lambda ss: [find_hedges(s) for s in ss]),
                           ("hedged_sentences", hedged_sentences)):
        wall, cpu = rate(function, sentences)
        print(f"{name:<17} {wall:8,.0f} sentences/s wall clock, {cpu:8,.0f} sentences per CPU second")


if __name__ == "__main__":
    main()
