"""``python -m analysis score INPUT... -o OUTPUT.parquet|.csv``: the feature table of files of
any size, read in chunks, scored on an engine, written atomically, resumable with ``--resume``.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import shutil
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus.readers import (
    CorpusError,
    iter_files,
    jsonl_record,
    normalize_frame,
    read_file,
)
from analysis.table.engines import ENGINES, _progress, make_engine
from analysis.table.schema import ERROR, ID_COLUMNS, TABLE_COLUMNS, TEXT_COLUMNS
from analysis.table.score import BATCH_SIZE

OUTPUT_SUFFIXES = (".parquet", ".csv")


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
