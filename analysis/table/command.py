"""``python -m analysis score INPUT... -o OUTPUT.parquet|.csv``: the feature table of files of
any size, read in chunks, scored on an engine, written atomically, resumable with ``--resume``.

The inputs are read by :func:`analysis.corpus.readers.iter_chunks`, the reader ``load_corpus``
concatenates: same encodings, rows, ids (unique over all chunks) and load problems. The output
has ``article_id`` and ``outlet``, the feature columns, ``error``, then ``load_problem``: what the
reader noted for the row (a repeated id renamed ``id#2``, a missing text, an unreadable line), so
an id made unique is noted on its row even when the row was scored. Ids are unique over the
whole output, also where a renamed ``id#2`` meets an input's own ``id#2`` (the reader's
``UniqueIds`` takes the next free number), exactly as in ``load_corpus``.

Safety of a run:

* One run per output at a time: the run holds an exclusive ``flock`` on ``OUT.partial/.lock``
  (the OS drops it when the process dies, so a crashed run never leaves it stuck; a lock file
  nobody holds does not block); a second run on the same ``-o`` is refused with exit 2.
* The output is never an input: ``-o`` naming an input file (also through symlinks) is refused;
  inside an input folder, the output, its work folder ``OUT.partial/`` and its temporary file
  ``.OUT.tmp`` are never read (passed as ``exclude`` to the reader).
* ``--resume`` continues only the same inputs: each input's size, ``mtime_ns`` and SHA-256 (of the
  whole file under 4 MiB, else of its first and last 64 KiB) is kept in ``OUT.partial/state.json``;
  when any differs the resume is refused (drop ``--resume`` or delete the work folder).
* Bad paths (a missing input, an output under a file or that is a folder) are one line on stderr
  and exit 2; a failed start leaves no ``OUT.partial/`` when nothing was scored; a failure while
  writing the output (e.g. a full disk) removes the temporary file, keeps the scored parts for
  ``--resume`` and exits 1.

CSV output: every text cell is quoted (``csv.QUOTE_NONNUMERIC``), so ``\r``, ``\n``, quotes and
commas inside a cell round-trip through ``pandas.read_csv``; numbers are written bare and read
back as numbers. Against spreadsheet formula injection (OWASP "CSV injection"), a text cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, and so
does one already starting with ``'``, so the original is recovered exactly by dropping one
leading ``'`` from a text cell that has one. Only text cells are touched (``article_id``,
``outlet``, ``lang_subject``, ``src_relayed_outlets``, ``error``, ``load_problem``); Parquet output
keeps every value as it is. As with any CSV read by ``pandas.read_csv`` with its defaults, an
empty string reads back as missing, and cells such as ``NA`` or ``007`` are read as missing or
numbers unless the reader asks for ``dtype=str`` / ``keep_default_na=False``.
"""
from __future__ import annotations

import argparse
import csv
import errno
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
# Kept in the resume state: parts written by another reader (3: the load_corpus reader, with its
# encodings and ids unique over all chunks, and the load_problem column) are never mixed with
# this one's.
READER_VERSION = 3
LOAD_PROBLEM = "load_problem"
"""The output's last column: the reader's note on the row (missing where it loaded cleanly)."""
OUTPUT_COLUMNS: tuple[str, ...] = (*ID_COLUMNS, *TABLE_COLUMNS, LOAD_PROBLEM)
LOCK_NAME = ".lock"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A CSV text cell starting with one of these gets a leading ``'`` (OWASP CSV injection)."""
FULL_HASH_BYTES = 4 << 20
EDGE_BYTES = 64 << 10


class Refused(Exception):
    """A run that cannot start or go on, with the one line to print; ``code`` is the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


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
    """The Arrow schema of the command's output: :data:`OUTPUT_COLUMNS`."""
    import pyarrow as pa

    fields = [pa.field(c, pa.string()) for c in ID_COLUMNS]
    for column in TABLE_COLUMNS:
        fields.append(pa.field(column, pa.string() if column in (*TEXT_COLUMNS, ERROR) else pa.float64()))
    fields.append(pa.field(LOAD_PROBLEM, pa.string()))
    return pa.schema(fields)


def _text_columns() -> list[str]:
    import pyarrow as pa

    return [f.name for f in output_schema() if f.type == pa.string()]


def _output_frame(articles: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Ids beside the features, then the reader's note; a row that failed to load keeps its load
    problem as the error."""
    def column(name: str) -> pd.Series:
        values = articles[name] if name in articles.columns else pd.Series(None, index=articles.index)
        return values.astype("object").where(values.notna(), None)

    out = pd.DataFrame({c: column(c) for c in ID_COLUMNS})
    out = pd.concat([out, table], axis=1)
    problem = column(LOAD_PROBLEM)
    unscored = out[ERROR].notna() & problem.notna()
    out.loc[unscored, ERROR] = problem[unscored].astype(str)
    out[LOAD_PROBLEM] = problem
    return out.reset_index(drop=True)


def _fingerprint(path: Path) -> dict[str, Any]:
    """Size, mtime_ns and SHA-256 of ``path`` (whole under :data:`FULL_HASH_BYTES`, else its
    first and last :data:`EDGE_BYTES`): what ``--resume`` checks has not changed."""
    stat = path.stat()
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            if stat.st_size <= FULL_HASH_BYTES:
                while block := handle.read(1 << 20):
                    digest.update(block)
            else:
                digest.update(handle.read(EDGE_BYTES))
                handle.seek(-EDGE_BYTES, os.SEEK_END)
                digest.update(handle.read(EDGE_BYTES))
        sha = digest.hexdigest()
    except OSError as error:  # unreadable: the reader makes it a problem row
        sha = f"unreadable: {error.strerror or error}"
    return {"path": str(path.resolve()), "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha}


def _state(files: Sequence[Path], chunk_size: int) -> dict[str, Any]:
    """What a resumed run must share with the run it continues."""
    digest = hashlib.sha256(json.dumps(OUTPUT_COLUMNS).encode()).hexdigest()[:16]
    return {"files": [_fingerprint(p) for p in files], "chunk_size": chunk_size, "columns": digest,
            "reader": READER_VERSION}


def _state_difference(old: Any, new: dict[str, Any]) -> str | None:
    """What differs between the state of the run to continue and this one's, or ``None``."""
    if not isinstance(old, dict):
        return "its state is unreadable"
    for key, what in (("chunk_size", "the chunk size"), ("columns", "the columns"), ("reader", "the reader")):
        if old.get(key) != new[key]:
            return f"{what} changed"
    old_files = old.get("files") if isinstance(old.get("files"), list) else []
    old_by_path = {f.get("path"): f for f in old_files if isinstance(f, dict)}
    for file in new["files"]:
        before = old_by_path.get(file["path"])
        if before is None:
            return f"{file['path']} is a new input"
        if before != file:
            changed = [k for k in ("bytes", "mtime_ns", "sha256") if before.get(k) != file[k]]
            return f"{file['path']} changed ({', '.join(changed) or 'fingerprint'})"
    if [f.get("path") for f in old_files if isinstance(f, dict)] != [f["path"] for f in new["files"]]:
        gone = set(old_by_path) - {f["path"] for f in new["files"]}
        return f"{sorted(gone)[0]} is no longer an input" if gone else "the inputs are in another order"
    return None


def _write_atomic_part(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    temporary = path.with_name(path.name + ".tmp")
    try:
        pq.write_table(pa.Table.from_pandas(frame, schema=output_schema(), preserve_index=False), temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _neutralise(value: object) -> object:
    """``value`` with a leading ``'`` when it is text a spreadsheet would read as a formula (or
    text starting with ``'``, so dropping one leading ``'`` always gives the original back)."""
    if isinstance(value, str) and value.startswith((*FORMULA_PREFIXES, "'")):
        return "'" + value
    return value


def _csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A part as written to CSV: text cells neutralised, numbers as they are."""
    frame = frame.copy()
    for column in _text_columns():
        frame[column] = frame[column].astype("object").map(_neutralise)
    return frame


def _temporary_output(output: Path) -> Path:
    return output.with_name(f".{output.name}.tmp")


def _assemble(parts: Sequence[Path], output: Path) -> int:
    """Concatenate the parts into ``output`` through a temporary file renamed at the end, so the
    output appears whole or not at all (the temporary file is removed when writing fails);
    returns the number of rows."""
    import pyarrow.parquet as pq

    temporary = _temporary_output(output)
    rows = 0
    try:
        if output.suffix.lower() == ".parquet":
            with pq.ParquetWriter(temporary, output_schema()) as writer:
                for part in parts:
                    table = pq.read_table(part)
                    writer.write_table(table)
                    rows += table.num_rows
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as handle:
                if not parts:
                    handle.write(",".join(f'"{c}"' for c in OUTPUT_COLUMNS) + "\n")
                for number, part in enumerate(parts):
                    frame = _csv_frame(pq.read_table(part).to_pandas())
                    frame.to_csv(handle, header=number == 0, index=False, quoting=csv.QUOTE_NONNUMERIC,
                                 lineterminator="\n")
                    rows += len(frame)
        os.replace(temporary, output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
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


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _input_files(inputs: Sequence[str | Path], excluded: Sequence[Path]) -> list[Path]:
    """The input files (:func:`iter_files`) but those at or under an ``excluded`` path (resolved)."""
    resolved = [e.resolve() for e in excluded]
    files = []
    for path in iter_files(list(inputs)):
        real = path.resolve()
        if not any(_is_within(real, e) for e in resolved):
            files.append(path)
    return files


def _check_paths(inputs: Sequence[str], output: Path, work: Path) -> None:
    """Refuse a missing input, an output that is a folder or an input, and an input in the work
    folder, before anything is written."""
    for item in inputs:
        if not Path(item).exists():
            raise Refused(f"cannot read the input {item}: no such file or folder")
    if output.is_dir():
        raise Refused(f"the output {output} is a folder; name a .parquet or .csv file")
    real_output, real_work = output.resolve(), work.resolve()
    for item in inputs:
        path = Path(item)
        real = path.resolve()
        if _is_within(real, real_work):
            raise Refused(f"the input {item} is in the work folder {work} of the output; move it first")
        if path.is_dir():
            continue
        if real == real_output or (output.exists() and os.path.samefile(path, output)):
            raise Refused(f"the output {output} is the input {item}; choose another output (-o)")


def _make_parent(output: Path) -> None:
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Refused(f"cannot create the folder of the output {output}: "
                      f"{error.strerror or error} ({error.filename or output.parent})") from None


class _WorkLock:
    """An exclusive ``flock`` on ``<work>/.lock``, held for the whole run. The OS releases it when
    the process ends, however it ends; a lock file nobody holds is simply locked again."""

    def __init__(self, work: Path, output: Path) -> None:
        self.work, self.output, self.fd = work, output, None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # no flock on this platform: runs on one output are not serialised
            self.work.mkdir(exist_ok=True)
            return
        path = self.work / LOCK_NAME
        while True:
            try:
                self.work.mkdir(exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:  # the folder was removed by a run finishing just now
                continue
            except OSError as error:
                raise Refused(f"cannot create the work folder {self.work}: {error.strerror or error}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                os.close(fd)
                if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise Refused(f"another score run is writing {self.output} (it holds {path}); "
                                  "wait for it to end or choose another output (-o)") from None
                raise
            try:  # still the lock file of the folder, not one a finishing run just removed
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd

    def release(self, remove: bool) -> None:
        """Release the lock; with ``remove``, delete the work folder first (lock file included)."""
        try:
            if remove and self.work.exists():
                shutil.rmtree(self.work, ignore_errors=True)
        finally:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None


def _prepare_work_dir(work: Path, state: dict[str, Any], resume: bool) -> list[Path]:
    """The parts already written (when resuming a run of the same inputs), else a fresh folder
    (emptied but for the lock)."""
    state_file = work / "state.json"
    if resume and state_file.exists():
        try:
            old = json.loads(state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        difference = _state_difference(old, state)
        if difference is not None:
            raise Refused(f"cannot resume: {difference} since {work} was written; run without "
                          f"--resume to start again, or delete {work}")
        return sorted(work.glob("part-*.parquet"))
    for child in work.iterdir():
        if child.name == LOCK_NAME:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    state_file.write_text(json.dumps(state), encoding="utf-8")
    return []


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analysis score INPUT... -o OUT.parquet|.csv [--jobs N] [--engine E]
    [--scheduler ADDRESS] [--chunk-size N] [--resume]``: stream the inputs in chunks, score
    each chunk, write it to ``OUT.partial/`` as it is done, and assemble ``OUT`` at the end
    (written to a temporary file and renamed: whole or absent). A stopped run continues with
    ``--resume``. Returns 0; 2 for bad arguments or paths, a locked output or a refused resume;
    1 when the run fails part way (e.g. the disk is full; the scored parts are kept)."""
    args = _arguments(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args)
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return refused.code


def _run(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise Refused(f"the output must end in {' or '.join(OUTPUT_SUFFIXES)}: {output}")
    if args.chunk_size < 1 or args.jobs < 1 or args.batch_size < 1:
        raise Refused("--chunk-size, --jobs and --batch-size must be >= 1")
    if args.scheduler and args.engine != "dask":
        raise Refused("--scheduler needs --engine dask")
    work = output.with_name(output.name + ".partial")
    excluded = [output, work, _temporary_output(output)]
    _check_paths(args.inputs, output, work)
    _make_parent(output)
    lock = _WorkLock(work, output)
    lock.acquire()
    finished = False
    try:
        try:
            files = _input_files(args.inputs, excluded)
        except OSError as error:
            raise Refused(f"cannot read the inputs: {error}") from None
        done = _prepare_work_dir(work, _state(files, args.chunk_size), args.resume)
        done_rows = sum(_rows_of(part) for part in done)
        started = time.perf_counter()
        try:
            scorer = make_engine(args.engine, args.jobs, scheduler=args.scheduler, batch_size=args.batch_size)
        except (OSError, ValueError, TimeoutError) as error:
            raise Refused(f"cannot start the {args.engine} engine: {error}", code=1) from None
        try:
            scored_rows, errors = _score_chunks(args, scorer, work, files, excluded, done)
        except CorpusError as error:
            raise Refused(f"cannot read the input: {error}") from None
        except OSError as error:
            raise Refused(f"score failed: {error}; the chunks scored so far are kept in {work}: "
                          "run again with --resume", code=1) from None
        finally:
            scorer.close()
        try:
            rows = _assemble(sorted(work.glob("part-*.parquet")), output)
        except OSError as error:
            raise Refused(f"cannot write {output}: {error.strerror or error}; nothing was written, the scored "
                          f"chunks are kept in {work}: free the space and run again with --resume",
                          code=1) from None
        finished = True
    finally:
        # a finished run, or one that stopped before any part was written, leaves no work folder
        lock.release(remove=finished or not any(work.glob("part-*.parquet")))
    seconds = time.perf_counter() - started
    rate = scored_rows / seconds if seconds > 0 else float("nan")
    print(f"wrote {output}: {rows} rows ({done_rows} from an earlier run), {errors} errors in this run, "
          f"{scored_rows} articles scored in {seconds:.1f} s ({rate:.1f} articles/s)", file=sys.stderr)
    return 0


def _chunks(inputs: Sequence[str], chunk_size: int, skip: int, excluded: Sequence[Path]) -> Iterator[pd.DataFrame]:
    """:func:`iter_chunks` of the inputs as given, the command's own files excluded: paths the
    reader skips (hidden files, dangling links, special files) come out as problem rows."""
    return iter_chunks(list(inputs), chunk_size, skip=skip, exclude=list(excluded))


def _score_chunks(args: argparse.Namespace, scorer: Any, work: Path, files: list[Path],
                  excluded: Sequence[Path], done: Sequence[Path]) -> tuple[int, int]:
    """Score every chunk after the ``done`` ones (already written), each written as a part as
    soon as it is done; returns the rows scored and how many of them have an error."""

    skip = len(done)
    done_rows = sum(_rows_of(part) for part in done)
    scored_rows = errors = 0
    with _progress(count_input_rows(files), not args.quiet, initial=done_rows) as bar:
        # the chunks already written are read again but not normalized; their ids still count,
        # so ids stay unique over the whole run as in load_corpus
        chunks = _chunks(args.inputs, args.chunk_size, skip, excluded)
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
