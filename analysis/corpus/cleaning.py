"""Page furniture off, body kept: ``clean_text`` and the dateline reader.

Scraped article pages carry widgets and lists around the body: a scrape timestamp, "Listen
Live", "Get short URL", a series title with its article counter, share counts, photo captions and
credits, a list of related headlines and a tag line after the body, "Community standards" and
comment prompts. :func:`clean_text` works from the structure of such pages rather than from these
exact strings: a body paragraph is a line that ends as a sentence ends; what comes before the
first and after the last body paragraph is furniture, and so are unpunctuated lines between
them (captions, credits, repeated series titles, subheadings). Known widget phrases are a lexicon
(``analysis/lexicons/page_furniture.csv``) used as a second check.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from analysis.paths import LEXICON_DIR

_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*$|[.!?…]\s*["'”’]$|["”]$""")
_TIMESTAMP = re.compile(
    r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?\s*(?:GMT|UTC|[A-Z]{2,4})?\s*[+-]?\d{0,4}\s*"
    r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"
    r"|^(?:[A-Z][a-z]+day,?\s+)?[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}(?:\s+\d{1,2}:\d{2}.*)?$"
    r"|^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}.*)?$"
)
_COUNTS = re.compile(r"^[\d\s.,kKmM]+$")
_SERIES_COUNTER = re.compile(r"\(\d+\)\s*$")
_CREDIT = re.compile(r"^(?:©|\(c\)|Copyright\b|Photo:|Image:|Credit:|Getty Images|AP Photo|Reuters/)", re.I)
_GLUED_PARAGRAPHS = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_MIN_BODY_WORDS = 3
_MIN_INNER_SENTENCE_WORDS = 8
_INNER_SENTENCE_END = re.compile(r"\w[.!?][\"'”’)]*\s+\S")

DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40}?)?"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?))?"
    r"\s*\((?P<outlet>[A-Z][\w.&' -]{0,40}?)\)\s*[-–—:]+\s*"
)


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of a paragraph: ``MOSCOW, December 19 (Sputnik) –``.

    ``place`` and ``date`` are ``None`` where the dateline has none (``(AP) —``); ``date`` is the
    text as written (datelines give no year). ``start``/``end`` are offsets in the text searched.
    """

    place: str | None
    date: str | None
    outlet: str
    start: int
    end: int


@cache
def furniture_phrases() -> frozenset[str]:
    """Lower-cased widget phrases that are never body text (from the lexicon file)."""
    with open(LEXICON_DIR / "page_furniture.csv", encoding="utf-8", newline="") as handle:
        return frozenset(row["phrase"].strip().lower() for row in csv.DictReader(handle))


def _is_furniture_phrase(line: str) -> bool:
    lowered = line.lower().rstrip(":")
    if lowered in furniture_phrases():
        return True
    return any(lowered.startswith(p) and len(lowered) - len(p) < 25 and not _TERMINAL.search(line)
               for p in furniture_phrases())


def _is_body(line: str) -> bool:
    """A body paragraph ends as a sentence ends and has a sentence's length, or holds a whole
    sentence of some length followed by something else (an embedded tag, a trailing fragment)."""
    words = len(line.split())
    if _TERMINAL.search(line):
        return words >= _MIN_BODY_WORDS
    return words >= _MIN_INNER_SENTENCE_WORDS and bool(_INNER_SENTENCE_END.search(line))


def _is_noise(line: str) -> bool:
    return bool(
        _TIMESTAMP.match(line) or _COUNTS.match(line) or _CREDIT.match(line)
        or _is_furniture_phrase(line) or (_SERIES_COUNTER.search(line) and not _TERMINAL.search(line))
    )


def clean_text(raw: str) -> str:
    """The article body of a scraped page: body paragraphs in order, separated by blank lines.

    Drops the furniture described in the module docstring; keeps every body sentence, including
    a lead paragraph and quoted paragraphs. Words glued across a lost paragraph break
    ("leaked.The") are separated by a space. Returns ``""`` for empty or furniture-only input.
    Raises ``TypeError`` for a non-string.
    """
    if not isinstance(raw, str):
        raise TypeError(f"clean_text takes a str, not {type(raw).__name__}")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    lines = [line for line in lines if not _is_noise(line)]
    return "\n\n".join(_GLUED_PARAGRAPHS.sub(" ", line) for line in lines if _is_body(line))


def find_dateline(text: str, *, max_paragraphs: int = 3) -> Dateline | None:
    """The dateline opening one of the first ``max_paragraphs`` paragraphs of ``text``, if any.

    Recognizes ``PLACE, Month Day (Outlet) –``, ``PLACE (Outlet) -`` and ``(Outlet) —``.
    """
    offset = 0
    for paragraph in text.split("\n")[: max_paragraphs * 2]:
        stripped = paragraph.lstrip()
        lead = offset + len(paragraph) - len(stripped)
        match = DATELINE.match(stripped)
        if match and (match.group("place") or match.start("outlet") <= 1):
            place = match.group("place")
            return Dateline(place.strip(" ,") if place else None, match.group("date"),
                            match.group("outlet").strip(), lead, lead + match.end())
        offset += len(paragraph) + 1
    return None
