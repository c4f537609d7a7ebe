"""Word lists as data: one loader and one matching engine for the lexicons of the scorers.

A lexicon is a CSV of ``analysis/lexicons/`` with a ``pattern`` (a regular expression over
words: a space matches white space or a hyphen, an apostrophe either apostrophe) and a
``category`` per row, each row with its source noted in the file. :func:`read_rows` reads and
checks one; :func:`compile_lexicon` compiles it into a :class:`Lexicon`, whose
:meth:`Lexicon.find` gives the non-overlapping matches in a text, the longer pattern first.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.paths import LEXICON_DIR


@dataclass(frozen=True)
class LexiconRow:
    pattern: str
    category: str


def read_rows(name: str, categories: Sequence[str]) -> tuple[LexiconRow, ...]:
    with open(LEXICON_DIR / name, encoding="utf-8", newline="") as handle:
        rows = tuple(LexiconRow(r["pattern"].strip(), r["category"].strip()) for r in csv.DictReader(handle))
    unknown = {row.category for row in rows} - set(categories)
    if unknown:
        raise ValueError(f"{name}: unknown categories {sorted(unknown)}")
    return rows


def _to_regex(pattern: str) -> str:
    """A lexicon pattern as a regex: a space matches white space or a hyphen, an apostrophe
    either apostrophe."""
    return re.sub(" +", lambda _: r"[\s-]+", pattern.replace("'", "['’]"))


_WORD_START = re.compile(r"(?<![\w-])[A-Za-z]{2,4}")


_KEY_LETTERS = 4


def prefix_tree_regex(keys: Sequence[str]) -> str:
    """A regex matching exactly the strings that start with one of ``keys`` (non-empty), written
    as a tree of their shared letters (``["rip", "rage"]`` -> ``r(?:age|ip)``): the regex engine
    then rules a position out after a letter or two, where an alternation of every key tries
    each key in turn."""
    tree: dict[str, dict] = {}
    for key in keys:
        node = tree
        for letter in key:
            node = node.setdefault(letter, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        if "" in node:  # a key ends here: any longer key only repeats what already matched
            return ""
        parts = [re.escape(letter) + branch(child) for letter, child in sorted(node.items())]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return branch(tree)


def _literal_prefix(pattern: str) -> str:
    """The letters a pattern must start with (at most four, lower case): ``"rips?"`` -> ``"rip"``."""
    letters = re.match(r"[a-z]*", pattern, re.IGNORECASE).group()
    if pattern[len(letters):len(letters) + 1] in ("?", "*", "{"):
        letters = letters[:-1]
    return letters[:_KEY_LETTERS].lower()


_KELVIN_SIGN = "\u212a"
"""The one character that lower-cases, keeping its length, to an ASCII letter without being one
("K" -> "k"; a test checks it)."""


class KeyStarts:
    """Finds ``(offset, letters)`` where a word of a text (not after a word character or hyphen)
    starts with one of ``keys`` (lower-case letters), ``letters`` the word's first two to four
    letters in lower case, in order. Found in C on the lower-cased text (about 3x faster than
    visiting every word in Python): a key at the very start of the text, and one after a
    character that is neither a word character nor a hyphen, matched with that character (the
    engine then skips ahead to such characters, instead of testing a lookbehind at every
    position), the letters taken in the same match: where lower-casing keeps the text's length,
    each character stays a word character or hyphen (or not) and becomes an ASCII letter only
    where it is one, but for the Kelvin sign (a test checks both). Where lower-casing changes
    the length, every word start is given; where the text holds a Kelvin sign, the letters are
    read from the text itself, and a start with fewer than two letters there is left out."""

    def __init__(self, keys: Sequence[str]) -> None:
        tree = prefix_tree_regex(sorted(keys))
        self._key_at_start = re.compile(rf"(?={tree})([a-z]{{2,4}})")
        self._key_after_break = re.compile(rf"[^\w-](?={tree})([a-z]{{2,4}})")

    def __call__(self, text: str) -> list[tuple[int, str]]:
        lowered = text.lower()
        if len(lowered) != len(text):  # offsets must not move
            return [(word.start(), word.group().lower()) for word in _WORD_START.finditer(text)]
        at_start = self._key_at_start.match(lowered)
        found = [(0, at_start.group(1))] if at_start else []
        found.extend((match.start() + 1, match.group(1))
                     for match in self._key_after_break.finditer(lowered))
        if _KELVIN_SIGN in text:  # a letter of the lowered text may not be one of the text's
            words = ((start, _WORD_START.match(text, start)) for start, _ in found)
            return [(start, word.group().lower()) for start, word in words if word]
        return found


class Lexicon:
    """Rows compiled one regex each and keyed by the letters they must start with: matching
    tries, at each word start given, only the rows whose letters begin that word (the longer
    pattern first). A single alternation of every row is about ten times slower."""

    def __init__(self, rows: tuple[tuple[str, int, re.Pattern[str], str], ...]) -> None:
        self.rows = rows
        self.keys = frozenset(key for key, _, _, _ in rows)
        self._key_starts = KeyStarts(self.keys)
        self._by_start: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {}

    def candidates(self, start: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        """The rows that may match a word starting with ``start`` (up to four lower-case
        letters), remembered per ``start``."""
        found = self._by_start.get(start)
        if found is None:
            found = tuple((regex, category) for key, _, regex, category in self.rows if start.startswith(key))
            self._by_start[start] = found
        return found

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, category)`` of the rows matched in ``text``, in order, not
        overlapping."""
        return self.matches(text, self._key_starts(text)) if text else []

    def matches(self, text: str, starts: Sequence[tuple[int, str]]) -> list[tuple[int, int, str]]:
        """``(start, end, category)`` of the rows matched in ``text``, in order, not
        overlapping, tried at ``starts``: ``(offset, letters)`` where a word starts with one of
        :attr:`keys`, ``letters`` its first two to four letters in lower case (from
        :func:`_key_starts`; starts given as well with no key of this lexicon change nothing,
        no row being tried there)."""
        found: list[tuple[int, int, str]] = []
        last_end = 0
        remembered = self._by_start
        for start, letters in starts:
            if start < last_end:
                continue
            rows = remembered.get(letters)
            for regex, category in (self.candidates(letters) if rows is None else rows):
                match = regex.match(text, start)
                if match:
                    found.append((start, match.end(), category))
                    last_end = match.end()
                    break
        return found


def compile_lexicon(rows: tuple[LexiconRow, ...], name: str) -> Lexicon:
    """Compile ``rows``; raises ``ValueError`` for a pattern that does not start with two letters."""
    compiled = []
    for row in rows:
        key = _literal_prefix(row.pattern)
        if len(key) < 2:
            raise ValueError(f"{name}: pattern {row.pattern!r} must start with two letters")
        regex = re.compile(rf"(?:{_to_regex(row.pattern)})(?![\w-])", re.IGNORECASE)
        compiled.append((key, len(row.pattern), regex, row.category))
    compiled.sort(key=lambda entry: -entry[1])
    return Lexicon(tuple(compiled))
