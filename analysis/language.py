"""Bias language: loaded and subjective wording, sentiment toward the main subject, and the
balance of voices (who answers whom, which sides the text names).

Loaded wording comes from ``analysis/lexicons/loaded_language.csv`` (one regular expression per
row, matched case-insensitively on word boundaries, the longer pattern first), written for this
project. Its categories (:data:`LOADED_CATEGORIES`):

``loaded_label``   name calling and campaign labels: "regime", "thugs", "far-left", "death tax"
``intensifier``    degree adverbs: "very", "extremely", "utterly"
``emotive``        emotion-laden evaluation: "shocking", "devastating", "outrageous", "chaos"
``dramatic_verb``  headline verbs for said/criticised: "slams", "blasts", "lashed out"
``exaggeration``   claims of extremity or size: "unprecedented", "massive", "worst ever"
``evaluative``     the writer's stance adverbs: "sadly", "inexplicably", "conveniently"

Certainty boosters ("clearly", "undoubtedly") are hedging's (``analysis.hedging``), not here. A
term inside a quotation (``analysis.quotes``) is the quoted source's wording, outside it the
writer's: :class:`LoadedTerm` carries ``quoted`` and the rates keep the two apart.

Balance cues come from ``analysis/lexicons/balance_cues.csv`` (:data:`BALANCE_CATEGORIES`):
``response`` ("responded to", "in response", "countered that"), ``dispute`` ("denied",
"disputed", "rejected the claims"), ``no_comment`` ("did not respond to a request for comment",
"declined to comment": the reporter asked the other side), ``critic`` ("critics", "opponents")
and ``supporter`` ("supporters", "proponents") naming a side.

The main subject is the most frequent capitalised word of the text (capitalised sentence openers,
titles, days and months of ``lexicons/function_words.csv`` left out; a word of the title that
the text also uses counts twice), needing two mentions; its name is the most frequent capitalised
phrase holding it ("Sony Pictures"). Sentiment toward it is VADER's compound score (Hutto and
Gilbert 2014; ``vaderSentiment`` ships its lexicon, no download) averaged over the sentences
that mention it: the tone of what is said where the subject is, not a stance detector.

Columns without the parse (:data:`LANGUAGE_FEATURES`), rates per 100 words:

- ``lang_loaded_per_100w``: loaded terms of every category outside quotations per 100 words
  outside quotations (the writer's own wording); >= 0.
- ``lang_loaded_quoted_per_100w``: loaded terms inside quotations per 100 quoted words; >= 0.
- ``lang_<category>_per_100w`` for each of the six categories: that category's terms outside
  quotations per 100 words outside quotations; >= 0.
- ``lang_title_loaded``: loaded terms in the title; >= 0, count; missing without a title.
- ``lang_subject``: the main subject's name (text); missing where no word is mentioned twice.
- ``lang_subject_sentences``: sentences mentioning the main subject; >= 0, count.
- ``lang_subject_sentiment``: mean VADER compound score of those sentences; [-1, 1], 0 neutral;
  missing without a subject.
- ``lang_subject_negative_share`` / ``lang_subject_positive_share``: share of those sentences
  with compound <= -0.05 / >= 0.05 (VADER's own thresholds); [0, 1]; missing without a subject.
- ``lang_response_cues``, ``lang_dispute_cues``, ``lang_no_comment_cues``: balance cues of that
  category in the text; >= 0, count.
- ``lang_critic_cues`` / ``lang_supporter_cues``: mentions of a side ("critics" / "supporters");
  >= 0, count.
- ``lang_side_balance``: how evenly the text names both sides, 2 * min(critic, supporter) /
  (critic + supporter); [0, 1]: 1 both sides named equally often, 0 only one side; missing where
  no side is named.

Columns from the attributions (:data:`BALANCE_FEATURES`, need the parse):

- ``lang_responding_voices``: distinct sources (by resolved name) with a statement in a sentence
  holding a response, dispute or no-comment cue: the voices that answer or contest; >= 0, count.
- ``lang_responding_share``: those voices as a share of all distinct sources; [0, 1]; missing
  where the article attributes nothing.
- ``lang_sources_critic`` / ``lang_sources_supporter``: attributions whose source names a side
  ("critics say", "supporters of the bill argued"), or whose sentence names exactly one side;
  >= 0, count.
- ``lang_source_side_balance``: 2 * min / sum of the two; [0, 1]; missing where no attributed
  source is placed on a side.
"""
from __future__ import annotations

import bisect
import csv
import math
import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress
from typing import Any

from analysis.memo import FirstSightMemo
from analysis.paths import LEXICON_DIR
from analysis.quotes import Quote, find_quotes
from analysis.sentences import sentence_spans as split_sentences
from analysis.style import function_words, word_counts

LOADED_CATEGORIES: tuple[str, ...] = (
    "loaded_label", "intensifier", "emotive", "dramatic_verb", "exaggeration", "evaluative",
)
"""The categories of ``loaded_language.csv``."""
BALANCE_CATEGORIES: tuple[str, ...] = ("response", "dispute", "no_comment", "critic", "supporter")
"""The categories of ``balance_cues.csv``."""
_ANSWERING = frozenset({"response", "dispute", "no_comment"})

LANGUAGE_FEATURES: tuple[str, ...] = (
    "lang_loaded_per_100w", "lang_loaded_quoted_per_100w",
    *(f"lang_{category}_per_100w" for category in LOADED_CATEGORIES),
    "lang_title_loaded", "lang_subject", "lang_subject_sentences", "lang_subject_sentiment",
    "lang_subject_negative_share", "lang_subject_positive_share",
    "lang_response_cues", "lang_dispute_cues", "lang_no_comment_cues",
    "lang_critic_cues", "lang_supporter_cues", "lang_side_balance",
)
"""The columns :func:`language_measures` returns, in order (``lang_subject`` is text)."""
BALANCE_FEATURES: tuple[str, ...] = (
    "lang_responding_voices", "lang_responding_share", "lang_sources_critic",
    "lang_sources_supporter", "lang_source_side_balance",
)
"""The columns :func:`balance_measures` returns, in order."""

SENTIMENT_THRESHOLD = 0.05
"""VADER's own cut-off: compound >= 0.05 positive, <= -0.05 negative."""

_CAPITALISED = re.compile(r"[A-Z](?<![\w'’].)[\w'’-]*\w")
"""A capitalised word: ``(?<![\\w'’])[A-Z][\\w'’-]*\\w``, with the look-behind moved after the
capital (it tests the character before it), so that the regex engine skips ahead to capitals
instead of testing the look-behind at every position (twice as fast, the same matches)."""
_PHRASE = re.compile(r"[A-Z](?<![\w'’].)[\w'’.-]*\w(?:[ ](?:[A-Z][\w'’.-]*\w))*")
"""A run of capitalised words separated by single spaces, its look-behind placed as in
:data:`_CAPITALISED`."""
_POSSESSIVE_ENDINGS = ("'s", "’s")


@dataclass(frozen=True)
class LoadedTerm:
    """A loaded or subjective term. ``text == source[start:end]``; ``quoted`` when it stands
    inside a quotation (the source's wording, not the writer's)."""

    start: int
    end: int
    text: str
    category: str
    quoted: bool = False


@dataclass(frozen=True)
class BalanceCue:
    """A cue of answering, disputing, not commenting, or of a named side (``category``)."""

    start: int
    end: int
    text: str
    category: str


@dataclass(frozen=True)
class Subject:
    """The article's main subject: ``key`` the capitalised word counted, ``name`` its fullest
    frequent phrase, ``mentions`` the times ``key`` appears in the text, ``sentences`` the
    indexes of the sentences that mention it."""

    key: str
    name: str
    mentions: int
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class _Row:
    pattern: str
    category: str


def _read_rows(name: str, categories: Sequence[str]) -> tuple[_Row, ...]:
    with open(LEXICON_DIR / name, encoding="utf-8", newline="") as handle:
        rows = tuple(_Row(r["pattern"].strip(), r["category"].strip()) for r in csv.DictReader(handle))
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


class _KeyStarts:
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


class _Lexicon:
    """Rows compiled one regex each and keyed by the letters they must start with: matching
    tries, at each word start given, only the rows whose letters begin that word (the longer
    pattern first). A single alternation of every row is about ten times slower."""

    def __init__(self, rows: tuple[tuple[str, int, re.Pattern[str], str], ...]) -> None:
        self.rows = rows
        self.keys = frozenset(key for key, _, _, _ in rows)
        self._by_start: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {}

    def candidates(self, start: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        """The rows that may match a word starting with ``start`` (up to four lower-case
        letters), remembered per ``start``."""
        found = self._by_start.get(start)
        if found is None:
            found = tuple((regex, category) for key, _, regex, category in self.rows if start.startswith(key))
            self._by_start[start] = found
        return found

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


def _compile(rows: tuple[_Row, ...], name: str) -> _Lexicon:
    """Compile ``rows``; raises ``ValueError`` for a pattern that does not start with two letters."""
    compiled = []
    for row in rows:
        key = _literal_prefix(row.pattern)
        if len(key) < 2:
            raise ValueError(f"{name}: pattern {row.pattern!r} must start with two letters")
        regex = re.compile(rf"(?:{_to_regex(row.pattern)})(?![\w-])", re.IGNORECASE)
        compiled.append((key, len(row.pattern), regex, row.category))
    compiled.sort(key=lambda entry: -entry[1])
    return _Lexicon(tuple(compiled))


@cache
def loaded_lexicon() -> tuple[_Row, ...]:
    """The rows of ``loaded_language.csv``, checked, read once."""
    return _read_rows("loaded_language.csv", LOADED_CATEGORIES)


@cache
def balance_lexicon() -> tuple[_Row, ...]:
    """The rows of ``balance_cues.csv``, checked, read once."""
    return _read_rows("balance_cues.csv", BALANCE_CATEGORIES)


@cache
def _loaded() -> _Lexicon:
    return _compile(loaded_lexicon(), "loaded_language.csv")


@cache
def _balance() -> _Lexicon:
    return _compile(balance_lexicon(), "balance_cues.csv")


@cache
def _lexicon_key_starts() -> _KeyStarts:
    return _KeyStarts(_loaded().keys | _balance().keys)


@lru_cache(maxsize=4)
def _key_starts(text: str) -> list[tuple[int, str]]:
    """``(offset, letters)`` where a word of ``text`` starts with a key of the loaded-language
    or the balance lexicon (:class:`_KeyStarts`), ``letters`` the word's first two to four
    letters in lower case: found once for both lexicons, in one scan (each skips the other's
    starts at the cost of a dictionary look-up), and remembered for the last 4 texts, since
    both look at the same article. Not to be modified."""
    return _lexicon_key_starts()(text)


def find_loaded_language(text: str, quotes: Sequence[Quote] | None = None) -> list[LoadedTerm]:
    """The loaded and subjective terms of ``text``, in order, not overlapping; ``quotes`` (from
    ``analysis.quotes.find_quotes``) are found when not given. Never raises on odd text."""
    if not isinstance(text, str) or not text:
        return []
    quotes = find_quotes(text) if quotes is None else quotes
    starts = [q.content_start for q in quotes]
    terms = []
    for start, end, category in _loaded().matches(text, _key_starts(text)):
        index = bisect.bisect_right(starts, start) - 1
        quoted = index >= 0 and start < quotes[index].content_end
        terms.append(LoadedTerm(start, end, text[start:end], category, quoted))
    return terms


def find_balance_cues(text: str) -> list[BalanceCue]:
    """The balance cues of ``text`` (answering, disputing, no comment, named sides), in order."""
    if not isinstance(text, str) or not text:
        return []
    return [BalanceCue(s, e, text[s:e], c) for s, e, c in _balance().matches(text, _key_starts(text))]


@cache
def _sentiment_analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _emoji_characters() -> frozenset[str]:
    """The emojis VADER can replace: it looks its emoji lexicon up one character at a time, so
    only its one-character entries ever match."""
    return frozenset(emoji for emoji in _sentiment_analyzer().emojis if len(emoji) == 1)


@cache
def _ascii_emojis() -> bool:
    """True when one of :func:`_emoji_characters` is ASCII (none is in vaderSentiment 3.3.2)."""
    return any(emoji.isascii() for emoji in _emoji_characters())


def _holds_emoji(sentence: str) -> bool:
    """True when ``sentence`` holds one of :func:`_emoji_characters` (an ASCII sentence is
    looked at only when an emoji is ASCII)."""
    if sentence.isascii() and not _ascii_emojis():
        return False
    return not _emoji_characters().isdisjoint(sentence)


_LEXICON_WORD = 1
"""Token code bit: the token may be in VADER's lexicon (in lower case as written, or stripped of
punctuation)."""
_KEPT_ANYWHERE = 2
"""Token code bit: the token may be "but", is written in capitals or holds ``!`` or ``?``."""
_CAPITALS = 4
"""Token code bit: the token is written in capitals (``str.isupper``)."""
_LEXICON_WORD_BYTES = bytes(code & _LEXICON_WORD for code in range(256))
_KEPT_ANYWHERE_BYTES = bytes((code & _KEPT_ANYWHERE) >> 1 for code in range(256))
_CAPITALS_BYTES = bytes((code & _CAPITALS) >> 2 for code in range(256))
"""``bytes.translate`` tables: a token code -> 1 where it has that bit, else 0."""
_MAX_TOKEN_CODES = 1 << 16
"""Tokens whose code :data:`_TOKEN_CODES` keeps (about 6 MB at most); further tokens are coded
on every sight."""
_VADER_READS_BEFORE = 3
"""Tokens before a lexicon word that VADER reads to score it: ``i - 1`` to ``i - 3``."""
_VADER_READS_AFTER = 2
"""Tokens after a lexicon word that VADER reads to score it: ``i + 1`` and ``i + 2``."""


def _token_code(token: str) -> int:
    """The bits :data:`_LEXICON_WORD`, :data:`_KEPT_ANYWHERE` and :data:`_CAPITALS` of one
    white-space token; 0 to 7."""
    lexicon = _sentiment_analyzer().lexicon
    forms = (token.lower(), token.strip(string.punctuation).lower())
    capitals = token.isupper()
    code = _LEXICON_WORD if forms[0] in lexicon or forms[1] in lexicon else 0
    if capitals or "but" in forms or "!" in token or "?" in token:
        code |= _KEPT_ANYWHERE
    return code | (_CAPITALS if capitals else 0)


_TOKEN_CODES: FirstSightMemo[str, int] = FirstSightMemo(_token_code, _MAX_TOKEN_CODES)
"""Token (as written) -> :func:`_token_code`."""


def _byte_mask(mask: bytes) -> int:
    """A mask of 0/1 bytes as an int, byte ``i`` (token ``i``) at bits ``8i`` to ``8i + 7``."""
    return int.from_bytes(mask, "little")


def vader_input(sentence: str) -> str | None:
    """What VADER is run on to score ``sentence``: ``None`` where the compound score is 0.0 for
    sure (:func:`scores_zero`), else the sentence itself or those of its tokens that VADER
    scores alike, joined by single spaces: about 40 % of the tokens of an AllSides subject
    sentence, which makes VADER about 40 % faster (it re-reads the whole sentence for every
    lexicon word).

    Kept: every token that may be in VADER's lexicon (in lower case, as written or stripped of
    punctuation) with the 3 tokens before and the 2 after it, every token that may be "but",
    every token written in capitals and every token holding ``!`` or ``?``. The sentence stays
    whole where it holds one of VADER's emojis, or where every kept token would be in capitals
    while some dropped one is not.

    Why the compound score is the same (vaderSentiment 3.3.2, ``polarity_scores``):

    1. Without an emoji the text is only ``strip()``-ed; its items are its white-space tokens,
       each replaced by ``t.strip(string.punctuation)`` where that keeps more than two
       characters (see :func:`scores_zero`). The kept tokens joined by spaces split into the
       same tokens, in the same order.
    2. An item that is not in the lexicon gets the value 0 whatever surrounds it. An item in
       the lexicon reads items ``i - 3`` to ``i + 2`` only ("kind" before "of", "no" before or
       after it, boosters and negations before it, "least", the idioms around it), tests
       ``i > 0``, ``i > 1``, ``i > 2`` and whether items ``i + 1`` and ``i + 2`` exist, and
       reads the sentence-wide flag "some but not all items in capitals". Those six tokens are
       kept and stay next to each other; where a token before the item is dropped, its 3
       tokens before it are kept, so ``i > 2`` holds both before and after, and where none is,
       ``i`` is unchanged. The capitals flag is the same: every token in capitals is kept
       (stripping punctuation does not change ``isupper``), and the sentence stays whole where
       only tokens in capitals would be kept. So every lexicon item gets the same value, and
       every dropped item had 0.
    3. ``_but_check`` scales the values before the first item "but" by 0.5 and those after it
       by 1.5, finding each value's position as that of its first equal value: every "but" is
       kept, so the non-zero values keep their order and their side of the first "but"; it
       turns a 0 only into a 0 and no other value into 0, so the dropped zeros change nothing.
    4. ``score_valence`` sums the values (adding 0 changes no float sum) and adds the emphasis
       of the ``!`` and ``?`` counted in the text: every token holding one is kept. The
       compound score is ``normalize`` of that sum, rounded.
    """
    if _holds_emoji(sentence):
        return sentence
    tokens = sentence.split()
    codes = bytes(map(_TOKEN_CODES.__getitem__, tokens))
    hits = _byte_mask(codes.translate(_LEXICON_WORD_BYTES))
    if not hits:
        return None
    window = hits
    for distance in range(1, _VADER_READS_BEFORE + 1):
        window |= hits >> 8 * distance  # token i - distance
    for distance in range(1, _VADER_READS_AFTER + 1):
        window |= hits << 8 * distance  # token i + distance
    n = len(tokens)
    mask = (window | _byte_mask(codes.translate(_KEPT_ANYWHERE_BYTES))) & ((1 << 8 * n) - 1)
    kept = mask.to_bytes(n, "little")
    kept_count = kept.count(1)
    if kept_count == n or kept_count == codes.translate(_CAPITALS_BYTES).count(1):
        return sentence
    return " ".join(compress(tokens, kept))


def scores_zero(sentence: str) -> bool:
    """True when VADER's compound score of ``sentence`` is 0.0 for sure, without running VADER:
    no token of the sentence in VADER's lexicon, and no emoji. (True for about a quarter of the
    sentences naming an AllSides article's main subject, which are short.)

    Why it is exact (vaderSentiment 3.3.2, ``polarity_scores``):

    1. It replaces characters found in its emoji lexicon, one character at a time; with none of
       :func:`_emoji_characters` in the sentence the text stays as it is, then ``strip()``.
    2. ``SentiText`` splits the text at white space (``strip`` changes no token) and replaces
       each token ``t`` by ``t.strip(string.punctuation)`` where that keeps more than two
       characters, else keeps ``t``; the lower-case form of each item is therefore
       ``t.lower()`` or ``t.strip(string.punctuation).lower()``, both checked here.
    3. Per item, booster words and "kind" before "of" add 0; otherwise ``sentiment_valence``
       adds ``valence``, which starts at 0 and changes only inside ``if item_lowercase in
       self.lexicon`` (the "no" rule, capitals, boosters before it, negation, idioms, "least"
       all sit in that block). With no item in the lexicon every value is 0.
    4. ``_but_check`` scales the values (0 stays 0); ``score_valence`` adds the ``!``/``?``
       emphasis only to a non-zero sum, and ``normalize(0.0)`` is 0.0; no item at all gives
       0.0 as well.
    """
    return vader_input(sentence) is None


def sentiment(sentence: str) -> float:
    """VADER's compound score of one sentence; [-1, 1], 0 neutral. VADER is not run where
    :func:`scores_zero` shows the score is 0, and runs on :func:`vader_input` otherwise."""
    text = vader_input(sentence)
    if text is None:
        return 0.0
    return float(_sentiment_analyzer().polarity_scores(text)["compound"])


def _subject_key(token: str) -> str:
    """A capitalised token without a final possessive ``'s``/``’s``."""
    return token[:-2] if token.endswith(_POSSESSIVE_ENDINGS) else token


def _is_word_character(character: str) -> bool:
    """What the regex class ``\\w`` matches (letters, digits and ``_``)."""
    return character.isalnum() or character == "_"


def _mentions(text: str, key: str) -> list[int]:
    """Offsets of ``key`` in ``text`` where it is not preceded by a word character or
    apostrophe nor followed by a word character, left to right without overlap: the matches of
    ``(?<![\\w'’])KEY(?!\\w)``, found without compiling a regex per key."""
    offsets = []
    end_of_text = len(text)
    at = text.find(key)
    while at >= 0:
        end = at + len(key)
        free_before = at == 0 or not (_is_word_character(text[at - 1]) or text[at - 1] in "'’")
        free_after = end == end_of_text or not _is_word_character(text[end])
        if free_before and free_after:
            offsets.append(at)
            at = text.find(key, end)
        else:
            at = text.find(key, at + 1)
    return offsets


def _trim_phrase(phrase: str, excluded: frozenset[str]) -> str:
    """A capitalised phrase without its leading titles and sentence openers ("President")."""
    words = phrase.split()
    while len(words) > 1 and _subject_key(words[0]) in excluded:
        words = words[1:]
    return _subject_key(" ".join(words))


def main_subject(text: str, title: object = None,
                 sentence_spans: Sequence[tuple[int, int]] | None = None) -> Subject | None:
    """The main subject of an article (see the module docstring), or ``None`` where no
    capitalised word is mentioned at least twice."""
    if not isinstance(text, str) or not text:
        return None
    excluded = function_words("not_a_subject")
    # a dict keeps its keys in the order first seen in the text (the title adds none); the
    # words are counted first, and each distinct word adds its count to its key
    counts: dict[str, int] = {}
    for word, mentions in Counter(_CAPITALISED.findall(text)).items():
        key = _subject_key(word)
        if key not in excluded:
            counts[key] = counts.get(key, 0) + mentions
    if isinstance(title, str):
        for match in _CAPITALISED.finditer(title):
            key = _subject_key(match.group())
            if key in counts:
                counts[key] += 2
    if not counts:
        return None
    key = max(counts, key=counts.__getitem__)  # the first most counted: ties go to the earliest
    if counts[key] < 2:
        return None
    spans = list(split_sentences(text) if sentence_spans is None else sentence_spans)
    offsets = _mentions(text, key)
    starts = [start for start, _ in spans]
    sentences = sorted({bisect.bisect_right(starts, offset) - 1 for offset in offsets} - {-1})
    phrases = Counter(_trim_phrase(p, excluded) for p in _PHRASE.findall(text)
                      if key in p and key in p.split())
    name = max(phrases, key=lambda p: (phrases[p], len(p))) if phrases else key
    return Subject(key, name, len(offsets), tuple(sentences))


def _per_100(count: int, words: int) -> float:
    return 100.0 * count / words if words else 0.0


def _side_balance(a: int, b: int) -> float:
    return 2.0 * min(a, b) / (a + b) if a + b else math.nan


def _subject_measures(text: str, title: object, spans: Sequence[tuple[int, int]]) -> dict[str, Any]:
    subject = main_subject(text, title, spans)
    if subject is None or not subject.sentences:
        return {"lang_subject": None, "lang_subject_sentences": 0.0, "lang_subject_sentiment": math.nan,
                "lang_subject_negative_share": math.nan, "lang_subject_positive_share": math.nan}
    scores = [sentiment(text[spans[i][0]:spans[i][1]]) for i in subject.sentences]
    n = len(scores)
    return {
        "lang_subject": subject.name,
        "lang_subject_sentences": float(n),
        "lang_subject_sentiment": sum(scores) / n,
        "lang_subject_negative_share": sum(s <= -SENTIMENT_THRESHOLD for s in scores) / n,
        "lang_subject_positive_share": sum(s >= SENTIMENT_THRESHOLD for s in scores) / n,
    }


def language_measures(text: str, title: object = None, *,
                      sentence_spans: Sequence[tuple[int, int]] | None = None,
                      quotes: Sequence[Quote] | None = None) -> dict[str, Any]:
    """The measures of :data:`LANGUAGE_FEATURES` for one article (no parse needed).

    ``sentence_spans`` and ``quotes`` are computed when not given. Raises ``TypeError`` when
    ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"language_measures needs a str, got {type(text).__name__}")
    spans = list(split_sentences(text) if sentence_spans is None else sentence_spans)
    quotes = find_quotes(text) if quotes is None else quotes
    terms = find_loaded_language(text, quotes)
    words, quoted_words = word_counts(text, quotes)
    own_words = max(0, words - quoted_words)
    own = Counter(t.category for t in terms if not t.quoted)
    measures: dict[str, Any] = {
        "lang_loaded_per_100w": _per_100(sum(own.values()), own_words),
        "lang_loaded_quoted_per_100w": _per_100(sum(t.quoted for t in terms), quoted_words),
    }
    for category in LOADED_CATEGORIES:
        measures[f"lang_{category}_per_100w"] = _per_100(own[category], own_words)
    measures["lang_title_loaded"] = (float(len(find_loaded_language(title, [])))
                                     if isinstance(title, str) and title.strip() else math.nan)
    measures.update(_subject_measures(text, title, spans))
    cues = Counter(cue.category for cue in find_balance_cues(text))
    for category in BALANCE_CATEGORIES:
        measures[f"lang_{category}_cues"] = float(cues[category])
    measures["lang_side_balance"] = _side_balance(cues["critic"], cues["supporter"])
    return {name: measures[name] for name in LANGUAGE_FEATURES}


def _source_side(attribution: Any, text: str, cues: Sequence[BalanceCue],
                 sentence: tuple[int, int] | None) -> str | None:
    sides = ("critic", "supporter")
    start, end = getattr(attribution, "source_start", None), getattr(attribution, "source_end", None)
    if start is not None and end is not None:
        named = {c.category for c in cues if c.category in sides and start <= c.start < end}
        if len(named) == 1:
            return named.pop()
    if sentence is not None:
        named = {c.category for c in cues if c.category in sides and sentence[0] <= c.start < sentence[1]}
        if len(named) == 1:
            return named.pop()
    return None


def balance_measures(text: str, attributions: Sequence[Any],
                     sentence_spans: Sequence[tuple[int, int]]) -> dict[str, float]:
    """The measures of :data:`BALANCE_FEATURES` from an article's attributions (objects with
    ``resolved``/``source``, ``source_start``, ``source_end`` and ``cue_start``, as
    ``analysis.attribution`` gives them) and its sentence spans (from the parse)."""
    cues = find_balance_cues(text)
    starts = [start for start, _ in sentence_spans]
    answering_sentences = {bisect.bisect_right(starts, c.start) - 1 for c in cues if c.category in _ANSWERING}
    sources: set[str] = set()
    answering: set[str] = set()
    sides: Counter[str] = Counter()
    for attribution in attributions:
        name = getattr(attribution, "resolved", None) or getattr(attribution, "source", None) or "(unnamed)"
        key = str(name).lower()
        sources.add(key)
        anchor = getattr(attribution, "cue_start", None)
        index = bisect.bisect_right(starts, anchor) - 1 if anchor is not None else -1
        if index >= 0 and index in answering_sentences:
            answering.add(key)
        side = _source_side(attribution, text, cues, sentence_spans[index] if index >= 0 else None)
        if side:
            sides[side] += 1
    return {
        "lang_responding_voices": float(len(answering)),
        "lang_responding_share": len(answering) / len(sources) if sources else math.nan,
        "lang_sources_critic": float(sides["critic"]),
        "lang_sources_supporter": float(sides["supporter"]),
        "lang_source_side_balance": _side_balance(sides["critic"], sides["supporter"]),
    }
