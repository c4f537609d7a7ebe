"""``python -m analysis score INPUT... -o OUTPUT.parquet|.csv``: the feature table of files of
any size, read in chunks, scored on an engine, written atomically, resumable with ``--resume``.

The inputs are read by :func:`analysis.corpus.readers.iter_chunks`, the reader ``load_corpus``
concatenates: same encodings, rows, ids (unique over all chunks) and load problems.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus.readers import STREAMED_SUFFIXES, CorpusError, iter_chunks, iter_files
from analysis.table.engines import ENGINES, _progress, make_engine
from analysis.table.schema import ERROR, ID_COLUMNS, TABLE_COLUMNS, TEXT_COLUMNS
from analysis.table.score import BATCH_SIZE

OUTPUT_SUFFIXES = (".parquet", ".csv")
# Kept in the resume state: parts written by another reader (2: the load_corpus reader, with its
# encodings and ids unique over all chunks) are never mixed with this one's.
READER_VERSION = 2


def count_input_rows(inputs: Sequence[str | Path]) -> int | None:
    """Articles in the inputs when known without reading them (Parquet metadata, one per
    document file); ``None`` when a CSV or JSONL file is among them."""
    import pyarrow.parquet as pq

    total = 0
    for path in iter_files(list(inputs)):
        suffix = path.suffix.lower()
        if suffix == ".parquet" and path.stat().st_size > 0:
            try:
                total += pq.ParquetFile(path).metadata.num_rows
            except (OSError, ValueError):  # unreadable: one row naming the problem
                total += 1
        elif suffix in STREAMED_SUFFIXES and path.stat().st_size > 0:
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
    return {"files": files, "chunk_size": chunk_size, "columns": digest, "reader": READER_VERSION}


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
        # the chunks already written are read again but not normalized; their ids still count,
        # so ids stay unique over the whole run as in load_corpus
        chunks = iter_chunks(list(args.inputs), args.chunk_size, skip=skip)
        read: deque[pd.DataFrame] = deque()

        def articles_of_chunks() -> Iterator[pd.DataFrame]:
            for articles in chunks:
                read.append(articles)
                yield articles

        for number, scored in enumerate(scorer.score_stream(articles_of_chunks(), bar), start=skip):
            table = _output_frame(read.popleft(), scored)
            _write_atomic_part(table, work / f"part-{number:06d}.parquet")
            scored_rows += len(table)
            errors += int(table[ERROR].notna().sum())
    return scored_rows, errors


def _rows_of(part: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(part).metadata.num_rows
