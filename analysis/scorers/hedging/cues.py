"""Hedging: uncertainty cues with spans, categories and voice; hedged sentences; article measures.

Cues come from the lexicon ``analysis/lexicons/hedges.csv`` (one regular expression per row,
matched case-insensitively on word boundaries; where two rows match at the same place the longer
pattern wins) and are then checked against their context with the word lists of
``analysis/lexicons/hedge_context.csv``.

Categories (``Hedge.category``):

``modal``        epistemic modals: may, might, could ("may" the month or a name, "you may leave",
                 "could not swim", "could see" are not cues; "can" and "would" never are)
``speculative``  speculative verbs: suggest, appear, seem, believe, indicate, estimate, expected to,
                 "cannot be ruled out" ("suggested a meeting", "appeared on TV" are not cues)
``epistemic``    epistemic adverbs, adjectives and nouns: possibly, likely, apparently, unclear,
                 potential, whether, "not yet known"
``evidential``   hearsay without a named source: reportedly, allegedly, "is believed to",
                 "some experts say", "could not be independently verified"
``distancing``   the writer keeps a claim at arm's length: "which, it claims, was", alleges,
                 purports, so-called ("claimed responsibility" is not a cue)
``conditional``  conditional speculation: "if true", "may or may not", "whether or not"
``approximator`` an approximate number: about/around/some/nearly + a number (not where the
                 number is an official count: "some 20 people were arrested")
``booster``      the counter-measure, certainty: clearly, undoubtedly, definitely, "there is no doubt"

The first six are hedges proper (:data:`HEDGE_CATEGORIES`). :func:`find_hedges` returns hedges
and approximators; :func:`find_boosters` returns boosters; :func:`find_cues` returns both.

Voice: a cue inside a quotation (``analysis.quotes``) is the quoted source's (``voice ==
"quoted"``), any other the writer's (``"writer"``).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from analysis.paths import LEXICON_DIR
from analysis.text.quotes import Quote, find_quotes, inside_quote

HEDGE_CATEGORIES: tuple[str, ...] = (
    "modal", "speculative", "epistemic", "evidential", "distancing", "conditional",
)
"""The categories that make a hedge proper (uncertainty about a proposition)."""


APPROXIMATOR = "approximator"


BOOSTER = "booster"


CATEGORIES: tuple[str, ...] = (*HEDGE_CATEGORIES, APPROXIMATOR, BOOSTER)
"""Every category a cue can have."""


VOICES: tuple[str, ...] = ("writer", "quoted")
"""Values of ``Hedge.voice``: the writer's own words, or inside a quotation."""


_NUMBER = (
    r"(?:\d[\d,.]*%?|a (?:dozen|score|hundred|thousand|million|billion)|dozens|scores|hundreds|"
    r"thousands|millions|billions|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a half|half)"
)


_NEXT_WORD = re.compile(r"[\s,]*([\w'’]+)")


_PREVIOUS_WORD = re.compile(r"([\w'’]+)[\s,]*$")


_QUOTE_MARKS = frozenset("\"“”‘’")


_OPENERS = "“‘(["


_CLOSERS = "\"'”’)]"


_TERMINATORS = ".!?:;—–"


_DETERMINERS = frozenset("a an the this his her their its our another some new".split())


@dataclass(frozen=True)
class Hedge:
    """One cue. ``text == source[start:end]`` (character offsets into the text given);
    ``category`` one of :data:`CATEGORIES`; ``voice`` one of :data:`VOICES`."""

    start: int
    end: int
    text: str
    category: str
    voice: str = "writer"


@dataclass(frozen=True)
class _Row:
    pattern: str
    category: str
    context: str


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(LEXICON_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def lexicon() -> tuple[_Row, ...]:
    """The rows of ``hedges.csv`` (pattern, category, context rule), checked, read once."""
    rows = tuple(_Row(r["pattern"].strip(), r["category"].strip(), r["context"].strip())
                 for r in _read_csv("hedges.csv"))
    unknown = {row.category for row in rows} - set(CATEGORIES)
    if unknown:
        raise ValueError(f"hedges.csv: unknown categories {sorted(unknown)}")
    return rows


@cache
def context_words() -> dict[str, frozenset[str]]:
    """The word lists of ``hedge_context.csv`` by rule name, read once."""
    lists: dict[str, set[str]] = {}
    for row in _read_csv("hedge_context.csv"):
        lists.setdefault(row["rule"].strip(), set()).add(row["word"].strip().lower())
    return {rule: frozenset(words) for rule, words in lists.items()}


def _to_regex(pattern: str) -> str:
    expanded = pattern.replace("<NUM>", _NUMBER).replace("'", "['’]")
    return re.sub(r" +", r"\\s+", expanded)


def _priority() -> list[int]:
    """Row indices, the longer pattern first (file order breaks ties)."""
    return sorted(range(len(lexicon())), key=lambda i: (-len(lexicon()[i].pattern), i))


@cache
def _cue_regex() -> re.Pattern[str]:
    """One alternation of every row in :func:`_priority` order, on word boundaries,
    case-insensitive: for text whose lowercase has another length (offsets must not move)."""
    rows = [_to_regex(lexicon()[i].pattern) for i in _priority()]
    return re.compile(r"(?<!\w)(?:" + "|".join(rows) + r")(?!\w)", re.IGNORECASE)


@cache
def _lowered_cue_regex() -> re.Pattern[str]:
    """The same alternation without ``re.IGNORECASE``, for lowercased text (the patterns are
    lower case; several times faster than ignoring case)."""
    rows = [_to_regex(lexicon()[i].pattern) for i in _priority()]
    return re.compile(r"(?<!\w)(?:" + "|".join(rows) + r")(?!\w)")


@cache
def _row_regexes() -> tuple[tuple[int, re.Pattern[str]], ...]:
    return tuple((i, re.compile(_to_regex(lexicon()[i].pattern), re.IGNORECASE)) for i in _priority())


@lru_cache(maxsize=8192)
def _row_of(matched: str) -> _Row:
    """The lexicon row that a matched string comes from (the first in priority that matches it)."""
    return lexicon()[next(i for i, regex in _row_regexes() if regex.fullmatch(matched))]


def _next_words(text: str, end: int, n: int) -> list[str]:
    words, position = [], end
    for _ in range(n):
        match = _NEXT_WORD.match(text, position)
        if not match:
            break
        words.append(match.group(1).lower().replace("’", "'"))
        position = match.end()
    return words


def _previous_word(text: str, start: int) -> str:
    match = _PREVIOUS_WORD.search(text[max(0, start - 40):start])
    return match.group(1).lower() if match else ""


def _previous_words(text: str, start: int, n: int) -> list[str]:
    words = [w.lower().replace("’", "'") for w in re.findall(r"[\w'’]+", text[max(0, start - 60):start])]
    return [w[-3:] if w.endswith("n't") else w for w in words[-n:]]


def _at_sentence_start(text: str, start: int) -> bool:
    """True where ``start`` opens a sentence, a line, a quotation or a bracket."""
    before = text[:start].rstrip()
    if not before or "\n" in text[len(before):start] or before[-1] in _OPENERS:
        return True
    if before[-1] in _CLOSERS:
        if before[-1] in "\"'" and (len(before) == 1 or before[-2].isspace()):
            return True                                   # a straight mark opening a quotation
        inner = before.rstrip(_CLOSERS)
        return not inner or inner[-1] in _TERMINATORS
    return before[-1] in _TERMINATORS


def _keep_may(text: str, start: int, end: int) -> bool:
    """False for the month ("in May", "May 5", capitalised mid-sentence, so also Theresa May),
    permission ("you may leave") and requests ("may I")."""
    words = context_words()
    following = _next_words(text, end, 1)
    if following and following[0][:1].isdigit():
        return False
    if text[start:end] == "May" and not _at_sentence_start(text, start):
        return False
    if _previous_word(text, start) in words["permission_subject"]:
        return False
    return not (following and following[0] in words["permission_after"])


def _keep_could(text: str, start: int, end: int) -> bool:
    """False for ability: "could not swim", "could barely see", "could hear"."""
    words = context_words()
    following = _next_words(text, end, 1)
    if not following:
        return True
    return following[0] not in words["ability_negation"] and following[0] not in words["ability_verb"]


def _keep_suggest(text: str, start: int, end: int) -> bool:
    """False for "propose": suggest + (determiner) + proposal noun, or + a gerund."""
    following = _next_words(text, end, 2)
    if not following:
        return True
    if following[0].endswith("ing") and following[0] not in ("nothing", "something", "anything"):
        return False
    noun = following[1] if following[0] in _DETERMINERS and len(following) > 1 else following[0]
    return noun not in context_words()["proposal_noun"]


def _keep_appear(text: str, start: int, end: int) -> bool:
    """False for a physical appearance: appeared on/in/at/before/as ... ."""
    following = _next_words(text, end, 1)
    return not (following and following[0] in context_words()["physical_preposition"])


def _keep_claim(text: str, start: int, end: int) -> bool:
    """False for claiming responsibility/victory/lives and for insurance or jobless claims."""
    words = context_words()
    following = _next_words(text, end, 2)
    noun = following[1] if following and following[0] in _DETERMINERS and len(following) > 1 else (
        following[0] if following else "")
    if noun in words["claim_object"]:
        return False
    return _previous_word(text, start) not in words["claim_modifier"]


def _keep_count(text: str, start: int, end: int) -> bool:
    """False where an official count verb follows within six words ("some 20 were arrested")."""
    return not set(_next_words(text, end, 6)) & context_words()["count_verb"]


def _keep_suspect(text: str, start: int, end: int) -> bool:
    """False for the noun: "the suspect", "two suspects" (a person, not suspicion); a number
    before it marks the noun too. "suspected" is always kept."""
    if text[start:end].lower().endswith("ed"):
        return True
    previous = _previous_word(text, start)
    return not (previous.isdigit() or previous in context_words()["suspect_noun_lead"])


def _keep_booster(text: str, start: int, end: int) -> bool:
    """False for a negated booster: a negation among the three words before ("not clearly",
    "not yet obtained any decisive proof")."""
    return not set(_previous_words(text, start, 3)) & context_words()["negation"]


_CONTEXT_RULES = {
    "": None,
    "may": _keep_may,
    "could": _keep_could,
    "propose": _keep_suggest,
    "physical": _keep_appear,
    "claim": _keep_claim,
    "count": _keep_count,
    "suspect": _keep_suspect,
    "negation": _keep_booster,
}


def _has_quote_marks(text: str) -> bool:
    return any(mark in text for mark in _QUOTE_MARKS)


def voice_quotes(text: str, quotes: Sequence[Quote] | None = None) -> Sequence[Quote]:
    """The quotations that give cues the quoted voice: those of ``find_quotes(text)`` (passed
    as ``quotes`` when already found), none in text without a quotation mark."""
    if not _has_quote_marks(text):
        return []
    return find_quotes(text) if quotes is None else quotes


def scan_cues(text: str, quotes: Sequence[Quote] | None = None) -> tuple[list[Hedge], list[tuple[int, int]]]:
    """Every cue of ``text`` (as :func:`find_cues`) and the ``(start, end)`` spans of lexicon
    matches that their context ruled out (the month "May", "suggested a meeting", ...).
    ``quotes``: the quotations of ``text`` (``find_quotes(text)``), found here when ``None``."""
    if not isinstance(text, str):
        raise TypeError(f"find_cues needs a str, got {type(text).__name__}")
    if quotes is None:
        quotes = voice_quotes(text)
    cues: list[Hedge] = []
    rejected: list[tuple[int, int]] = []
    lowered = text.lower()
    if len(lowered) == len(text):
        matched, spans = lowered, [match.span() for match in _lowered_cue_regex().finditer(lowered)]
    else:  # offsets must not move: the text itself, case ignored
        matched, spans = text, [match.span() for match in _cue_regex().finditer(text)]
    for start, end in spans:
        row = _row_of(matched[start:end])
        rule = _CONTEXT_RULES.get(row.context)
        if rule is not None and not rule(text, start, end):
            rejected.append((start, end))
            continue
        voice = "quoted" if quotes and inside_quote(quotes, start) else "writer"
        cues.append(Hedge(start, end, text[start:end], row.category, voice))
    return cues, rejected


def find_cues(text: str) -> list[Hedge]:
    """Every hedge, approximator and booster cue in ``text``, in order, not overlapping.

    Never raises on odd text; returns ``[]`` for empty text.
    """
    return scan_cues(text)[0]


def find_hedges(text: str) -> list[Hedge]:
    """The hedge cues of ``text`` (the six hedge categories and ``approximator``), in order."""
    return [cue for cue in find_cues(text) if cue.category != BOOSTER]


def find_boosters(text: str) -> list[Hedge]:
    """The booster cues of ``text`` (category ``booster``), in order."""
    return [cue for cue in find_cues(text) if cue.category == BOOSTER]
