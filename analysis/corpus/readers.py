"""Loading a corpus: files of many formats into one canonical frame (``load_corpus``).

Every reader returns rows with the columns of :data:`CANONICAL_COLUMNS`; other columns of a
tabular source are kept. Nothing is dropped silently: a file or row that cannot be read becomes
a row with a missing ``text`` and the reason in ``load_problem``, and :func:`load_corpus` warns
with a summary of every problem (also in ``frame.attrs["load_problems"]``).

There is one reader path: :func:`iter_raw_chunks` reads the files in order, streaming
``.parquet`` (row-group batches), ``.csv`` and ``.jsonl`` (chunks of rows) so memory stays bounded,
and grouping one-article files; :func:`iter_chunks` normalizes those chunks (:func:`normalize_frame`,
generated ids numbered from each chunk's first row) and makes ids unique over all of them
(:class:`UniqueIds`). :func:`load_corpus` concatenates :func:`iter_chunks`; the ``score`` command
streams it. Both therefore read the same encodings, rows, ids and load problems.
"""
from __future__ import annotations

import codecs
import json
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.corpus.cleaning import clean_text, find_dateline
from analysis.outlets.registry import find_outlet, find_outlet_by_domain

CANONICAL_COLUMNS = ("article_id", "outlet", "title", "text", "published", "url", "path")
EXTRA_COLUMNS = ("outlet_canonical", "dateline_place", "dateline_date", "load_problem")
TABULAR_SUFFIXES = (".csv", ".jsonl", ".json", ".parquet")
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
SUPPORTED_SUFFIXES = TABULAR_SUFFIXES + DOCUMENT_SUFFIXES

# Column names of common corpus shapes, in order of preference, for each canonical column.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "article_text", "full_text", "maintext",
             "story", "article_body", "raw_text"),
    "outlet": ("outlet", "source", "site", "publisher", "source_name", "news_source", "media",
               "sitename", "domain"),
    "title": ("title", "headline", "heading", "header"),
    "published": ("published", "publish_date", "published_at", "date_published", "pubdate",
                  "pub_date", "publication_date", "date", "date_norm", "datetime", "timestamp"),
    "url": ("url", "link", "href", "permalink", "source_url", "article_url"),
    "article_id": ("article_id", "id", "doc_id", "uuid", "guid", "_id"),
}
_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
STREAMED_SUFFIXES = (".parquet", ".csv", ".jsonl")  # read in chunks; .json is read whole
DEFAULT_CHUNK_SIZE = 10_000
_DECODE_BLOCK = 1 << 20


class CorpusError(ValueError):
    """A source that cannot be read as a corpus at all (e.g. no text column)."""


def read_text_file(path: Path) -> str:
    """The text of ``path``: UTF-8 if it decodes, else cp1252, else latin-1.

    Raises :class:`CorpusError` for a binary file (NUL bytes) and for an empty one.
    """
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{path}: a binary file, not text")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorpusError(f"{path}: not decodable as text")  # latin-1 decodes everything; kept for clarity


def detect_encoding(path: Path) -> str:
    """The first of utf-8-sig, cp1252, latin-1 in which the whole of ``path`` decodes (the choice
    :func:`read_text_file` makes), found by decoding it block by block, so memory stays bounded."""
    for encoding in _ENCODINGS[:-1]:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while block := handle.read(_DECODE_BLOCK):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return _ENCODINGS[-1]  # latin-1 decodes every byte


def _find_column(columns: Iterable[str], canonical: str) -> str | None:
    by_lower = {str(c).lower().strip(): c for c in columns}
    for alias in COLUMN_ALIASES[canonical]:
        if alias in by_lower:
            return by_lower[alias]
    return None


def _parse_dates(values: pd.Series) -> pd.Series:
    """Dates as naive UTC ``datetime64[ns]``; what cannot be read, or lies outside the years
    1677-2262 that nanoseconds cover (a corpus has "0001-11-30"), becomes NaT."""
    parsed = pd.to_datetime(values.astype("object"), errors="coerce", utc=True, format="mixed").dt.tz_convert(None)
    in_range = parsed.between(pd.Timestamp.min, pd.Timestamp.max)
    return parsed.where(in_range).astype("datetime64[ns]")


def _canonical_outlet(outlet: object, url: object) -> object:
    if isinstance(outlet, str) and outlet.strip():
        found = find_outlet(outlet)
        return found.name if found else outlet.strip()
    if isinstance(url, str) and url.strip():
        found = find_outlet_by_domain(url)
        return found.name if found else pd.NA
    return pd.NA


def article_ids(frame: pd.DataFrame, path: str | Path, first_row: int = 0) -> pd.Series:
    """The ids :func:`normalize_frame` gives the rows of ``frame`` (before de-duplication): the id
    column's values as text, else ``<file stem>:<row number>`` counted from ``first_row``."""
    column = _find_column(frame.columns, "article_id")
    given = frame[column] if column is not None else pd.Series(pd.NA, index=frame.index)
    ids = given.map(lambda v: pd.NA if pd.isna(v) else str(v))
    stem = Path(str(path)).stem
    generated = pd.Series([f"{stem}:{first_row + i}" for i in range(len(frame))], index=frame.index)
    return ids.fillna(generated)


def normalize_frame(frame: pd.DataFrame, path: str | Path, *, clean: bool = True,
                    first_row: int = 0) -> pd.DataFrame:
    """Map a tabular chunk onto the canonical columns (kept beside the original ones).

    ``first_row`` numbers generated ids when a file is read in chunks. Raises
    :class:`CorpusError` listing the columns present when no text column can be found.
    """
    text_column = _find_column(frame.columns, "text")
    if text_column is None:
        raise CorpusError(
            f"{path}: no text column found; columns are {list(map(str, frame.columns))}; "
            f"expected one of {list(COLUMN_ALIASES['text'])}"
        )
    out = frame.copy()
    problems = pd.Series(pd.NA, index=out.index, dtype="string")
    raw_text = out[text_column]
    is_text = raw_text.map(lambda v: isinstance(v, str) and bool(v.strip()))
    problems[~is_text] = "missing text"
    cleaned = raw_text.where(is_text).map(
        lambda v: (clean_text(v) or v.strip()) if clean and isinstance(v, str) else v)
    mapped: dict[str, pd.Series] = {}
    for canonical in ("outlet", "title", "url"):
        column = _find_column(frame.columns, canonical)
        mapped[canonical] = out[column] if column is not None else pd.Series(pd.NA, index=out.index)
    date_column = _find_column(frame.columns, "published")
    published = _parse_dates(out[date_column]) if date_column is not None else \
        pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    ids = article_ids(frame, path, first_row)
    datelines = cleaned.map(lambda v: find_dateline(v) if isinstance(v, str) else None)
    outlet = mapped["outlet"].astype("object").where(mapped["outlet"].notna(), None)
    outlet = outlet.combine(datelines, lambda o, d: o if isinstance(o, str) and o.strip()
                            else (d.outlet if d else pd.NA))
    for column in (*CANONICAL_COLUMNS, *EXTRA_COLUMNS):
        if column in out.columns and column != text_column:
            out = out.rename(columns={column: f"{column}_original"})
    out = out.rename(columns={text_column: "text_raw"}) if text_column != "text" else out.rename(columns={"text": "text_raw"})
    out["article_id"] = ids.astype("string")
    out["outlet"] = outlet.astype("string")
    out["title"] = mapped["title"].astype("string")
    out["text"] = cleaned.astype("string")
    out["published"] = published
    out["url"] = mapped["url"].astype("string")
    out["path"] = str(path)
    out["outlet_canonical"] = [_canonical_outlet(o, u) for o, u in zip(out["outlet"], out["url"])]
    out["outlet_canonical"] = out["outlet_canonical"].astype("string")
    out["dateline_place"] = datelines.map(lambda d: d.place if d else pd.NA).astype("string")
    out["dateline_date"] = datelines.map(lambda d: d.date if d else pd.NA).astype("string")
    out["load_problem"] = problems
    out = out.drop(columns=["text_raw"])
    ordered = [*CANONICAL_COLUMNS, *EXTRA_COLUMNS]
    return out[ordered + [c for c in out.columns if c not in ordered]]


def _problem_row(path: Path, problem: str) -> pd.DataFrame:
    return pd.DataFrame([{"article_id": path.stem, "outlet": pd.NA, "title": pd.NA, "text": pd.NA,
                          "published": pd.NaT, "url": pd.NA, "path": str(path),
                          "outlet_canonical": pd.NA, "dateline_place": pd.NA, "dateline_date": pd.NA,
                          "load_problem": problem}])


def read_txt(path: Path) -> pd.DataFrame:
    """One article from a text file (a scraped page like the seeds): cleaned, dateline read.

    A timestamp at the top of such a page is when it was scraped, never the publication date:
    ``published`` stays NaT unless a reader knows better.
    """
    text = read_text_file(path)
    frame = pd.DataFrame({"article_id": [path.stem], "text": [text]})
    return normalize_frame(frame, path)


def read_html(path: Path) -> pd.DataFrame:
    """One article from a saved HTML page, main text extracted with trafilatura."""
    import trafilatura

    html = read_text_file(path)
    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                           with_metadata=True, output_format="python")
    if document is None:
        raise CorpusError(f"{path}: no article text found in the page")
    record = document if isinstance(document, dict) else document.as_dict()
    body = record.get("text") or ""
    if not body.strip():
        raise CorpusError(f"{path}: no article text found in the page")
    frame = pd.DataFrame([{"article_id": path.stem, "text": body, "title": record.get("title"),
                           "url": record.get("url"), "published": record.get("date"),
                           "outlet": record.get("sitename") or record.get("hostname")}])
    return normalize_frame(frame, path, clean=False)


def _read_json_records(path: Path) -> pd.DataFrame:
    data = json.loads(read_text_file(path))
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise CorpusError(f"{path}: JSON must hold an object or a list of objects")
    return pd.DataFrame.from_records(data)


def jsonl_record(line: str, number: int) -> dict:
    """The JSON object on line ``number`` of a JSON-lines file; a line that is not one becomes a
    record without text whose ``_line_problem`` says why (kept as a row, never dropped)."""
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
    except ValueError as error:
        record = {"text": None, "_line_problem": f"line {number}: unreadable JSON ({error})"}
    return record


def _jsonl_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Records of a JSON-lines file, ``chunk_size`` at a time (:func:`jsonl_record`: a line that is
    not a JSON object is kept as a record saying why). Lines end at ``\\n``, ``\\r\\n`` or ``\\r``
    only, never at U+2028 and the like, which JSON strings may hold. Each chunk has every column
    seen so far in the file (missing values where its records lack one), as a whole read would."""
    with open(path, "rb") as handle:
        if b"\x00" in handle.read(8192):
            raise CorpusError(f"{path}: a binary file, not text")
    columns: dict[str, None] = {}

    def frame_of(records: list[dict]) -> pd.DataFrame:
        frame = pd.DataFrame.from_records(records)
        columns.update(dict.fromkeys(frame.columns))
        return frame.reindex(columns=list(columns))

    records: list[dict] = []
    seen_any = False
    with open(path, encoding=detect_encoding(path)) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            records.append(jsonl_record(line, number))
            seen_any = True
            if len(records) == chunk_size:
                yield frame_of(records)
                records = []
    if records:
        yield frame_of(records)
    if not seen_any:
        raise CorpusError(f"{path}: the file is empty")


def _csv_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Rows of a CSV file, ``chunk_size`` at a time, all values as text, in the encoding
    :func:`detect_encoding` finds for the whole file (so a cp1252 file reads as cp1252 throughout)."""
    with pd.read_csv(path, encoding=detect_encoding(path), dtype="object", keep_default_na=False,
                     na_values=[""], engine="c", chunksize=chunk_size) as reader:
        yield from reader


def _parquet_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Rows of a Parquet file in record batches of at most ``chunk_size`` rows."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as parquet:
        for batch in parquet.iter_batches(batch_size=chunk_size):
            yield batch.to_pandas()


def _table_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """The raw rows of a ``.parquet``, ``.csv`` or ``.jsonl`` file in chunks (none empty)."""
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    frames = (_parquet_frames if suffix == ".parquet" else _csv_frames if suffix == ".csv"
              else _jsonl_frames)
    rows = 0
    for frame in frames(path, chunk_size):
        if len(frame):
            rows += len(frame)
            yield frame
    if not rows:
        raise CorpusError(f"{path}: no rows")


def _unreadable(path: Path, error: Exception, first_row: int) -> str:
    """The load problem of a file that failed to read (from row ``first_row`` on when earlier
    chunks of it were read)."""
    if isinstance(error, CorpusError):
        reason = str(error)
    else:
        reason = f"{path}: unreadable ({type(error).__name__}: {str(error).strip()})"
    return reason if first_row == 0 else f"{reason}; rows from {first_row} on are missing"


def _normalize_rows(frame: pd.DataFrame, path: Path, first_row: int = 0) -> pd.DataFrame:
    """:func:`normalize_frame` of raw rows; a JSON line's ``_line_problem`` becomes its load problem."""
    line_problems = frame["_line_problem"] if "_line_problem" in frame.columns else None
    if line_problems is not None:
        frame = frame.drop(columns="_line_problem")
    normalized = normalize_frame(frame, path, first_row=first_row)
    if line_problems is not None:
        normalized["load_problem"] = line_problems.astype("string").fillna(normalized["load_problem"])
    return normalized


@dataclass(frozen=True)
class RawChunk:
    """A chunk of input read but not yet normalized (normalizing cleans the text, the costly
    part; a resumed ``score`` run skips it for the chunks already written).

    One of: ``frame``, rows ``first_row``... of the streamed table ``path``; ``files``, one-article
    files (and ``.json`` files) read by :meth:`articles`; ``problem``, a file that failed to read.
    """

    path: Path
    frame: pd.DataFrame | None = None
    files: tuple[Path, ...] = ()
    first_row: int = 0
    problem: str | None = None

    def articles(self) -> pd.DataFrame:
        """The normalized rows (ids not yet de-duplicated). Raises :class:`CorpusError` for a
        table without a text column."""
        if self.problem is not None:
            return _problem_row(self.path, self.problem)
        if self.frame is None:
            return pd.concat([read_file(p) for p in self.files], ignore_index=True)
        try:
            return _normalize_rows(self.frame, self.path, self.first_row)
        except CorpusError as error:
            if "no text column" in str(error):
                raise
            return _problem_row(self.path, _unreadable(self.path, error, self.first_row))
        except (OSError, ValueError) as error:
            return _problem_row(self.path, _unreadable(self.path, error, self.first_row))

    def ids(self) -> pd.Series:
        """The ids :meth:`articles` gives, found without cleaning texts (only ``.json`` files
        are read whole)."""
        if self.problem is not None:
            return pd.Series([self.path.stem], dtype="string")
        if self.frame is None:
            return pd.concat([read_file(p)["article_id"] if p.suffix.lower() == ".json"
                              else pd.Series([p.stem]) for p in self.files], ignore_index=True)
        return article_ids(self.frame, self.path, self.first_row)


def _file_chunks(path: Path, chunk_size: int) -> Iterator[RawChunk]:
    """The raw chunks of one streamed table; a read error ends the file with a problem row."""
    first_row = 0
    try:
        for frame in _table_frames(path, chunk_size):
            frame.index = pd.RangeIndex(first_row, first_row + len(frame))
            yield RawChunk(path, frame, first_row=first_row)
            first_row += len(frame)
    except (OSError, ValueError) as error:  # CorpusError is a ValueError
        yield RawChunk(path, problem=_unreadable(path, error, first_row))


def iter_files(source: str | Path | Iterable[str | Path]) -> Iterator[Path]:
    """The files a source names: a file, a folder (recursively, sorted) or a list of them.

    Raises ``FileNotFoundError`` for a path that does not exist.
    """
    sources = [source] if isinstance(source, (str, Path)) else list(source)
    for item in sources:
        path = Path(item)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def iter_raw_chunks(source: str | Path | Iterable[str | Path], chunk_size: int = DEFAULT_CHUNK_SIZE
                    ) -> Iterator[RawChunk]:
    """The files of ``source`` (:func:`iter_files`) in chunks of at most ``chunk_size`` articles,
    in order: ``.parquet`` (record batches), ``.csv`` and ``.jsonl`` files are streamed, each
    chunked on its own; other files (one article each, and ``.json``) are grouped ``chunk_size``
    files at a time. Memory stays bounded by the chunk size (a ``.json`` file is read whole)."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1, not {chunk_size}")
    singles: list[Path] = []

    def grouped() -> Iterator[RawChunk]:
        for i in range(0, len(singles), chunk_size):
            yield RawChunk(singles[i], files=tuple(singles[i:i + chunk_size]))
        singles.clear()

    for path in iter_files(source):
        if path.suffix.lower() in STREAMED_SUFFIXES and path.stat().st_size > 0:
            yield from grouped()
            yield from _file_chunks(path, chunk_size)
        else:
            singles.append(path)
    yield from grouped()


class UniqueIds:
    """Makes ``article_id`` unique over every frame it is given, in order: the n-th row with an
    id already seen gets ``<id>#<n>`` and a note in ``load_problem`` (the same as de-duplicating
    all rows at once). Remembers every id given (a dict: about 100 bytes an article)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def count(self, ids: Iterable[object]) -> None:
        """Count ``ids`` as seen (rows read earlier but not passed through this object)."""
        for value in ids:
            if isinstance(value, str):
                self._seen[value] = self._seen.get(value, 0) + 1

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with repeated ids renamed and noted."""
        new_ids: list[object] = []
        notes: list[object] = []
        for value in frame["article_id"]:
            if not isinstance(value, str):
                new_ids.append(value)
                notes.append(pd.NA)
                continue
            number = self._seen.get(value, 0) + 1
            self._seen[value] = number
            if number == 1:
                new_ids.append(value)
                notes.append(pd.NA)
            else:
                new_ids.append(f"{value}#{number}")
                notes.append(f"duplicate article_id {value}: renamed {value}#{number}")
        if all(n is pd.NA for n in notes):
            return frame
        frame = frame.assign(article_id=pd.Series(new_ids, index=frame.index, dtype="string"))
        frame["load_problem"] = frame["load_problem"].fillna(
            pd.Series(notes, index=frame.index, dtype="string"))
        return frame


def iter_chunks(source: str | Path | Iterable[str | Path], chunk_size: int = DEFAULT_CHUNK_SIZE,
                *, skip: int = 0) -> Iterator[pd.DataFrame]:
    """The articles of ``source`` as normalized frames of at most ``chunk_size`` rows (see
    :func:`iter_raw_chunks`), ids unique over all of them (:class:`UniqueIds`): concatenated,
    exactly :func:`load_corpus` before its ``outlet`` default. The first ``skip`` chunks are
    read but neither normalized nor yielded (their ids still count as seen). Raises
    ``FileNotFoundError`` for a missing path and :class:`CorpusError` for a table without a text
    column (when its first chunk is reached)."""
    unique = UniqueIds()
    for number, chunk in enumerate(iter_raw_chunks(source, chunk_size)):
        if number < skip:
            unique.count(chunk.ids())
        else:
            yield unique(chunk.articles())


def read_file(path: Path) -> pd.DataFrame:
    """The rows of one file (ids not de-duplicated); a file that cannot be read gives one row
    naming the problem."""
    suffix = path.suffix.lower()
    try:
        if suffix in STREAMED_SUFFIXES:
            return pd.concat([chunk.articles() for chunk in _file_chunks(path, DEFAULT_CHUNK_SIZE)],
                             ignore_index=True)
        if suffix == ".json":
            return read_table(path)
        if suffix == ".txt":
            return read_txt(path)
        if suffix in (".html", ".htm"):
            return read_html(path)
        return _problem_row(path, f"unsupported file type {suffix or '(none)'}; "
                                  f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    except CorpusError as error:
        if "no text column" in str(error):
            raise
        return _problem_row(path, str(error))
    except (OSError, ValueError) as error:
        return _problem_row(path, f"{path}: unreadable ({type(error).__name__}: {error})")


def read_table(path: Path) -> pd.DataFrame:
    """All rows of a .csv, .jsonl, .json or .parquet file, normalized (``.json`` is read whole,
    the others through the streaming reader)."""
    if path.suffix.lower() in STREAMED_SUFFIXES:
        return read_file(path)
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: the file is empty")
    frame = _read_json_records(path)
    if frame.empty:
        raise CorpusError(f"{path}: no rows")
    return normalize_frame(frame, path)


def load_corpus(source: str | Path | Iterable[str | Path], *, outlet: str | None = None,
                chunk_size: int = DEFAULT_CHUNK_SIZE) -> pd.DataFrame:
    """Articles from files: ``.csv``, ``.jsonl``, ``.json``, ``.parquet`` (rows), ``.txt`` and
    ``.html``/``.htm`` (one article per file), a folder of them, or a list.

    Returns one row per article with :data:`CANONICAL_COLUMNS` (``article_id`` unique: a repeated
    id gets ``#2``, ``#3`` and a note), ``outlet_canonical`` (the registry name), the dateline's
    place and date, and ``load_problem`` (missing where the row loaded cleanly). ``outlet`` fills
    the outlet of rows that have none. Unreadable files and rows are kept as rows with a missing
    text and the reason; a warning summarises them. Raises ``FileNotFoundError`` for a missing
    path and :class:`CorpusError` for a table without a text column.

    The rows are those of :func:`iter_chunks` (the reader ``python -m analysis score`` streams),
    read ``chunk_size`` at a time and concatenated. A file that fails part way (e.g. a malformed
    CSV line) keeps the chunks read before the failure, then one row naming the problem.
    """
    frames = list(iter_chunks(source, chunk_size))
    if not frames:
        raise CorpusError(f"{source}: no files found")
    corpus = pd.concat(frames, ignore_index=True)
    if outlet is not None:
        corpus["outlet"] = corpus["outlet"].fillna(outlet)
        corpus["outlet_canonical"] = corpus["outlet_canonical"].fillna(
            (find_outlet(outlet).name if find_outlet(outlet) else outlet))
    problems = corpus.loc[corpus["load_problem"].notna(), ["path", "load_problem"]]
    corpus.attrs["load_problems"] = problems.to_dict("records")
    if len(problems):
        sample = "; ".join(problems["load_problem"].astype(str).head(3))
        warnings.warn(f"load_corpus: {len(problems)} of {len(corpus)} rows have a load problem "
                      f"(see the load_problem column), e.g. {sample}", stacklevel=2)
    return corpus
