"""Loading a corpus: files of many formats into one canonical frame (``load_corpus``).

Every reader returns rows with the columns of :data:`CANONICAL_COLUMNS`; other columns of a
tabular source are kept. Nothing is dropped silently: a file or row that cannot be read becomes
a row with a missing ``text`` and the reason in ``load_problem``, and :func:`load_corpus` warns
with a summary of every problem (also in ``frame.attrs["load_problems"]``).
"""
from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator
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
    for canonical in ("outlet", "title", "url", "article_id"):
        column = _find_column(frame.columns, canonical)
        mapped[canonical] = out[column] if column is not None else pd.Series(pd.NA, index=out.index)
    date_column = _find_column(frame.columns, "published")
    published = _parse_dates(out[date_column]) if date_column is not None else \
        pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    stem = Path(str(path)).stem
    ids = mapped["article_id"].map(lambda v: pd.NA if pd.isna(v) else str(v))
    generated = pd.Series([f"{stem}:{first_row + i}" for i in range(len(out))], index=out.index)
    ids = ids.fillna(generated)
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


def _read_jsonl_records(path: Path) -> pd.DataFrame:
    lines = read_text_file(path).splitlines()
    return pd.DataFrame.from_records(
        [jsonl_record(line, number) for number, line in enumerate(lines, start=1) if line.strip()])


def _read_csv(path: Path) -> pd.DataFrame:
    for encoding in _ENCODINGS:
        try:
            return pd.read_csv(path, encoding=encoding, dtype="object", keep_default_na=False,
                               na_values=[""], engine="c")
        except UnicodeDecodeError:
            continue
    raise CorpusError(f"{path}: not decodable as text")


def read_table(path: Path) -> pd.DataFrame:
    """All rows of a .csv, .jsonl, .json or .parquet file, normalized."""
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: the file is empty")
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix == ".csv":
        frame = _read_csv(path)
    elif suffix == ".jsonl":
        frame = _read_jsonl_records(path)
    else:
        frame = _read_json_records(path)
    if frame.empty:
        raise CorpusError(f"{path}: no rows")
    line_problems = frame.pop("_line_problem") if "_line_problem" in frame.columns else None
    normalized = normalize_frame(frame, path)
    if line_problems is not None:
        normalized["load_problem"] = line_problems.astype("string").fillna(normalized["load_problem"])
    return normalized


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


def read_file(path: Path) -> pd.DataFrame:
    """The rows of one file; a file that cannot be read gives one row naming the problem."""
    suffix = path.suffix.lower()
    try:
        if suffix in TABULAR_SUFFIXES:
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


def _dedupe_ids(frame: pd.DataFrame) -> pd.DataFrame:
    duplicated = frame["article_id"].duplicated(keep="first")
    if not duplicated.any():
        return frame
    counts = frame.groupby("article_id").cumcount() + 1
    new_ids = frame["article_id"].where(~duplicated, frame["article_id"] + "#" + counts.astype(str))
    note = "duplicate article_id " + frame["article_id"] + ": renamed " + new_ids
    frame = frame.assign(article_id=new_ids)
    frame["load_problem"] = frame["load_problem"].where(~duplicated, frame["load_problem"].fillna(note))
    return frame


def load_corpus(source: str | Path | Iterable[str | Path], *, outlet: str | None = None) -> pd.DataFrame:
    """Articles from files: ``.csv``, ``.jsonl``, ``.json``, ``.parquet`` (rows), ``.txt`` and
    ``.html``/``.htm`` (one article per file), a folder of them, or a list.

    Returns one row per article with :data:`CANONICAL_COLUMNS` (``article_id`` unique: a repeated
    id gets ``#2``, ``#3`` and a note), ``outlet_canonical`` (the registry name), the dateline's
    place and date, and ``load_problem`` (missing where the row loaded cleanly). ``outlet`` fills
    the outlet of rows that have none. Unreadable files and rows are kept as rows with a missing
    text and the reason; a warning summarises them. Raises ``FileNotFoundError`` for a missing
    path and :class:`CorpusError` for a table without a text column.
    """
    frames = [read_file(path) for path in iter_files(source)]
    if not frames:
        raise CorpusError(f"{source}: no files found")
    corpus = pd.concat(frames, ignore_index=True)
    corpus = _dedupe_ids(corpus)
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
