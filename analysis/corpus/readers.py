"""Loading a corpus: files of many formats into one canonical frame (``load_corpus``).

Every reader returns rows with the columns of :data:`CANONICAL_COLUMNS`; other columns of a
tabular source are kept. Nothing is dropped silently: a file or row that cannot be read becomes
a row with a missing ``text`` and the reason in ``load_problem``, and :func:`load_corpus` warns
with a summary of every problem (also in ``frame.attrs["load_problems"]``). So is a path of a
folder that is not read (hidden, a dangling link, a symlink loop, a special file: never opened).
Text is decoded by its byte order mark (UTF-8/16/32) or as UTF-8, cp1252, latin-1; binary data is
refused; every string is valid Unicode (lone surrogates become U+FFFD, noted), so the frame can
be written to Parquet and CSV.

There is one reader path: :func:`iter_raw_chunks` reads the files in order, streaming
``.parquet`` (row-group batches), ``.csv`` and ``.jsonl`` (chunks of rows) so memory stays bounded,
and grouping one-article files; :func:`iter_chunks` normalizes those chunks (:func:`normalize_frame`,
generated ids numbered from each chunk's first row) and makes ids unique over all of them
(:class:`UniqueIds`). :func:`load_corpus` concatenates :func:`iter_chunks`; the ``score`` command
streams it. Both therefore read the same encodings, rows, ids and load problems.
"""
from __future__ import annotations

import codecs
import csv
import errno
import json
import os
import re
import stat
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
_SNIFF_BYTES = 8192
# A byte order mark names the encoding (UTF-32 first: its little-endian mark starts with UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# C0 control bytes that text files do not hold (tab, newlines, form feed and escape are allowed)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b")
_BINARY_CONTROL_SHARE = 0.05
_SURROGATES = re.compile("[\ud800-\udfff]")
# A CSV record (a quoted field spanning lines) longer than this is taken for an unterminated quote.
_MAX_CSV_RECORD_CHARS = 1 << 24


class CorpusError(ValueError):
    """A source that cannot be read as a corpus at all (e.g. no text column)."""


def _one_line(message: str) -> str:
    """``message`` on one line of printable characters (line breaks and controls become spaces)."""
    return " ".join("".join(c if c.isprintable() else " " for c in message).split())


def _valid_text(text: str) -> str:
    """``text`` with lone surrogates (from a JSON escape, or a file name that is not UTF-8, which
    Python decodes with surrogate escapes) replaced by U+FFFD: what Parquet and CSV can write."""
    return _SURROGATES.sub("\ufffd", text)


_PATH_NOT_UTF8 = "the file name is not valid UTF-8: shown with U+FFFD in path and generated ids"


def _error_text(error: BaseException) -> str:
    return _one_line(f"{type(error).__name__}: {error}")


def _check_regular(path: Path) -> None:
    """Raises :class:`CorpusError` unless ``path`` is a regular file (a FIFO, socket or device is
    never opened: opening a FIFO blocks until someone writes to it)."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise CorpusError(f"{path}: {_special_problem(mode)}")


def _special_problem(mode: int) -> str:
    kind = ("FIFO (named pipe)" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "character device" if stat.S_ISCHR(mode) else "block device" if stat.S_ISBLK(mode)
            else "not a regular file")
    return f"skipped: special file ({kind}), never opened"


def sniff_encoding(head: bytes, path: str | Path) -> str | None:
    """The encoding a byte order mark at the start of ``head`` (the first bytes of ``path``) names
    (``utf-8-sig``, ``utf-16``, ``utf-32``), else ``None``. Raises :class:`CorpusError` for binary
    data: NUL bytes without a UTF-16/32 mark, or many control bytes."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head:
        raise CorpusError(f"{path}: a binary file, not text (NUL bytes; UTF-16 or UTF-32 text needs "
                          f"a byte order mark)")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _BINARY_CONTROL_SHARE * len(head):
        raise CorpusError(f"{path}: a binary file, not text ({controls} control bytes in the first "
                          f"{len(head)})")
    return None


def read_text_file(path: Path) -> str:
    """The text of ``path``: in the encoding its byte order mark names (UTF-8, UTF-16, UTF-32), else
    UTF-8 if it decodes, else cp1252, else latin-1.

    Raises :class:`CorpusError` for a binary file, an empty one, and a special file (FIFO, device,
    socket: never opened).
    """
    _check_regular(path)
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty")
    marked = sniff_encoding(data[:_SNIFF_BYTES], path)
    encodings = (marked,) if marked in ("utf-16", "utf-32") else _ENCODINGS
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            if marked in ("utf-16", "utf-32"):
                raise CorpusError(f"{path}: starts with a {marked} byte order mark but does not decode "
                                  f"as {marked} ({_error_text(error)})") from error
            continue
        if not text.strip():
            raise CorpusError(f"{path}: the file is empty")
        return text
    raise CorpusError(f"{path}: not decodable as text")  # latin-1 decodes everything; kept for clarity


def _decodes(path: Path, encoding: str) -> None:
    """Decode ``path`` as ``encoding`` block by block (memory bounded); raises
    ``UnicodeDecodeError`` where it does not decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as handle:
        while block := handle.read(_DECODE_BLOCK):
            decoder.decode(block)
    decoder.decode(b"", final=True)


def detect_encoding(path: Path) -> str:
    """The encoding of ``path``: the one its byte order mark names (UTF-16 and UTF-32 must then
    decode), else the first of utf-8-sig, cp1252, latin-1 in which the whole file decodes (the
    choice :func:`read_text_file` makes), found by decoding it block by block, so memory stays
    bounded. Raises :class:`CorpusError` for a binary file (:func:`sniff_encoding`)."""
    with open(path, "rb") as handle:
        marked = sniff_encoding(handle.read(_SNIFF_BYTES), path)
    if marked in ("utf-16", "utf-32"):
        try:
            _decodes(path, marked)
        except UnicodeDecodeError as error:
            raise CorpusError(f"{path}: starts with a {marked} byte order mark but does not decode "
                              f"as {marked} ({_error_text(error)})") from error
        return marked
    for encoding in _ENCODINGS[:-1]:
        try:
            _decodes(path, encoding)
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
    ids = given.map(lambda v: pd.NA if pd.isna(v) else _valid_text(str(v)))
    stem = _valid_text(Path(str(path)).stem)
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
    shown_path = _valid_text(str(path))
    out["path"] = shown_path
    if shown_path != str(path):
        problems = problems.fillna(_PATH_NOT_UTF8)
    out["outlet_canonical"] = [_canonical_outlet(o, u) for o, u in zip(out["outlet"], out["url"])]
    out["outlet_canonical"] = out["outlet_canonical"].astype("string")
    out["dateline_place"] = datelines.map(lambda d: d.place if d else pd.NA).astype("string")
    out["dateline_date"] = datelines.map(lambda d: d.date if d else pd.NA).astype("string")
    out["load_problem"] = problems
    out = out.drop(columns=["text_raw"])
    ordered = [*CANONICAL_COLUMNS, *EXTRA_COLUMNS]
    return out[ordered + [c for c in out.columns if c not in ordered]]


def _problem_row(path: Path, problem: str) -> pd.DataFrame:
    problem = _one_line(problem)
    return pd.DataFrame([{"article_id": _valid_text(path.stem), "outlet": pd.NA, "title": pd.NA,
                          "text": pd.NA, "published": pd.NaT, "url": pd.NA, "path": _valid_text(str(path)),
                          "outlet_canonical": pd.NA, "dateline_place": pd.NA, "dateline_date": pd.NA,
                          "load_problem": problem}])


def read_txt(path: Path) -> pd.DataFrame:
    """One article from a text file (a scraped page like the seeds): cleaned, dateline read.

    A timestamp at the top of such a page is when it was scraped, never the publication date:
    ``published`` stays NaT unless a reader knows better.
    """
    text = read_text_file(path)
    frame = pd.DataFrame({"article_id": [_valid_text(path.stem)], "text": [text]})
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
    frame = pd.DataFrame([{"article_id": _valid_text(path.stem), "text": body, "title": record.get("title"),
                           "url": record.get("url"), "published": record.get("date"),
                           "outlet": record.get("sitename") or record.get("hostname")}])
    return normalize_frame(frame, path, clean=False)


def _valid_unicode(value: object) -> tuple[object, bool]:
    """``value`` (a JSON value) with every lone surrogate in its strings and keys replaced by
    U+FFFD, and whether any was: ``json`` reads ``"\\ud800"`` as a lone surrogate, which no UTF-8
    writer (Parquet, CSV) accepts. A valid pair (``"\\ud83d\\ude00"``) is one character already."""
    if isinstance(value, str):
        fixed = _SURROGATES.sub("\ufffd", value)
        return fixed, fixed != value
    if isinstance(value, dict):
        items = [(_valid_unicode(k), _valid_unicode(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in items}, any(a or b for (_, a), (_, b) in items)
    if isinstance(value, list):
        items = [_valid_unicode(v) for v in value]
        return [v for v, _ in items], any(changed for _, changed in items)
    return value, False


def _without_surrogates(record: dict, where: str) -> dict:
    """``record`` with lone surrogates replaced (:func:`_valid_unicode`), the fields where they were
    named in ``_line_problem``."""
    fields = []
    fixed: dict = {}
    for key, value in record.items():
        (new_key, key_changed), (new_value, value_changed) = _valid_unicode(key), _valid_unicode(value)
        if key_changed or value_changed:
            fields.append(str(new_key))
        fixed[new_key] = new_value
    if fields:
        fixed["_line_problem"] = (f"{where}: lone surrogate escape in {', '.join(fields)} "
                                  f"replaced with U+FFFD")
    return fixed


def _read_json_records(path: Path) -> pd.DataFrame:
    text = read_text_file(path)
    data = json.loads(text)
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise CorpusError(f"{path}: JSON must hold an object or a list of objects")
    if "\\u" in text:
        data = [_without_surrogates(r, f"record {i}") if isinstance(r, dict) else _valid_unicode(r)[0]
                for i, r in enumerate(data)]
    return pd.DataFrame.from_records(data)


def jsonl_record(line: str, number: int) -> dict:
    """The JSON object on line ``number`` of a JSON-lines file; a line that is not one becomes a
    record without text whose ``_line_problem`` says why (kept as a row, never dropped). Lone
    surrogate escapes are replaced with U+FFFD, noted in ``_line_problem``."""
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
    except ValueError as error:
        return {"text": None, "_line_problem": f"line {number}: unreadable JSON ({_one_line(str(error))})"}
    return _without_surrogates(record, f"line {number}") if "\\u" in line else record


def _jsonl_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Records of a JSON-lines file, ``chunk_size`` at a time (:func:`jsonl_record`: a line that is
    not a JSON object is kept as a record saying why). Lines end at ``\\n`` only (``\\r\\n`` is
    tolerated: the ``\\r`` is JSON whitespace), never at ``\\r``, U+2028, U+2029 or U+0085, which
    JSON strings may hold. Each chunk has every column seen so far in the file (missing values
    where its records lack one), as a whole read would."""
    encoding = detect_encoding(path)  # raises CorpusError for a binary file
    columns: dict[str, None] = {}

    def frame_of(records: list[dict]) -> pd.DataFrame:
        frame = pd.DataFrame.from_records(records)
        columns.update(dict.fromkeys(frame.columns))
        return frame.reindex(columns=list(columns))

    records: list[dict] = []
    seen_any = False
    with open(path, encoding=encoding, newline="\n") as handle:
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


class _RecordTooLong(Exception):
    """A CSV record grew past :data:`_MAX_CSV_RECORD_CHARS` (an unterminated quote)."""


class _CsvLines:
    """The physical lines of a CSV file for :func:`csv.reader`, numbered; the lines of the record
    being read are kept, so that a bad record spanning several lines can be read again from its
    second line (:meth:`reread_after_first`)."""

    def __init__(self, handle: Iterable[str]) -> None:
        self._lines = iter(handle)
        self._pending: deque[str] = deque()
        self.number = 0  # lines read so far
        self.record: list[str] = []
        self._chars = 0
        self.exhausted = False  # the file ended while a record was read

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        if self._pending:
            line = self._pending.popleft()
        else:
            try:
                line = next(self._lines)
            except StopIteration:
                self.exhausted = True
                raise
        self.number += 1
        self.record.append(line)
        self._chars += len(line)
        if self._chars > _MAX_CSV_RECORD_CHARS and len(self.record) > 1:
            raise _RecordTooLong
        return line

    def start_record(self) -> None:
        self.record = []
        self._chars = 0
        self.exhausted = False

    def reread_after_first(self) -> None:
        rest = self.record[1:]
        self._pending.extendleft(reversed(rest))
        self.number -= len(rest)


def _csv_header(row: list[str]) -> list[str]:
    """Column names as pandas gives them: ``Unnamed: <i>`` for an empty one, ``name.1``... for repeats."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(row):
        name = name or f"Unnamed: {i}"
        base = name
        while name in seen:
            seen[base] += 1
            name = f"{base}.{seen[base]}"
        seen.setdefault(base, 0)
        seen[name] = 0
        names.append(name)
    return names


def _csv_records(handle: Iterable[str], path: Path) -> Iterator[tuple[list[str] | None, str | None]]:
    """The header, then ``(row, None)`` for each record and ``(None, problem)`` for each bad one.

    A record with more fields than the header, or with a quote that a field does not close
    properly (an unterminated quote runs on to a later line or to the end), is a problem naming
    its first line; reading goes on from the line after it, so one bad line costs one row. A
    single line with a stray quote inside a field reads as pandas would read it; a record with
    fewer fields than the header gets missing values; blank lines are skipped.
    """
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_CSV_RECORD_CHARS))
    lines = _CsvLines(handle)
    reader = csv.reader(lines, strict=True)
    width: int | None = None
    while True:
        lines.start_record()
        first = lines.number + 1
        row: list[str] | None
        problem: str | None = None
        try:
            row = next(reader)
        except StopIteration:
            return
        except _RecordTooLong:
            row, problem = None, f"a quoted field is not closed within {_MAX_CSV_RECORD_CHARS} characters"
        except csv.Error as error:
            row, problem = None, _one_line(str(error))
        if problem is not None and len(lines.record) == 1 and not lines.exhausted:
            # a stray quote within one line (not an unterminated one): read as pandas reads it
            row, problem = next(csv.reader(lines.record), []), None
        elif problem is not None and lines.exhausted:
            problem = f"{problem}: a quote is not closed before the end of the file"
        if row is not None and width is not None and len(row) > width:
            problem = f"{len(row)} fields where the header has {width}"
        if problem is not None:
            if len(lines.record) > 1:
                lines.reread_after_first()
                problem = f"{problem} (an unterminated quote?)"
            if width is None:
                raise CorpusError(f"{path}: line {first}: unreadable CSV header ({problem})")
            yield None, f"line {first}: unreadable CSV row ({problem}); the row is skipped"
            continue
        assert row is not None
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line
        if width is None:
            width = len(row)
            yield _csv_header(row), None
            continue
        yield [v if v != "" else None for v in row] + [None] * (width - len(row)), None


def _csv_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Rows of a CSV file, ``chunk_size`` at a time, all values as text (an empty field is
    missing), in the encoding :func:`detect_encoding` finds for the whole file (so a cp1252 file
    reads as cp1252 throughout). A bad record (:func:`_csv_records`) is a row without text whose
    ``_line_problem`` names its line; the rows around it are read."""
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        records = _csv_records(handle, path)
        header = next(records, (None, None))[0]
        if header is None:
            return
        rows: list[list[str | None]] = []
        problems: list[str | None] = []

        def frame() -> pd.DataFrame:
            out = pd.DataFrame(rows, columns=header, dtype="object")
            if any(p is not None for p in problems):
                out["_line_problem"] = pd.Series(problems, index=out.index, dtype="object")
            return out

        for row, problem in records:
            rows.append(row if row is not None else [None] * len(header))
            problems.append(problem)
            if len(rows) == chunk_size:
                yield frame()
                rows, problems = [], []
        if rows:
            yield frame()


def _parquet_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """Rows of a Parquet file in record batches of at most ``chunk_size`` rows. A file Arrow cannot
    read raises :class:`CorpusError` with a one-line message, whatever Arrow raised (a corrupt
    file raises ``OSError``, ``ArrowInvalid``, ``ArrowNotImplementedError``...); a batch whose
    pandas metadata is unusable is converted without it."""
    import pyarrow.parquet as pq

    with open(path, "rb") as handle:  # opened by Python: Arrow cannot open a name that is not UTF-8
        try:
            parquet = pq.ParquetFile(handle)
        except Exception as error:  # noqa: BLE001 - any failure of Arrow's is a corrupt file here
            raise CorpusError(f"{path}: not a readable Parquet file ({_error_text(error)})") from error
        yield from _parquet_batches(parquet, path, chunk_size)


def _parquet_batches(parquet: Any, path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    with parquet:
        batches = parquet.iter_batches(batch_size=chunk_size)
        while True:
            try:
                batch = next(batches, None)
                if batch is None:
                    return
                try:
                    frame = batch.to_pandas()
                except Exception:  # noqa: BLE001 - e.g. KeyError from corrupt pandas metadata
                    frame = batch.to_pandas(ignore_metadata=True)
            except Exception as error:  # noqa: BLE001
                raise CorpusError(f"{path}: corrupt Parquet file ({_error_text(error)})") from error
            yield frame


def _table_frames(path: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    """The raw rows of a ``.parquet``, ``.csv`` or ``.jsonl`` file in chunks (none empty)."""
    _check_regular(path)
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
        reason = _one_line(str(error))
    else:
        reason = f"{path}: unreadable ({_error_text(error)})"
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
            return pd.Series([_valid_text(self.path.stem)], dtype="string")
        if self.frame is None:
            return pd.concat([read_file(p)["article_id"] if p.suffix.lower() == ".json"
                              else pd.Series([_valid_text(p.stem)]) for p in self.files], ignore_index=True)
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


Source = str | Path | Iterable[str | Path]
PathLike = str | os.PathLike


class _Excluded:
    """Paths (files or folders) never read, compared after resolving (symbolic links followed)."""

    def __init__(self, exclude: Iterable[PathLike]) -> None:
        self._paths = tuple(Path(p).resolve() for p in exclude)

    def __contains__(self, path: Path) -> bool:
        if not self._paths:
            return False
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
            return False
        return any(real == p or p in real.parents for p in self._paths)


def _walk_folder(folder: Path, ancestors: frozenset[tuple[int, int]], excluded: _Excluded
                 ) -> Iterator[tuple[Path, str | None]]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        yield folder, f"skipped: unreadable folder ({_error_text(error)})"
        return
    for name in names:
        path = folder / name
        if path in excluded:
            continue
        try:
            info = path.stat()
        except OSError as error:
            if path.is_symlink():
                yield path, ("skipped: symlink loop" if error.errno == errno.ELOOP
                             else "skipped: dangling link")
            else:
                yield path, f"skipped: unreadable ({_error_text(error)})"
            continue
        if name.startswith("."):
            yield path, "skipped: hidden folder" if stat.S_ISDIR(info.st_mode) else "skipped: hidden file"
        elif stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield path, "skipped: symlink loop"
            else:
                yield from _walk_folder(path, ancestors | {key}, excluded)
        elif stat.S_ISREG(info.st_mode):
            yield path, None
        else:
            yield path, _special_problem(info.st_mode)


def walk_inputs(source: Source, *, exclude: Iterable[PathLike] = ()
                ) -> Iterator[tuple[Path, str | None]]:
    """Every path a source names, in order, with ``None`` for a regular file to read and the
    reason for one that is skipped: a file, a folder (recursively, names sorted) or a list of them.

    Skipped (never opened): in a folder, hidden files and folders (names starting with ``.``;
    one entry for a hidden folder), dangling links and symlink loops (a link to itself, or to a
    folder that contains it); anywhere, special files (FIFO, socket, device). Paths in ``exclude``
    (files or folders, compared after resolving) are left out without a reason: they are not
    inputs (e.g. the ``score`` command's output and work folder). Links to files and folders are
    followed. Raises ``FileNotFoundError`` for a given path that does not exist (or is a dangling
    link or a symlink loop).
    """
    excluded = _Excluded(exclude)
    sources = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    for item in sources:
        path = Path(item)
        if path in excluded:
            continue
        try:
            info = path.stat()
        except OSError as error:
            kind = ("a symlink loop" if error.errno == errno.ELOOP else "a dangling link"
                    if path.is_symlink() else "no such file or folder")
            raise FileNotFoundError(f"{path}: {kind}") from error
        if stat.S_ISDIR(info.st_mode):
            yield from _walk_folder(path, frozenset({(info.st_dev, info.st_ino)}), excluded)
        elif stat.S_ISREG(info.st_mode):
            yield path, None
        else:
            yield path, _special_problem(info.st_mode)


def iter_files(source: Source, *, exclude: Iterable[PathLike] = ()) -> Iterator[Path]:
    """The regular files a source names, in order, that the readers read (:func:`walk_inputs`:
    a file, a folder recursively, or a list of them; hidden, linked-wrong, special and
    ``exclude``-d paths left out).

    Raises ``FileNotFoundError`` for a path that does not exist.
    """
    for path, problem in walk_inputs(source, exclude=exclude):
        if problem is None:
            yield path


def iter_raw_chunks(source: Source, chunk_size: int = DEFAULT_CHUNK_SIZE, *,
                    exclude: Iterable[PathLike] = ()) -> Iterator[RawChunk]:
    """The files of ``source`` (:func:`walk_inputs`) in chunks of at most ``chunk_size`` articles,
    in order: ``.parquet`` (record batches), ``.csv`` and ``.jsonl`` files are streamed, each
    chunked on its own; other files (one article each, and ``.json``) are grouped ``chunk_size``
    files at a time; a skipped path (hidden, dangling link, symlink loop, special file) is a chunk
    of one problem row. Memory stays bounded by the chunk size (a ``.json`` file is read whole)."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1, not {chunk_size}")
    singles: list[Path] = []

    def grouped() -> Iterator[RawChunk]:
        for i in range(0, len(singles), chunk_size):
            yield RawChunk(singles[i], files=tuple(singles[i:i + chunk_size]))
        singles.clear()

    for path, problem in walk_inputs(source, exclude=exclude):
        if problem is not None:
            yield from grouped()
            yield RawChunk(path, problem=problem)
        elif path.suffix.lower() in STREAMED_SUFFIXES and path.stat().st_size > 0:
            yield from grouped()
            yield from _file_chunks(path, chunk_size)
        else:
            singles.append(path)
    yield from grouped()


class UniqueIds:
    """Makes ``article_id`` unique over every frame it is given, in order: the n-th row with an
    id already seen gets ``<id>#<n>`` (a higher number where that id is taken too, so a renamed
    ``x#2`` never meets an input's own ``x#2``) and a note in ``load_problem`` (the same as
    de-duplicating all rows at once). Remembers every id given (a dict: about 100 bytes an
    article)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def _unique(self, value: str) -> str:
        """``value``, or the renamed id it gets; either is counted as seen from now on."""
        number = self._seen.get(value, 0) + 1
        self._seen[value] = number
        if number == 1:
            return value
        while f"{value}#{number}" in self._seen:
            number += 1
        self._seen[value] = number
        renamed = f"{value}#{number}"
        self._seen[renamed] = 1
        return renamed

    def count(self, ids: Iterable[object]) -> None:
        """Count ``ids`` as seen (rows read earlier but not passed through this object)."""
        for value in ids:
            if isinstance(value, str):
                self._unique(value)

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with repeated ids renamed and noted."""
        new_ids: list[object] = []
        notes: list[object] = []
        for value in frame["article_id"]:
            unique = self._unique(value) if isinstance(value, str) else value
            new_ids.append(unique)
            notes.append(pd.NA if unique is value or unique == value
                         else f"duplicate article_id {value}: renamed {unique}")
        if all(n is pd.NA for n in notes):
            return frame
        frame = frame.assign(article_id=pd.Series(new_ids, index=frame.index, dtype="string"))
        frame["load_problem"] = frame["load_problem"].fillna(
            pd.Series(notes, index=frame.index, dtype="string"))
        return frame


def iter_chunks(source: Source, chunk_size: int = DEFAULT_CHUNK_SIZE, *, skip: int = 0,
                exclude: Iterable[PathLike] = ()) -> Iterator[pd.DataFrame]:
    """The articles of ``source`` as normalized frames of at most ``chunk_size`` rows (see
    :func:`iter_raw_chunks`), ids unique over all of them (:class:`UniqueIds`): concatenated,
    exactly :func:`load_corpus` before its ``outlet`` default. The first ``skip`` chunks are
    read but neither normalized nor yielded (their ids still count as seen). Paths in
    ``exclude`` (files or folders, compared after resolving) are never read (e.g. the output
    file and work folder of ``score``). Raises ``FileNotFoundError`` for a missing path and
    :class:`CorpusError` for a table without a text column (when its first chunk is reached)."""
    unique = UniqueIds()
    for number, chunk in enumerate(iter_raw_chunks(source, chunk_size, exclude=exclude)):
        if number < skip:
            unique.count(chunk.ids())
        else:
            yield unique(chunk.articles())


def read_file(path: Path) -> pd.DataFrame:
    """The rows of one file (ids not de-duplicated); a file that cannot be read gives one row
    naming the problem."""
    suffix = path.suffix.lower()
    try:
        _check_regular(path)
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
        return _problem_row(path, f"{path}: unreadable ({_error_text(error)})")


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
    return _normalize_rows(frame, path)


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
    read ``chunk_size`` at a time and concatenated. A bad CSV record or JSON line is one row
    naming its line, the rows around it read; a file that fails part way (e.g. a Parquet file
    corrupt after its first row group) keeps the chunks read before the failure, then one row
    naming the problem. Paths a folder holds but that are not read (hidden files and folders,
    dangling links, symlink loops, FIFOs, sockets, devices: never opened) are a row each saying
    ``skipped: ...`` (:func:`walk_inputs`).
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
