"""The hedged-sentence classifier: features, training, and the shipped model.

A logistic regression over binary features of a sentence: its lowercased word unigrams and
bigrams (a fixed vocabulary of the :data:`VOCABULARY_SIZE` most frequent in training; lexicon
matches ruled out by their context are masked) and the categories of the lexicon cues
(``cue:<category>``, ``cue:any``, ``cue:several``; see ``analysis.hedging.scan_cues``).

It is trained on the CoNLL-2010 task 1 training sentences of ``../shared/eval/hedging``
(Wikipedia and biomedical), each domain given the same total weight, with easy domain adaptation
(:func:`augment`): a shared weight per feature plus a Wikipedia and a biomedical copy. A second,
three-way logistic regression (the router, :func:`fit_router`) tells news, Wikipedia and
biomedical sentences apart; it is trained on the same sentences plus a fixed sample of unlabelled
news sentences from training-split AllSides articles (:func:`load_news`), with a prior towards
news (:func:`choose_news_prior`). Prediction (:meth:`HedgingModel.predict`) uses shared +
Wikipedia or shared + biomedical weights for sentences routed there and the shared weights alone
for sentences routed to news; ``domain`` can force a choice. The thresholds maximise F1 over
out-of-fold probabilities of a 5-fold cross-validation on the training sentences only
(:func:`choose_thresholds`).

The shipped model is ``analysis/models/hedging_lr.json``: feature names, weight lists,
intercepts and thresholds as plain JSON (no pickle), checked on load.
``python -m analysis train hedging`` rebuilds it byte for byte.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, partial
from itertools import accumulate, repeat
from pathlib import Path

import numpy as np

from analysis.paths import MODEL_DIR
from analysis.scorers.hedging.cues import CATEGORIES, HEDGE_CATEGORIES

MODEL_PATH = MODEL_DIR / "hedging_lr.json"


FORMAT = "analysis.hedging_model/2"


_PTB = re.compile(r"-[lr][rsc]b-|``|''")


_TOKEN = re.compile(r"[a-z]+|\d+")


def tokens(sentence: str) -> list[str]:
    """Lowercased word tokens; digits become ``0``; Penn Treebank brackets dropped."""
    return ["0" if t[0].isdigit() else t for t in _TOKEN.findall(_PTB.sub(" ", sentence.lower()))]


def cue_features(categories: Sequence[str]) -> set[str]:
    """Feature names from the categories of a sentence's cues (one entry per cue)."""
    features = {f"cue:{category}" for category in categories}
    n_hedges = sum(category in HEDGE_CATEGORIES for category in categories)
    if n_hedges:
        features.add("cue:any")
    if n_hedges > 1:
        features.add("cue:several")
    return features


def ngram_features(words: Sequence[str]) -> set[str]:
    """Unigrams and bigrams (``"a b"``) of ``words``."""
    grams = set(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return grams


REJECTED_TOKEN = "notacue"
"""Stands in the n-grams for a lexicon match its context ruled out ("in May", "appeared on")."""


def mask(sentence: str, rejected: Sequence[tuple[int, int]]) -> str:
    """``sentence`` with each ``(start, end)`` span replaced by :data:`REJECTED_TOKEN`."""
    for start, end in sorted(rejected, reverse=True):
        sentence = f"{sentence[:start]} {REJECTED_TOKEN} {sentence[end:]}"
    return sentence


def sentence_features(sentence: str, categories: Sequence[str],
                      rejected: Sequence[tuple[int, int]] = ()) -> set[str]:
    """Every candidate feature name of one sentence (before the vocabulary filter): n-grams of
    the sentence with ruled-out matches masked, and the cue features."""
    return ngram_features(tokens(mask(sentence, rejected) if rejected else sentence)) | cue_features(categories)


FORM_PATTERNS: dict[str, re.Pattern[str]] = {
    "form:ptb": re.compile(r" [,.;:?!](?: |$)|\w 's\b| n't\b|-[LR][RSC]B-|``|''|\d %"),
    "form:curly": re.compile(r"[“”‘’]"),
    "form:apostrophe": re.compile(r"\w['’]\w"),
    "form:paren": re.compile(r"[()]"),
    "form:quote": re.compile(r"[\"“”]"),
}
"""Router-only features of a sentence's surface: Penn Treebank tokenisation (the CoNLL-2010
files: "Debussy 's", "90 %", " ,", -LRB-, ``), curly quotes, apostrophes inside words, round
brackets and double quotation marks (running news text)."""


FORM_NEEDLES: dict[str, tuple[str, ...]] = {
    "form:ptb": (" ,", " .", " ;", " :", " ?", " !", " 's", " n't", "-L", "-R", "``", "''", " %"),
    "form:curly": ("“", "”", "‘", "’"),
    "form:apostrophe": ("'", "’"),
    "form:paren": ("(", ")"),
    "form:quote": ('"', "“", "”"),
}
"""For each of :data:`FORM_PATTERNS`, strings one of which every match of the pattern contains: a
text with none of them has no match (an exact pre-check, cheaper than the search)."""


def form_features(sentence: str) -> set[str]:
    """The :data:`FORM_PATTERNS` names found in ``sentence``."""
    return {name for name, pattern in FORM_PATTERNS.items() if pattern.search(sentence)}


def _needle_regex(needles: Sequence[str]) -> re.Pattern[str]:
    """A regex matching where one of ``needles`` stands, at its first character that is neither a
    letter nor a space (the needle's earlier characters checked behind it): the regex engine
    skips ahead to such characters, rarer than the spaces and letters needles start with."""
    parts = []
    for needle in needles:
        at = next((i for i, c in enumerate(needle) if not (c.isalpha() or c == " ")), 0)
        behind = f"(?<={re.escape(needle[:at + 1])})" if at else ""
        parts.append(re.escape(needle[at]) + behind + re.escape(needle[at + 1:]))
    return re.compile("|".join(parts))


def _needle_finders(needles: Sequence[str]) -> list[Callable[[str, int], int]]:
    """Functions ``find(text, start)`` giving the first offset at or after ``start`` where one
    of ``needles`` stands, or a character of it (-1 where none does): ``str.find`` for each
    needle of one character (the fastest search), one :func:`_needle_regex` for the longer ones
    together (one scan instead of one per needle, each of which is slow)."""
    finders: list[Callable[[str, int], int]] = [
        partial(_find, needle) for needle in needles if len(needle) == 1]
    longer = [needle for needle in needles if len(needle) > 1]
    if longer:
        finders.append(partial(_search, _needle_regex(longer)))
    return finders


def _find(needle: str, text: str, start: int) -> int:
    return text.find(needle, start)


def _search(regex: re.Pattern[str], text: str, start: int) -> int:
    match = regex.search(text, start)
    return match.start() if match else -1


_FORM_FINDERS: dict[str, list[Callable[[str, int], int]]] = {
    name: _needle_finders(needles) for name, needles in FORM_NEEDLES.items()}


def form_features_many(sentences: Sequence[str]) -> list[set[str]]:
    """:func:`form_features` of each of ``sentences``, in order. A pattern is searched only in
    the sentences where one of its :data:`FORM_NEEDLES` is found (:data:`_FORM_FINDERS`) in their
    concatenation, which holds every needle of every sentence (one found across two sentences
    costs a search)."""
    found: list[set[str]] = [set() for _ in sentences]
    joined = "".join(sentences)
    ends = list(accumulate(map(len, sentences)))
    for name, pattern in FORM_PATTERNS.items():
        candidates: set[int] = set()
        for find in _FORM_FINDERS[name]:
            at = find(joined, 0)
            while at != -1:
                index = bisect_right(ends, at)
                candidates.add(index)
                at = find(joined, ends[index])
        for index in candidates:
            if pattern.search(sentences[index]):
                found[index].add(name)
    return found


_SEPARATOR = "\x00"
"""Stands between sentences in :func:`tokens_many`: no token, n-gram or Penn Treebank mark
contains it, and like a space it is neither cased nor case-ignorable for ``str.lower``."""


_TOKEN_OR_SEPARATOR = re.compile(r"[a-z]+|\d+|\x00")


def tokens_many(sentences: Sequence[str]) -> list[str]:
    """:func:`tokens` of each of ``sentences`` in one pass over their concatenation: the token
    lists in order, each followed but the last by :data:`_SEPARATOR` (a separator inside a
    sentence counts as a space, which tokenises the same)."""
    joined = _SEPARATOR.join(sentences)
    if joined.count(_SEPARATOR) != len(sentences) - 1:
        joined = _SEPARATOR.join(sentence.replace(_SEPARATOR, " ") for sentence in sentences)
    return ["0" if t[0].isdigit() else t for t in _TOKEN_OR_SEPARATOR.findall(_PTB.sub(" ", joined.lower()))]


CUE_FEATURES: tuple[str, ...] = (*(f"cue:{c}" for c in CATEGORIES), "cue:any", "cue:several")


BIAS = "bias"
"""Feature present in every sentence: its domain copies carry each domain's intercept shift."""


TRAINING_DOMAINS: tuple[str, ...] = ("wikipedia", "bio")


GENERAL = "general"


AUTO = "auto"


DOMAINS: tuple[str, ...] = (AUTO, GENERAL, *TRAINING_DOMAINS)
"""Values of ``domain``: ``auto`` routes each sentence (news to ``general``, Wikipedia-like to
``wikipedia``, biomedical to ``bio``); the others force those weights."""


NEWS = "news"


ROUTES: tuple[str, ...] = (NEWS, *TRAINING_DOMAINS)
"""The router's classes, in order (a tie goes to the first)."""


ROUTE_WEIGHTS: dict[str, str] = {NEWS: GENERAL, "wikipedia": "wikipedia", "bio": "bio"}


ROUTER_TABLES: tuple[str, ...] = tuple(f"route_{r}" for r in ROUTES)


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0


def _weights_of_best_route(scores: dict[str, float]) -> str:
    """The weights of the route with the highest score in ``scores`` (by table name; ties go
    to the first of :data:`ROUTES`)."""
    routes = [scores[t] for t in ROUTER_TABLES]
    return ROUTE_WEIGHTS[ROUTES[routes.index(max(routes))]]


@dataclass(frozen=True)
class _FeatureLookup:
    """A model's weights for scoring many sentences at once: ``weights`` (features x
    :data:`TABLES`, features in name order); the token ids of every word that is a unigram
    feature or part of a bigram feature (``token_ids``; the separator of :func:`tokens_many`
    has id ``separator``, any other token ``unknown``, the largest); the row of each token id's
    unigram (``unigram_rows``, -1 if none); the bigrams as sorted keys ``first id * (unknown +
    1) + second id`` with their rows, ending in a key larger than any pair's, of row -1; and the
    rows of the other features (cue and form) by name."""

    weights: np.ndarray
    token_ids: dict[str, int]
    separator: int
    unknown: int
    unigram_rows: np.ndarray
    bigram_keys: np.ndarray
    bigram_rows: np.ndarray
    other_rows: dict[str, int]

    @classmethod
    def of(cls, tables: dict[str, dict[str, float]]) -> _FeatureLookup:
        names = sorted(set().union(*tables.values()))
        weights = np.array([[tables[t].get(n, 0.0) for t in TABLES] for n in names],
                           dtype=np.float64).reshape(len(names), len(TABLES))
        words = sorted({w for n in names if _SEPARATOR not in n and n.count(" ") <= 1 for w in n.split(" ")})
        token_ids = {w: i for i, w in enumerate(words)}
        separator, unknown = len(words), len(words) + 1
        token_ids[_SEPARATOR] = separator
        unigram_rows = np.full(unknown + 1, -1, dtype=np.int64)
        bigrams: dict[int, int] = {}
        for row, name in enumerate(names):
            if name in token_ids and name != _SEPARATOR:
                unigram_rows[token_ids[name]] = row
            elif name.count(" ") == 1 and _SEPARATOR not in name:
                first, second = name.split(" ")
                bigrams[token_ids[first] * (unknown + 1) + token_ids[second]] = row
        keys = sorted(bigrams)
        return cls(weights, token_ids, separator, unknown, unigram_rows,
                   np.array([*keys, (unknown + 1) ** 2], dtype=np.int64),
                   np.array([*(bigrams[k] for k in keys), -1], dtype=np.int64),
                   {n: row for row, n in enumerate(names) if n.startswith(("cue:", "form:"))})

    def feature_rows(self, sentences: Sequence[str], categories: Sequence[Sequence[str]],
                     rejected: Sequence[Sequence[tuple[int, int]]], with_form: bool
                     ) -> tuple[np.ndarray, np.ndarray]:
        """The (sentence position, weight row) pairs of the features of ``sentences`` that have
        weights, each pair once, sorted: the rows of :func:`sentence_features` (and of
        :func:`form_features` if ``with_form``) of every sentence."""
        words = tokens_many([mask(s, r) if r else s for s, r in zip(sentences, rejected)])
        ids = np.fromiter(map(self.token_ids.get, words, repeat(self.unknown)), np.int64, len(words))
        position = np.cumsum(ids == self.separator)
        stride = max(len(self.weights), 1)
        unigrams = self.unigram_rows[ids]
        known = unigrams >= 0
        pair_keys = ids[:-1] * (self.unknown + 1) + ids[1:]
        at = np.searchsorted(self.bigram_keys, pair_keys)
        found = self.bigram_keys[at] == pair_keys
        others: list[int] = []
        forms = form_features_many(sentences) if with_form else [set()] * len(sentences)
        for i, (names, form) in enumerate(zip(categories, forms)):
            for name in (cue_features(names) | form) if names else form:
                if name in self.other_rows:
                    others.append(i * stride + self.other_rows[name])
        pairs = np.concatenate([position[known] * stride + unigrams[known],
                                position[:-1][found] * stride + self.bigram_rows[at[found]],
                                np.array(others, dtype=np.int64)])
        pairs.sort()
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
        return pairs // stride, pairs % stride


@dataclass(frozen=True)
class HedgingModel:
    """A trained classifier.

    ``tables["general"]`` holds the shared weights; ``tables["wikipedia"]`` and
    ``tables["bio"]`` the domain-specific weights added to them; ``tables["route_news"]``,
    ``["route_wikipedia"]`` and ``["route_bio"]`` the router's score of each class (the news
    prior included in its intercept). ``intercepts`` has the same keys;
    ``thresholds`` has ``general``, ``wikipedia`` and ``bio`` (probabilities in [0, 1]).
    """

    tables: dict[str, dict[str, float]]
    intercepts: dict[str, float]
    thresholds: dict[str, float]

    @cached_property
    def _lookup(self) -> _FeatureLookup:
        """The weights as a matrix and the n-gram rows by token ids (see :class:`_FeatureLookup`)."""
        return _FeatureLookup.of(self.tables)

    def predict_many(self, sentences: Sequence[str], categories: Sequence[Sequence[str]],
                     rejected: Sequence[Sequence[tuple[int, int]]], domain: str = AUTO
                     ) -> list[tuple[float, bool]]:
        """:meth:`predict` of each of ``sentences`` (with its cue categories and ruled-out
        spans), in one pass over the weight matrix. Each sentence's weights are summed from 0.0
        in the fixed order of the feature names (``np.bincount``, one bin per sentence and table,
        adds in the order given; another order can move only the last bits of a probability, as
        a set's order did in :meth:`table_scores`), then added to the table's intercept."""
        if not sentences:
            return []
        if domain != AUTO and domain not in self.thresholds:
            raise ValueError(f"unknown domain {domain!r}; use one of {DOMAINS}")
        lookup = self._lookup
        positions, rows = lookup.feature_rows(sentences, categories, rejected, domain == AUTO)
        cells = (positions[:, np.newaxis] * len(TABLES) + np.arange(len(TABLES))).ravel()
        totals = np.bincount(cells, lookup.weights[rows].ravel(), len(sentences) * len(TABLES))
        scores = np.array([self.intercepts[t] for t in TABLES]) + totals.reshape(len(sentences), len(TABLES))
        if domain == AUTO:
            routes = scores[:, [TABLES.index(t) for t in ROUTER_TABLES]].argmax(axis=1).tolist()
            chosen = [ROUTE_WEIGHTS[ROUTES[r]] for r in routes]
        else:
            chosen = [domain] * len(sentences)
        general = scores[:, TABLES.index(GENERAL)]
        added = scores[np.arange(len(sentences)), [TABLES.index(weights) for weights in chosen]]
        logits = general + np.where([weights != GENERAL for weights in chosen], added, 0.0)
        return [(probability, probability >= self.thresholds[weights])
                for probability, weights in zip(map(_sigmoid, logits.tolist()), chosen)]

    @cached_property
    def _rows(self) -> dict[str, tuple[float, ...]]:
        """Every feature's weights in :data:`TABLES` order: one lookup per feature scores
        every table."""
        names = sorted(set().union(*self.tables.values()))
        return {n: tuple(self.tables[t].get(n, 0.0) for t in TABLES) for n in names}

    def table_scores(self, features: set[str]) -> dict[str, float]:
        """Each table's intercept plus the weights of ``features`` (log-odds), by table name."""
        rows = [self._rows[f] for f in features if f in self._rows]
        totals = [sum(column) for column in zip(*rows)] if rows else [0.0] * len(TABLES)
        return {t: self.intercepts[t] + total for t, total in zip(TABLES, totals)}

    def route_scores(self, features: set[str]) -> list[float]:
        """The router's scores (log-odds) of :data:`ROUTES`, in order."""
        scores = self.table_scores(features)
        return [scores[t] for t in ROUTER_TABLES]

    def route(self, features: set[str]) -> str:
        """The weights (``general``, ``wikipedia`` or ``bio``) of the highest-scoring route of a
        sentence with these features (n-gram, cue and form features)."""
        return _weights_of_best_route(self.table_scores(features))

    def predict(self, sentence: str, categories: Sequence[str], rejected: Sequence[tuple[int, int]] = (),
                domain: str = AUTO) -> tuple[float, bool]:
        """Probability in [0, 1] that ``sentence`` is hedged and the hedged decision, given the
        categories of its cues and the spans of ruled-out matches (``analysis.hedging.scan_cues``),
        with the weights and threshold of ``domain`` (see :data:`DOMAINS`). The form features
        only reach the router: the hedging tables have no weight for them."""
        return self.predict_many([sentence], [categories], [rejected], domain)[0]

    def to_json(self) -> str:
        """The model as JSON text: sorted feature names, one weight list per table (6 decimals)."""
        names = sorted(set().union(*self.tables.values()))
        payload = {
            "format": FORMAT,
            "features": names,
            "weights": {t: [round(self.tables[t].get(n, 0.0), 6) for n in names] for t in sorted(self.tables)},
            "intercepts": {t: round(v, 6) for t, v in sorted(self.intercepts.items())},
            "thresholds": dict(sorted(self.thresholds.items())),
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n"


TABLES: tuple[str, ...] = (GENERAL, *TRAINING_DOMAINS, *ROUTER_TABLES)


def model_from_json(text: str) -> HedgingModel:
    """Parse and check a model written by :meth:`HedgingModel.to_json`; ``ValueError`` if malformed."""
    payload = json.loads(text)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"not a hedging model of format {FORMAT}")
    names, weights = payload.get("features"), payload.get("weights")
    intercepts, thresholds = payload.get("intercepts"), payload.get("thresholds")
    if not (isinstance(names, list) and all(isinstance(n, str) for n in names)
            and isinstance(weights, dict) and set(weights) == set(TABLES)
            and all(isinstance(w, list) and len(w) == len(names)
                    and all(isinstance(x, (int, float)) for x in w) for w in weights.values())
            and isinstance(intercepts, dict) and set(intercepts) == set(TABLES)
            and all(isinstance(x, (int, float)) for x in intercepts.values())
            and isinstance(thresholds, dict) and set(thresholds) == {GENERAL, *TRAINING_DOMAINS}
            and all(isinstance(x, (int, float)) and 0.0 <= x <= 1.0 for x in thresholds.values())):
        raise ValueError("hedging model: features, weights, intercepts or thresholds malformed")
    tables = {t: {n: float(x) for n, x in zip(names, w) if x} for t, w in weights.items()}
    return HedgingModel(tables, {t: float(x) for t, x in intercepts.items()},
                        {t: float(x) for t, x in thresholds.items()})


@cache
def load_model(path: Path = MODEL_PATH) -> HedgingModel:
    """The shipped model (read once per process)."""
    return model_from_json(Path(path).read_text(encoding="utf-8"))
