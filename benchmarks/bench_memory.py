"""Peak memory of ``python -m analysis score`` as the corpus grows: it should stay flat.

    python benchmarks/bench_memory.py [--sizes 1000 10000] [--chunk-size 1000] [--jobs 1]

For each size, the first N AllSides articles are written to a Parquet file (row groups of 1,000)
and scored by the command in a fresh process; the peak resident memory of that process (and,
with ``--jobs`` > 1, of its largest worker) is printed beside the wall time, and the peak as it
stood after each chunk was written (with ``--jobs`` > 1, also the largest peak among the worker
processes alive then; they are renewed every 6,400 articles). Scoring streams the
input in chunks and writes each chunk as it is done, so the peak depends on the chunk size, not
on the corpus size. 10,000 articles take about 10 minutes on two cores.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from analysis.paths import shared_path

CORPUS = "corpora/allsides_articles.parquet"

_CHILD = r"""
import json, os, resource, sys
from analysis.table import command

def status(pid, field):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None

def workers():
    pids = []
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{task}/children") as handle:
            pids += handle.read().split()
    found = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if b"resource_tracker" not in handle.read():
                    found.append(pid)
        except OSError:
            pass
    return found

series, worker_series = [], []
write = command._write_atomic_part
def write_and_measure(frame, path):
    write(frame, path)
    series.append(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    peaks = [status(pid, "VmHWM") for pid in workers()]
    worker_series.append(max([p for p in peaks if p is not None], default=0))
command._write_atomic_part = write_and_measure
code = command.main(sys.argv[1:])
print(json.dumps({"code": code, "series": series, "worker_series": worker_series,
                  "self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "workers_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
"""Runs the command with its part writer wrapped to note, after each chunk, the peak memory of
the command's process and the largest peak among its live worker processes (Linux ``/proc``)."""


def write_head(n: int, path: Path) -> None:
    """The first ``n`` articles of the corpus as a Parquet file with row groups of 1,000."""
    reader = pq.ParquetFile(shared_path(CORPUS))
    columns = ["id", "outlet", "title", "text", "url", "date"]
    writer = None
    left = n
    for batch in reader.iter_batches(batch_size=1000, columns=columns):
        batch = batch.slice(0, min(left, batch.num_rows))
        if writer is None:
            writer = pq.ParquetWriter(path, batch.schema)
        writer.write_batch(batch)
        left -= batch.num_rows
        if left <= 0:
            break
    writer.close()


def score_measured(source: Path, output: Path, chunk_size: int, jobs: int) -> dict:
    """Run ``python -m analysis score source -o output`` in a fresh process with the memory
    probes of :data:`_CHILD`: wall seconds, rows and errors out, peaks (MiB) overall and after
    each chunk."""
    command = [sys.executable, "-c", _CHILD, str(source), "-o", str(output), "--chunk-size",
               str(chunk_size), "--jobs", str(jobs), "--quiet"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"scoring {source} failed:\n{done.stderr[-3000:]}")
    seconds = time.perf_counter() - started
    result = json.loads(done.stdout.strip().splitlines()[-1])
    errors = pq.read_table(output, columns=["error"]).column("error").drop_null()
    result.update(seconds=seconds, rows=pq.ParquetFile(output).metadata.num_rows, errors=len(errors),
                  first_error=errors[0].as_py() if len(errors) else None)
    return result


def measure(n: int, chunk_size: int, jobs: int, folder: Path) -> dict:
    """:func:`score_measured` on the first ``n`` articles of the corpus."""
    source = folder / f"head_{n}.parquet"
    write_head(n, source)
    result = score_measured(source, folder / f"features_{n}.parquet", chunk_size, jobs)
    result.update(n=n)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"chunk size {args.chunk_size}, {args.jobs} process(es)")
    print(f"{'articles':>9}{'rows out':>10}{'errors':>8}{'seconds':>9}{'articles/s':>12}{'peak MiB':>10}"
          f"{'worker MiB':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            r = measure(n, args.chunk_size, args.jobs, Path(folder))
            workers = f"{r['workers_mib']:>12.0f}" if args.jobs > 1 else f"{'-':>12}"
            print(f"{r['n']:>9}{r['rows']:>10}{r['errors']:>8}{r['seconds']:>9.0f}{r['n'] / r['seconds']:>12.1f}"
                  f"{r['self_mib']:>10.0f}{workers}", flush=True)
            print(f"          peak MiB after each chunk of {args.chunk_size}: {r['series']}", flush=True)
            if args.jobs > 1:
                print(f"          largest live worker's peak MiB after each chunk: {r['worker_series']}",
                      flush=True)
            if r["first_error"]:
                print(f"          first error: {r['first_error']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
