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

import argparse
import hashlib
import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, partial
from itertools import accumulate, repeat
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold

from analysis.hedging import CATEGORIES, HEDGE_CATEGORIES, scan_cues
from analysis.paths import MODEL_DIR, shared_path
from analysis.sentences import sentence_spans

MODEL_PATH = MODEL_DIR / "hedging_lr.json"
TRAINING_FILES: dict[str, str] = {
    "wikipedia": "eval/hedging/conll2010_wikipedia_train.csv",
    "bio": "eval/hedging/conll2010_bio_train.csv",
}
VOCABULARY_SIZE = 6000
"""Word n-grams kept (the most frequent in training, ties broken alphabetically)."""
MIN_DOCUMENT_FREQUENCY = 3
C = 0.05
"""Inverse regularisation strength of the hedging logistic regression, chosen by the mean of the
two domains' out-of-fold F1 on the training sentences (0.025: 0.767, 0.05: 0.769, 0.1: 0.768,
0.15: 0.764, 0.25: 0.758)."""
ROUTER_C = 1.0
"""Inverse regularisation strength of the router (0.3, 1 and 3 tried: at an out-of-fold news
routing accuracy of at least 0.97 on the training sample, 1 sends the most Wikipedia sentences to
the Wikipedia weights)."""
NEWS_FILE = "corpora/allsides_articles.parquet"
NEWS_SPLIT = "train"
"""Only articles of this ``split_random`` value are read (never ``valid`` or ``test``)."""
NEWS_ARTICLES = 1000
"""Articles of the router's news sample: the first in the order of :func:`stable_key` of their id."""
NEWS_CHECK_ARTICLES = 500
"""The next articles in that order: a disjoint sample to check news routing (never trained on)."""
NEWS_SENTENCES_PER_ARTICLE = 4
NEWS_ROUTING_ACCURACY = 0.97
"""Out-of-fold share of the training news sample that the router must keep on news."""
PRIOR_GRID = tuple(0.5 * i for i in range(11))
"""Candidate additions to the news score of the router (log-odds)."""
FOLDS = 5
SEED = 0
THRESHOLD_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
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


# ---------------------------------------------------------------- training

def load_training() -> pd.DataFrame:
    """The shared training sentences: columns ``sentence``, ``label`` (0/1), ``domain``.

    Raises ``SharedDataMissing`` when ``../shared`` is absent.
    """
    frames = []
    for domain, relative in TRAINING_FILES.items():
        frame = pd.read_csv(shared_path(relative), usecols=["sentence", "uncertain"])
        frames.append(pd.DataFrame({"sentence": frame["sentence"].astype(str),
                                    "label": frame["uncertain"].astype(int), "domain": domain}))
    return pd.concat(frames, ignore_index=True)


def stable_key(text: str) -> str:
    """SHA-256 hex digest of ``text``: a sampling order that depends on no library or seed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_news(part: str = "train") -> list[str]:
    """Unlabelled news sentences of AllSides articles whose ``split_random`` is
    :data:`NEWS_SPLIT`, taken in :func:`stable_key` order of the article id: ``part="train"``
    the first :data:`NEWS_ARTICLES` articles (the router's news sample), ``part="check"`` the
    next :data:`NEWS_CHECK_ARTICLES` (disjoint; to check news routing). From each article its
    :data:`NEWS_SENTENCES_PER_ARTICLE` sentences (``analysis.sentences.sentence_spans``) of lowest
    ``stable_key("<id>:<index>")``, in text order.

    Raises ``SharedDataMissing`` when ``../shared`` is absent, ``ValueError`` for another part.
    """
    if part not in ("train", "check"):
        raise ValueError(f"part must be 'train' or 'check', got {part!r}")
    frame = pd.read_parquet(shared_path(NEWS_FILE), columns=["id", "text", "split_random"],
                            filters=[("split_random", "==", NEWS_SPLIT)]).dropna(subset=["id", "text"])
    articles = sorted(zip(frame["id"].map(stable_key), frame["id"], frame["text"]))
    start = 0 if part == "train" else NEWS_ARTICLES
    stop = NEWS_ARTICLES if part == "train" else NEWS_ARTICLES + NEWS_CHECK_ARTICLES
    sentences = []
    for _, article_id, text in articles[start:stop]:
        spans = sentence_spans(text)
        kept = sorted(range(len(spans)), key=lambda i: stable_key(f"{article_id}:{i}"))
        sentences.extend(text[spans[i][0]:spans[i][1]] for i in sorted(kept[:NEWS_SENTENCES_PER_ARTICLE]))
    return sentences


def candidate_features(sentences: Iterable[str]) -> list[set[str]]:
    """The feature sets of ``sentences`` (with the lexicon cues found in each)."""
    features = []
    for sentence in sentences:
        cues, rejected = scan_cues(sentence)
        features.append(sentence_features(sentence, [c.category for c in cues], rejected))
    return features


def router_features(sentences: Iterable[str], feature_sets: Sequence[set[str]]) -> list[set[str]]:
    """The router's feature sets: each sentence's features plus its :func:`form_features`."""
    return [features | form_features(sentence) for sentence, features in zip(sentences, feature_sets)]


def general_vocabulary(feature_sets: Sequence[set[str]]) -> list[str]:
    """The cue features plus the :data:`VOCABULARY_SIZE` n-grams seen in the most sentences
    (at least :data:`MIN_DOCUMENT_FREQUENCY`; ties alphabetical); sorted."""
    counts = Counter(f for features in feature_sets for f in features if not f.startswith("cue:"))
    frequent = sorted((f for f, n in counts.items() if n >= MIN_DOCUMENT_FREQUENCY),
                      key=lambda f: (-counts[f], f))[:VOCABULARY_SIZE]
    return sorted({*CUE_FEATURES, *frequent})


def augment(features: set[str], domain: str) -> set[str]:
    """Easy domain adaptation (Daumé 2007): the shared features plus a ``domain|`` copy of
    each and of :data:`BIAS`."""
    return features | {f"{domain}|{f}" for f in features} | {f"{domain}|{BIAS}"}


def design_matrix(feature_sets: Sequence[set[str]], vocabulary: Sequence[str]) -> sparse.csr_matrix:
    """Binary sentence x feature matrix."""
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols = [], []
    for row, features in enumerate(feature_sets):
        hits = sorted(index[f] for f in features if f in index)
        rows.extend([row] * len(hits))
        cols.extend(hits)
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(feature_sets), len(vocabulary)))


def domain_weights(domains: pd.Series) -> np.ndarray:
    """Sample weights giving every domain the same total weight (mean weight 1)."""
    sizes = domains.map(domains.value_counts())
    return (len(domains) / (domains.nunique() * sizes)).to_numpy(dtype=float)


def fit_hedging(feature_sets: Sequence[set[str]], labels: np.ndarray, domains: pd.Series
                ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Weights and intercepts of the ``general``, ``wikipedia`` and ``bio`` tables fitted on
    these sentences."""
    vocabulary = general_vocabulary(feature_sets)
    full = [*vocabulary, *(f"{d}|{f}" for d in TRAINING_DOMAINS for f in [BIAS, *vocabulary])]
    augmented = [augment(f, d) for f, d in zip(feature_sets, domains)]
    hedging = LogisticRegression(C=C, max_iter=3000).fit(
        design_matrix(augmented, full), labels, sample_weight=domain_weights(domains))
    coefficients = dict(zip(full, hedging.coef_[0].tolist()))
    tables = {GENERAL: {f: coefficients[f] for f in vocabulary}}
    intercepts = {GENERAL: float(hedging.intercept_[0])}
    for domain in TRAINING_DOMAINS:
        tables[domain] = {f: coefficients[f"{domain}|{f}"] for f in vocabulary}
        intercepts[domain] = coefficients[f"{domain}|{BIAS}"]
    return tables, intercepts


def fit_router(router_sets: Sequence[set[str]], routes: Sequence[str]
               ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """The router's tables (:data:`ROUTER_TABLES`) and intercepts, without the news prior: a
    multinomial logistic regression over the n-grams frequent in these sentences, the cue and
    the form features; every route (one of :data:`ROUTES`) given the same total weight."""
    vocabulary = sorted({*general_vocabulary(router_sets), *FORM_PATTERNS})
    routes = pd.Series(list(routes))
    router = LogisticRegression(C=ROUTER_C, max_iter=3000).fit(
        design_matrix(router_sets, vocabulary), routes.to_numpy(), sample_weight=domain_weights(routes))
    classes = router.classes_.tolist()
    tables = {f"route_{r}": dict(zip(vocabulary, router.coef_[classes.index(r)].tolist())) for r in ROUTES}
    intercepts = {f"route_{r}": float(router.intercept_[classes.index(r)]) for r in ROUTES}
    return tables, intercepts


def route_names(scores: np.ndarray, prior: float) -> np.ndarray:
    """The route (one of :data:`ROUTES`) of each row of router ``scores`` (sentences x
    :data:`ROUTES`, log-odds) after adding ``prior`` to the news score (ties go to news)."""
    shifted = np.asarray(scores, dtype=float) + np.array([prior] + [0.0] * (len(ROUTES) - 1))
    return np.array(ROUTES)[shifted.argmax(axis=1)]


def choose_news_prior(news_scores: np.ndarray) -> float:
    """The smallest :data:`PRIOR_GRID` value that keeps at least :data:`NEWS_ROUTING_ACCURACY`
    of the news sample on news (out-of-fold router scores); the largest if none does."""
    for prior in PRIOR_GRID:
        if np.mean(route_names(news_scores, prior) == NEWS) >= NEWS_ROUTING_ACCURACY:
            return prior
    return PRIOR_GRID[-1]


def _predictions(model: HedgingModel, router_sets: Sequence[set[str]]) -> dict[str, np.ndarray]:
    """Probabilities with the weights of each domain and the router's scores (``route_*``) of
    sentences with these router features (the form features carry no hedging weight)."""
    out = {name: np.zeros(len(router_sets)) for name in (GENERAL, *TRAINING_DOMAINS, *ROUTER_TABLES)}
    for i, routing in enumerate(router_sets):
        scores = model.table_scores(routing)
        out[GENERAL][i] = _sigmoid(scores[GENERAL])
        for domain in TRAINING_DOMAINS:
            out[domain][i] = _sigmoid(scores[GENERAL] + scores[domain])
        for table in ROUTER_TABLES:
            out[table][i] = scores[table]
    return out


def out_of_fold(training: pd.DataFrame, feature_sets: Sequence[set[str]], news: Sequence[str],
                news_sets: Sequence[set[str]]) -> tuple[pd.DataFrame, np.ndarray]:
    """Out-of-fold predictions: for every training sentence, from models (hedging and router)
    fitted without its fold, the probabilities with the ``general``, ``wikipedia`` and ``bio``
    weights and the router's scores (``route_*`` columns, no prior); and the router's out-of-fold
    scores of the ``news`` sentences (array sentences x :data:`ROUTES`; the news sample is split
    into :data:`FOLDS` folds too)."""
    labels = training["label"].to_numpy()
    domains = training["domain"]
    strata = (domains + ":" + training["label"].astype(str)).to_numpy()
    routing = router_features(training["sentence"], feature_sets)
    news_routing = router_features(news, news_sets)
    result = pd.DataFrame(index=training.index, columns=[GENERAL, *TRAINING_DOMAINS, *ROUTER_TABLES], dtype=float)
    news_scores = np.zeros((len(news), len(ROUTES)))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    news_folds = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for (train_index, test_index), (news_train, news_test) in zip(
            folds.split(np.zeros(len(training)), strata), news_folds.split(np.zeros(len(news)))):
        tables, intercepts = fit_hedging([feature_sets[i] for i in train_index], labels[train_index],
                                         domains.iloc[train_index])
        router_tables, router_intercepts = fit_router(
            [routing[i] for i in train_index] + [news_routing[i] for i in news_train],
            [*domains.iloc[train_index], *[NEWS] * len(news_train)])
        fold_model = HedgingModel({**tables, **router_tables}, {**intercepts, **router_intercepts}, {})
        predictions = _predictions(fold_model, [routing[i] for i in test_index])
        for column, values in predictions.items():
            result.iloc[test_index, result.columns.get_loc(column)] = values
        news_scores[news_test] = [fold_model.route_scores(news_routing[i]) for i in news_test]
    return result, news_scores


def f1_score(labels: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class in [0, 1] (0 when nothing is predicted or present)."""
    true_positive = float(np.sum((labels == 1) & predicted))
    denominator = float(np.sum(labels == 1) + np.sum(predicted))
    return 2 * true_positive / denominator if denominator else 0.0


def best_threshold(label_groups: Sequence[np.ndarray], probability_groups: Sequence[np.ndarray]) -> float:
    """The :data:`THRESHOLD_GRID` value maximising the mean F1 over the groups (lowest wins ties)."""
    def mean_f1(threshold: float) -> float:
        return round(float(np.mean([f1_score(y, p >= threshold)
                                    for y, p in zip(label_groups, probability_groups)])), 9)

    return max(THRESHOLD_GRID, key=lambda t: (mean_f1(t), -t))


def choose_thresholds(training: pd.DataFrame, oof: pd.DataFrame) -> dict[str, float]:
    """Thresholds from out-of-fold probabilities: ``general`` maximises the mean F1 of the two
    domains with the shared weights; each domain's its own F1 with its own weights."""
    labels = training["label"].to_numpy()
    masks = {d: (training["domain"] == d).to_numpy() for d in TRAINING_DOMAINS}
    thresholds = {GENERAL: best_threshold([labels[m] for m in masks.values()],
                                          [oof[GENERAL].to_numpy()[m] for m in masks.values()])}
    for domain, mask in masks.items():
        thresholds[domain] = best_threshold([labels[mask]], [oof[domain].to_numpy()[mask]])
    return thresholds


def routed_decisions(oof: pd.DataFrame, thresholds: dict[str, float], prior: float) -> np.ndarray:
    """Hedged decisions of ``domain="auto"`` from out-of-fold predictions: each sentence with
    the weights and threshold of its route (router scores plus the news ``prior``)."""
    weights = pd.Series(route_names(oof[list(ROUTER_TABLES)].to_numpy(), prior)).map(ROUTE_WEIGHTS).to_numpy()
    decisions = np.zeros(len(oof), dtype=bool)
    for name in (GENERAL, *TRAINING_DOMAINS):
        chosen = weights == name
        decisions[chosen] = oof[name].to_numpy()[chosen] >= thresholds[name]
    return decisions


def train(training: pd.DataFrame, news: Sequence[str]) -> tuple[HedgingModel, pd.DataFrame, np.ndarray]:
    """Fit the shipped model on ``training`` (labelled) and ``news`` (unlabelled router sample);
    also returns the out-of-fold predictions of :func:`out_of_fold`."""
    feature_sets = candidate_features(training["sentence"])
    news_sets = candidate_features(news)
    oof, news_scores = out_of_fold(training, feature_sets, news, news_sets)
    thresholds = choose_thresholds(training, oof)
    prior = choose_news_prior(news_scores)
    tables, intercepts = fit_hedging(feature_sets, training["label"].to_numpy(), training["domain"])
    router_tables, router_intercepts = fit_router(
        router_features(training["sentence"], feature_sets) + router_features(news, news_sets),
        [*training["domain"], *[NEWS] * len(news)])
    router_intercepts[f"route_{NEWS}"] += prior
    return HedgingModel({**tables, **router_tables}, {**intercepts, **router_intercepts}, thresholds), oof, news_scores


def main(argv: list[str]) -> int:
    """``python -m analysis train hedging [--out PATH]``: rebuild the shipped model."""
    parser = argparse.ArgumentParser(prog="python -m analysis train hedging",
                                     description="Rebuild the hedged-sentence classifier from ../shared.")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    args = parser.parse_args(argv)
    training = load_training()
    news = load_news("train")
    model, _, news_scores = train(training, news)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"trained on {len(training)} labelled sentences and {len(news)} news sentences (router); "
          f"{len(model.tables[GENERAL])} hedging features; news prior {choose_news_prior(news_scores)}; "
          f"thresholds {model.thresholds}; wrote {args.out}")
    return 0
