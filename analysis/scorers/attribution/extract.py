"""Attributions: who said (or believed) what, and through which outlets it reached the article.

Rules over the shared dependency parse (:mod:`analysis.document`), cues from
``lexicons/reporting_cues.csv`` (category ``speech``, ``belief`` or ``perception``):

* a cue verb with a subject: "Smith said", "said Smith", "Smith, who ..., said", "He went on to
  say", "..., adding that"; the passive agent "was quoted by X" is no speaker but a relay;
* "according to X" (with "according to statements by X" -> X, "according to X's report" -> X);
* "reportedly" / "allegedly": an attribution without a named source (``source=None``);
* quotations (:mod:`analysis.quotes`): a quotation in the sentence of a cue is its content
  (``direct=True``); a quotation with no cue right after a direct attribution continues it;
  scare quotes and titles (``Quote.is_short``) are never content by themselves.

Relays (``via``, nearest the source first), patterns in ``lexicons/relay_patterns.csv``:
"told OUTLET", "in an interview with OUTLET", "as reported / quoted by OUTLET", "cited by
OUTLET", "OUTLET reported, citing SOURCES", clause-final ", cited OUTLET", "according to a
OUTLET report, X said", and an attribution nested in what an outlet reported ("..., it claims,
..., CNN reported"). An outlet that employs the speaker ("Bloomberg economist Tom Orlik",
"CNN's Jake Tapper") sits inside the source phrase and is no relay; an outlet that is only the
topic of a sentence is neither source nor relay; the publishing ``outlet`` itself is never a relay.

Sources are resolved to the fullest name the article gives (surname -> earlier full name,
he/she -> latest named person, "the agency" -> latest organisation, "GOP" -> "Guardians of
Peace (GOP)") and typed with ``lexicons/source_nouns.csv`` and the outlet registry (never NER).
"""
from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from spacy.attrs import LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from analysis.outlets.registry import find_outlet, outlet_mentions
from analysis.paths import LEXICON_DIR
from analysis.text.document import ArticleDoc, parse_article

SOURCE_TYPES = ("person", "official", "organization", "outlet", "anonymous", "document", "unknown")
"""The values of :attr:`Attribution.source_type`."""

CUE_KINDS = ("speech", "belief", "perception")
"""The values of :attr:`Attribution.cue_kind`: said/told/according to; thinks/believes/viewed;
saw/found/shows. Sourcing measures count speech alone."""


@dataclass(frozen=True)
class Attribution:
    """One attribution. Offsets are ``str`` indices into the analysed text; ``source_*`` and
    ``content_*`` are ``None`` where the text gives none. ``via`` lists relay outlets, nearest
    the source first; ``chain`` is ``(resolved, *via, outlet)`` (``outlet`` only when given).
    ``sentence_index`` is the index into :attr:`ArticleDoc.sentences` (>= 0). ``via_spans``
    gives, for each outlet of ``via`` (same order, same length), the ``(start, end)`` offsets
    of the mention of it from which the relay was read (the registry mention, e.g. ``"CNN"``
    of "told CNN's Jake Tapper", or a generic phrase such as ``"state television"``)."""

    source: str | None
    source_start: int | None
    source_end: int | None
    resolved: str | None
    source_type: str
    cue: str
    cue_start: int
    cue_end: int
    content: str | None
    content_start: int | None
    content_end: int | None
    direct: bool
    via: tuple[str, ...]
    chain: tuple[str, ...]
    cue_kind: str = "speech"
    sentence_index: int = 0
    via_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Cue:
    lemma: str
    category: str
    needs_complement: bool


@functools.cache
def _read(name: str) -> tuple[dict[str, str], ...]:
    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@functools.cache
def cue_lexicon() -> dict[str, _Cue]:
    """Word form (lower case) -> cue, from ``reporting_cues.csv``."""
    table: dict[str, _Cue] = {}
    for row in _read("reporting_cues.csv"):
        for form in row["forms"].split("|"):
            table[form] = _Cue(row["lemma"], row["category"], row["needs"] == "complement")
    return table


@functools.cache
def source_nouns() -> dict[str, str]:
    """Term (lower case, except proper-name words) -> category, from ``source_nouns.csv``."""
    return {row["term"]: row["category"] for row in _read("source_nouns.csv")}


@functools.cache
def relay_forms() -> dict[str, frozenset[str]]:
    """Relay category -> word forms, from ``relay_patterns.csv``."""
    return {row["category"]: frozenset(row["forms"].split("|")) for row in _read("relay_patterns.csv")}


_PRONOUN_PERSON = frozenset({"he", "she", "him", "her"})
_PRONOUN_GROUP = frozenset({"they", "it", "them"})
_NEGATIVE_SOURCES = frozenset({"nobody", "no one", "none", "noone", "neither"})
_SUBJECT_DEPS = ("nsubj", "csubj")
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr")
_HYPOTHETICAL = frozenset({"may", "might", "could", "must", "should", "can"})
"""Modal auxiliaries that make a cue hypothetical ("He may add", "They must say"): no attribution."""
_DASHES = frozenset({"—", "–", "-", "--"})
_RELATIVE = frozenset({"who", "which", "that"})
_ACRONYM = re.compile(r"([A-Z][\w.&'’-]*(?:\s+(?:of|the|for|and|&|[A-Z][\w.&'’-]*))*)\s+\(([A-Z]{2,6})\)")


# ---------------------------------------------------------------- spans and small helpers
def _trim(tokens: list[Token]) -> tuple[int, int] | None:
    """Character span of ``tokens`` (sorted) without punctuation at either edge."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree(token: Token, skip: Iterable[str] = ()) -> list[Token]:
    """The subtree of ``token`` without the subtrees of children whose dependency is in ``skip``."""
    skipped = set(skip)
    out = [token]
    for child in token.children:
        if child.dep_ not in skipped:
            out.extend(_subtree(child, skipped))
    return sorted(out, key=lambda t: t.i)


def _contiguous(tokens: list[Token], anchor: Token) -> list[Token]:
    """The run of consecutive tokens around ``anchor`` (drops parts split off by a gap)."""
    positions = {t.i for t in tokens}
    start = end = anchor.i
    while start - 1 in positions:
        start -= 1
    while end + 1 in positions:
        end += 1
    return [t for t in tokens if start <= t.i <= end]


@dataclass(frozen=True)
class _OutletIndex:
    """Registry mentions and generic outlet phrases, by token; ``spans`` gives the character
    span of the registry mention each token of ``by_token`` lies in."""

    by_token: dict[int, str]
    spans: dict[int, tuple[int, int]]

    def outlet_of(self, head: Token) -> str | None:
        """The outlet name when ``head`` (the head word of a phrase) names an outlet."""
        name = self.by_token.get(head.i)
        if name is not None:
            return name
        return _generic_outlet(head)

    def relay_of(self, head: Token) -> tuple[str, tuple[int, int]] | None:
        """The outlet ``head`` names (as :meth:`outlet_of`) with the offsets of its mention: the
        registry mention holding ``head``, else the generic phrase ending at ``head``."""
        name = self.by_token.get(head.i)
        if name is not None:
            return name, self.spans[head.i]
        named = _named_outlet(head, self)
        if named is not None:
            return named
        phrase = _generic_outlet_phrase(head)
        if phrase is not None and _is_unnamed_channel(phrase[0]):
            return None
        return phrase


def _generic_outlet(head: Token) -> str | None:
    """A generic outlet phrase ending at ``head`` ("state television", "US media"), as written
    without its determiner; ``None`` when the head word is no outlet noun."""
    phrase = _generic_outlet_phrase(head)
    return phrase[0] if phrase is not None else None


def _generic_outlet_phrase(head: Token) -> tuple[str, tuple[int, int]] | None:
    """The name :func:`_generic_outlet` gives and the offsets of the phrase it is read from
    (from its first modifier word, when it has modifiers, to the end of ``head``)."""
    nouns = source_nouns()
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")]
    for size in range(len(left), -1, -1):
        words = left[len(left) - size:] + [head]
        if words[0].i + len(words) - 1 != head.i:
            continue
        if nouns.get(" ".join(w.text for w in words).lower()) == "outlet":
            phrase = left + [head] if size else [head]
            return " ".join(t.text for t in phrase), (phrase[0].idx, head.idx + len(head))
    return None


@functools.cache
def relay_outlet_terms() -> dict[str, dict[str, str]]:
    """Category -> term -> value, from ``relay_outlets.csv``: ``outlet_word`` (words that make a
    capitalised name in a relay slot an outlet), ``show`` (a programme -> its network) and
    ``unnamed`` (channels that are never a via name: "reporters", "state media")."""
    table: dict[str, dict[str, str]] = {}
    for row in _read("relay_outlets.csv"):
        table.setdefault(row["category"], {})[row["term"]] = row["value"]
    return table


_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?$")
_CHANNEL_NOUNS = frozenset({"newspaper", "magazine", "radio", "tv", "television", "network", "channel",
                            "station", "broadcaster", "website", "news", "agency", "daily", "tabloid",
                            "show", "program", "programme"})


def _is_unnamed_channel(phrase: str) -> bool:
    """True for a generic channel that names no outlet ("reporters", "state media", "local
    media", "news reports", "a technology news website"): never a via name."""
    unnamed = relay_outlet_terms().get("unnamed", {})
    words = phrase.lower().split()
    return any(" ".join(words[i:]) in unnamed for i in range(len(words)))


def _show_network(tokens: Sequence[Token]) -> str | None:
    """The network of a programme named in ``tokens`` ("NBC's 'Meet the Press'" -> NBC)."""
    if not tokens:
        return None
    doc = tokens[0].doc
    text = doc[tokens[0].i:tokens[-1].i + 1].text
    for show, network in relay_outlet_terms().get("show", {}).items():
        if re.search(r"(?<![\w])" + re.escape(show) + r"(?![\w])", text):
            return network
    return None


def _name_run(head: Token) -> list[Token]:
    """The capitalised run ending at ``head`` ("Indianapolis Star", "Fox Business Network")."""
    run = [head]
    index = head.i - 1
    doc = head.doc
    while index >= 0 and (doc[index].text[:1].isupper() or doc[index].text in ("-", "&")) \
            and doc[index].head.i in {t.i for t in run} | {head.i} and doc[index].dep_ in (
                "compound", "nmod", "amod", "punct", "cc", "poss"):
        run.insert(0, doc[index])
        index -= 1
    while run and not run[0].text[:1].isupper():
        run = run[1:]
    return run


def _named_outlet(head: Token, outlets: _OutletIndex) -> _Relay | None:
    """An outlet named outside the registry: a call sign ("WMAL", "KMOV-TV"), a name after a
    generic outlet noun ("state news agency Tass", "state broadcaster VTV"), a registry outlet
    before a channel noun ("GQ magazine", "The Atlantic magazine"), or a capitalised name
    ending in an outlet word ("the Indianapolis Star", "Fox Business Network")."""
    doc = head.doc
    # a call sign, possibly split by the tokenizer ("KMOV - TV")
    start = head
    while start.i > 0 and (doc[start.i - 1].text == "-" or _CALL_SIGN.match(doc[start.i - 1].text)) \
            and not doc[start.i - 1].whitespace_:
        start = doc[start.i - 1]
    sign = doc[start.i:head.i + 1].text
    if _CALL_SIGN.match(sign) and not find_outlet(sign):
        return sign, (start.idx, head.idx + len(head))
    nouns = source_nouns()
    if nouns.get(head.lower_) == "outlet" or head.lower_ in _CHANNEL_NOUNS:
        names = [c for c in head.rights if c.dep_ == "appos" and c.text[:1].isupper()]
        if names:
            run = _name_run(names[0])
            found = find_outlet(" ".join(t.text for t in run))
            text = doc[run[0].i:run[-1].i + 1].text
            return (found.name if found else text), (run[0].idx, run[-1].idx + len(run[-1]))
    if head.text[:1].isupper() and any(c.dep_ == "compound" and (nouns.get(c.lower_) == "outlet" or c.lower_ in _CHANNEL_NOUNS)
                                        for c in head.lefts):
        # a name after a generic outlet noun as its compound: "state broadcaster VTV", "news agency Tass"
        run = _name_run(head)
        found = find_outlet(" ".join(t.text for t in run))
        text = doc[run[0].i:run[-1].i + 1].text
        return (found.name if found else text), (run[0].idx, run[-1].idx + len(run[-1]))
    if not head.text[:1].isupper():
        if head.lower_ not in _CHANNEL_NOUNS:
            return None
        owners = [c for c in head.lefts if c.dep_ in ("compound", "nmod", "poss") and c.text[:1].isupper()]
        if not owners:
            return None
        owner = owners[-1]
        if owner.i in outlets.by_token:
            return outlets.by_token[owner.i], outlets.spans[owner.i]
        run = _name_run(owner)
        text = doc[run[0].i:run[-1].i + 1].text
        if run[0].dep_ == "poss" or text.lower() in ("state", "national", "local"):
            return None
        return text, (run[0].idx, run[-1].idx + len(run[-1]))
    run = _name_run(head)
    words = relay_outlet_terms().get("outlet_word", {})
    if head.lower_ in words or head.lower_.rstrip(".") in words:
        text = doc[run[0].i:run[-1].i + 1].text
        found = find_outlet(text)
        return (found.name if found else text), (run[0].idx, run[-1].idx + len(run[-1]))
    return None


def _slot_relay(head: Token, outlets: _OutletIndex) -> _Relay | None:
    """The outlet in a relay slot ("told X", "said on X", "in an interview with X"): as
    :meth:`_OutletIndex.relay_of`, else a programme's network ("NBC's 'Meet the Press'" -> NBC,
    "Fox News Sunday" -> Fox News), else an owner ("CNN's Jake Tapper", "NBC's Today show"),
    else a network the registry keeps out of running text ("CBS", "ABC") named in the slot."""
    sub = sorted(head.subtree, key=lambda t: t.i)
    owners = [t for t in sub if t.dep_ in ("poss", "compound", "nmod") and t.i < head.i and t.i in outlets.by_token]
    show = _show_network(sub)
    if show is not None:
        if owners:
            return outlets.by_token[owners[0].i], outlets.spans[owners[0].i]
        poss = [t for t in sub if t.dep_ in ("poss", "compound", "nmod") and t.i < head.i and find_outlet(t.text)]
        span = (poss[0].idx, poss[0].idx + len(poss[0])) if poss else (sub[0].idx, sub[-1].idx + len(sub[-1]))
        network = find_outlet(show)
        return (network.name if network else show), span
    relay = outlets.relay_of(head)
    if relay is not None:
        return relay
    if owners:
        return outlets.by_token[owners[0].i], outlets.spans[owners[0].i]
    for token in [t for t in sub if t.i <= head.i][::-1]:
        if token.text in _AMBIGUOUS_NETWORKS and (token.i == head.i or token.dep_ in ("poss", "compound", "nmod")):
            found = find_outlet(token.text)
            if found is not None:
                return found.name, (token.idx, token.idx + len(token))
    return None


_AMBIGUOUS_NETWORKS = frozenset({"CBS", "NBC", "ABC", "Tass", "Interfax", "Yonhap", "Kyodo", "Anadolu"})


def _outlet_index(article: ArticleDoc) -> _OutletIndex:
    by_token: dict[int, str] = {}
    spans: dict[int, tuple[int, int]] = {}
    for mention in outlet_mentions(article.text):
        span = article.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span or ():
            by_token[token.i] = mention.outlet.name
            spans[token.i] = (mention.start, mention.end)
    return _OutletIndex(by_token, spans)


# ---------------------------------------------------------------- cues
def _cue_of(token: Token) -> _Cue | None:
    cue = cue_lexicon().get(token.lower_)
    if cue is None or cue.lemma in ("according to", "reportedly", "allegedly"):
        return None
    is_verb = token.tag_.startswith("VB")
    reporting_noun = token.tag_ in ("NNS", "NN") and token.dep_ == "ROOT" and any(
        c.dep_ == "compound" for c in token.lefts)
    if not (is_verb or reporting_noun):
        return None
    if token.lower_ in relay_forms()["agent"] and any(c.dep_ == "agent" for c in token.children):
        return None
    if cue.needs_complement and not _has_complement(token, clausal_only=cue.category != "speech"):
        return None
    if any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in token.children):
        return None
    return cue


def _as_phrases(token: Token) -> list[Token]:
    """Children of a cue introducing an "as" complement ("viewed North Korea as involved")."""
    return [c for c in token.children if c.dep_ in ("advcl", "prep", "advmod") and c.i > token.i
            and c.left_edge.lower_ == "as" and c.lower_ not in relay_forms()["agent"]]


def _has_complement(token: Token, *, clausal_only: bool = False) -> bool:
    """A clausal complement, a predicative ("called the plan a giveaway") or an "as" phrase;
    with ``clausal_only`` (belief and perception cues) an infinitive ("expects him to",
    "would like to see") is not enough."""
    doc = token.doc
    parenthetical = token.dep_ == "parataxis" and token.i + 1 < len(doc) and doc[token.i + 1].text == ","
    deps = ("ccomp", "oprd") if clausal_only else ("ccomp", "xcomp", "oprd")
    return (parenthetical or any(c.dep_ in deps for c in token.children)
            or bool(_as_phrases(token)))


def _cue_span(token: Token) -> tuple[int, int]:
    """The cue with the auxiliaries, negation and adverbs right before it ("has long said",
    "also told"), as PolNeAR and the seed gold mark cues."""
    start = token
    while start.i > 0:
        before = token.doc[start.i - 1]
        if before.head.i == token.i and before.dep_ in ("aux", "auxpass", "neg", "advmod") and not before.is_punct:
            start = before
        else:
            break
    return start.idx, token.idx + len(token)


def _subject(verb: Token) -> Token | None:
    """The speaker token of a cue verb: its subject, or the subject it shares with the verb it
    depends on ("went on to say", "..., adding that", "said and added")."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS and _is_dateline(child) and any(
                    c.dep_ in _SUBJECT_DEPS and c.i > child.i for c in current.children):
                continue  # "WASHINGTON (AP) — Robert Wilkie said": the dateline is no speaker
            if child.dep_ in _SUBJECT_DEPS or (child.dep_ == "nsubjpass" and current is not verb
                                               and current.lower_ in relay_forms()["agent"]):
                return child
        if current.dep_ == "pcomp" and current.head.lower_ == "as" and current.head.head.lower_ in relay_forms()["agent"]:
            current = current.head.head
            continue
        climbs = (current.dep_ == "conj" or (current.dep_ == "xcomp" and current.tag_ == "VB")
                  or (current.dep_ == "advcl" and current.tag_ == "VBG"))
        if climbs:
            if current.dep_ == "advcl" and any(c.dep_ == "mark" for c in current.children):
                return None
            current = current.head
            continue
        return _misparsed_subject(current)
    return None


def _misparsed_subject(verb: Token) -> Token | None:
    """The subject of a verb that the parser hung on a naming clause to its left ("a group
    called Guardians of Peace announced": ``group`` <- ``called`` <- ``announced``)."""
    for child in verb.lefts:
        if child.dep_ == "parataxis" and child.i + 1 < verb.i:
            subjects = [c for c in child.children if c.dep_ in _SUBJECT_DEPS]
            if subjects:
                return subjects[0]
    return None


# ---------------------------------------------------------------- the source phrase
def _source_tokens(head: Token) -> list[Token]:
    """The source phrase of ``head``: the whole noun phrase (appositions, relative clauses and
    coordinated names included, as PolNeAR marks sources), without a wire dateline before it
    ("WASHINGTON — Sen. Chuck Grassley")."""
    tokens = _contiguous(_subtree(head, skip=("advcl", "parataxis")), head)
    dashes = [t for t in tokens if t.i < head.i and t.text in _DASHES and t.whitespace_
              and t.i > 0 and t.doc[t.i - 1].whitespace_]
    return [t for t in tokens if t.i > dashes[-1].i] if dashes else tokens


def _person_head(head: Token) -> Token:
    """The proper-noun word naming a person phrase: ``head`` itself, or the name in apposition
    to a role noun ("the agency's director Joe Demarest")."""
    if head.tag_.startswith("NNP"):
        return head
    names = [c for c in head.children if c.dep_ == "appos" and c.tag_.startswith("NNP")]
    return names[0] if names else head


def _name_tokens(head: Token, phrase: list[Token]) -> list[Token]:
    """The name part of a person phrase: the proper-noun run ending at ``head``; compound titles
    before it are kept when the phrase has no determiner or possessive ("FBI spokesman Joshua
    Campbell", but "the agency's director Joe Demarest" -> "Joe Demarest")."""
    run = [head]
    index = head.i - 1
    doc = head.doc
    while index >= 0 and doc[index].tag_ in ("NNP", "NNPS") and doc[index].head == head and doc[index].dep_ == "compound":
        run.insert(0, doc[index])
        index -= 1
    has_det = any(c.dep_ in ("det", "poss") for c in head.children)
    if not has_det:
        while index >= 0 and doc[index].dep_ == "compound" and doc[index] in phrase and doc[index].tag_ != "POS":
            run.insert(0, doc[index])
            index -= 1
    return run


# ---------------------------------------------------------------- typing
def _type_of(head: Token, phrase: list[Token], outlets: _OutletIndex) -> str:
    nouns = source_nouns()
    lower = head.lower_
    if lower in _PRONOUN_PERSON:
        return "person"
    if head.tag_ in ("PRP",):
        return "unknown"
    if outlets.outlet_of(head) is not None:
        return "outlet"
    if head.tag_ in ("NNP", "NNPS"):
        return "organization" if _is_organization_name(head, phrase) else "person"
    category = nouns.get(lower)
    if category == "official":
        named = any(t.tag_ == "NNP" and t.dep_ == "appos" for t in head.children)
        if named:
            return "person"
        return "anonymous" if head.tag_ == "NNS" else "official"
    if category in ("anonymous", "organization", "document"):
        return category
    if category == "outlet":
        return "outlet"
    if any(t.lower_ in ("familiar", "close") for t in phrase):
        return "anonymous"
    return "unknown"


def _proper_run(head: Token) -> list[Token]:
    """The proper-noun run ending at ``head`` ("Sony Pictures", "Joe Demarest")."""
    run = [head]
    index = head.i - 1
    while index >= 0 and head.doc[index].tag_ in ("NNP", "NNPS") and head.doc[index].dep_ in ("compound", "nmod"):
        run.insert(0, head.doc[index])
        index -= 1
    return run


def _is_organization_name(head: Token, phrase: list[Token]) -> bool:
    nouns = source_nouns()
    name = _proper_run(head)
    text = " ".join(t.text for t in name)
    if nouns.get(text) == "place" or nouns.get(head.text) == "place":
        return True
    if any(nouns.get(t.text) == "org_name_word" for t in name):
        return True
    if head.text.isupper() and len(head.text) >= 2:
        return True
    if nouns.get(head.lower_) == "organization":
        return True
    return any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


# ---------------------------------------------------------------- content
def _content_span(cue_token: Token, skip: set[int]) -> tuple[int, int] | None:
    """What the cue attributes: its clausal complement, else the clause it is attached to
    ("X, Smith said" / "which, it claims, was carried out")."""
    children = [c for c in cue_token.children if c.dep_ in _CONTENT_DEPS and c.i not in skip]
    clauses = [c for c in children if c.dep_ in ("ccomp", "xcomp")]
    chosen = clauses or [c for c in children if c.dep_ in ("dobj", "oprd", "attr")]
    if chosen:
        tokens = sorted({t for c in chosen for t in c.subtree}, key=lambda t: t.i)
        if not clauses:
            tokens += [t for c in _as_phrases(cue_token) for t in c.subtree]
        tokens.sort(key=lambda t: t.i)
        return _trim(tokens)
    relayed = [g for c in cue_token.children if c.dep_ == "advcl" for g in c.children if g.dep_ == "ccomp"]
    if relayed:
        return _trim(list(relayed[0].subtree))
    if cue_token.dep_ in ("parataxis", "ccomp", "advcl"):
        head = cue_token.head
        own = {t.i for t in cue_token.subtree}
        rest = [t for t in head.subtree if t.i not in own]
        before = [t for t in rest if t.i < cue_token.i]
        after = [t for t in rest if t.i > cue_token.i]
        return _trim(before if len(before) >= len(after) else after)
    return None


# ---------------------------------------------------------------- relays
_Relay = tuple[str, tuple[int, int]]
"""A relay outlet's name and the offsets of the mention it was read from."""


def _addressee_outlet(token: Token, outlets: _OutletIndex) -> _Relay | None:
    """The outlet an addressee stands for: "Bloomberg", or the outlet of "CNN's Jake Tapper"
    (with the offsets of "CNN")."""
    return _slot_relay(token, outlets)


def _unique_relays(relays: Iterable[_Relay | None]) -> list[_Relay]:
    """``relays`` without the missing ones, each outlet name once (its first mention kept)."""
    seen: dict[str, _Relay] = {}
    for relay in relays:
        if relay is not None and relay[0] not in seen:
            seen[relay[0]] = relay
    return list(seen.values())


def _relays_of(cue_token: Token, content: tuple[int, int] | None, outlets: _OutletIndex) -> list[_Relay]:
    """Outlets relaying the statement of ``cue_token``, each with the offsets of its mention:
    contact relays first ("told OUTLET", "told CNN's Jake Tapper", "in an interview with
    OUTLET", "in a statement to OUTLET", "said on OUTLET"), then agent relays ("as reported by
    OUTLET", "cited by OUTLET") in text order."""
    forms = relay_forms()
    contact: list[_Relay | None] = []
    agent: list[tuple[int, _Relay]] = []
    for child in cue_token.children:
        if child.dep_ in ("dobj", "dative", "iobj") and cue_token.lower_ in forms["contact"]:
            contact.append(_addressee_outlet(child, outlets))
        if child.dep_ == "prep" and (child.lower_ == "on" or (
                child.lower_ in ("to", "with") and cue_token.lower_ in forms["contact"])):
            contact.extend(_addressee_outlet(o, outlets) for o in child.children if o.dep_ in ("pobj", "pcomp"))
    if cue_token.lower_ in forms["writing"]:
        contact.extend(_slot_relay(o, outlets) for child in cue_token.children
                       if child.dep_ == "prep" and child.lower_ in ("in", "for")
                       for o in child.children if o.dep_ == "pobj")
    relay_words = forms["contact_noun"] | forms["contact"] | forms["agent"]
    for token in cue_token.subtree:
        lower = token.lower_
        if lower not in relay_words:  # each rule below needs one of these words
            continue
        # in scope: outside the reported content, or a direct dependent of the cue
        in_scope = content is None or not (content[0] <= token.idx < content[1]) or token.head == cue_token
        if in_scope and lower in forms["contact_noun"] and token.dep_ in ("pobj", "dobj", "nsubj") \
                and (token.dep_ != "pobj" or token.head.lower_ in ("in", "during", "on")):
            # "in an interview with OUTLET", "in a statement to OUTLET", "in an op-ed for OUTLET",
            # "during an appearance on OUTLET", "in a CNN interview"
            contact.extend(_slot_relay(obj, outlets) for prep in token.children
                           if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on", "for", "in")
                           for obj in prep.children if obj.dep_ == "pobj")
            contact.extend(outlets.relay_of(c) or _slot_relay(c, outlets) for c in token.lefts
                           if c.dep_ in ("compound", "nmod", "poss") and c.text[:1].isupper())
        if in_scope and token.dep_ in ("advcl", "acl", "conj") and lower in forms["contact"]:
            contact.extend(_slot_relay(obj, outlets) for prep in token.children
                           if prep.dep_ == "prep" and prep.lower_ in ("to", "with", "on")
                           for obj in prep.children if obj.dep_ == "pobj")
        if lower in forms["agent"] and (in_scope or any(c.lower_ == "as" for c in token.children)):
            agent.extend((obj.i, _slot_relay(obj, outlets)) for prep in token.children
                         if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "in"
                                                     and lower in ("quoted", "cited"))
                         for obj in prep.children if obj.dep_ == "pobj" and _slot_relay(obj, outlets))
    ordered = [relay for relay in contact if relay] + [relay for _, relay in sorted(agent, key=lambda x: x[0])]
    return _unique_relays(ordered)


# ---------------------------------------------------------------- extraction
@dataclass(frozen=True)
class _Raw:
    """An attribution before resolution and relays between attributions."""

    source_head: Token | None
    source_span: tuple[int, int] | None
    cue_span: tuple[int, int]
    cue_token: Token
    content: tuple[int, int] | None
    kind: str
    via: tuple[str, ...]
    source_type: str
    sentence: int
    relay_outlet: str | None = None
    relay_only: bool = False
    replaces: int | None = None
    via_spans: tuple[tuple[int, int], ...] = ()
    relay_span: tuple[int, int] | None = None


def _span_text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0]:span[1]]


@functools.cache
def _candidate_hashes() -> np.ndarray:
    """spaCy string ids of every lower-case word that can start an attribution rule."""
    words = set(cue_lexicon()) | {"according", "reportedly", "allegedly"}
    for forms in relay_forms().values():
        words |= forms
    return np.array(sorted(get_string_id(w) for w in words), dtype=np.uint64)


def _candidates(doc: Doc) -> list[int]:
    """Indices of the tokens worth looking at (a cue or relay word), found on the token array
    without building a Python object per token."""
    if len(doc) == 0:
        return []
    lower = doc.to_array(LOWER)
    return np.flatnonzero(np.isin(lower, _candidate_hashes())).tolist()


def _verb_attributions(tokens: list[Token], article: ArticleDoc, outlets: _OutletIndex,
                       quotes: list[tuple[int, int]]) -> list[_Raw]:
    """Attributions anchored on the candidate ``tokens`` of one sentence."""
    found: list[_Raw] = []
    forms = relay_forms()
    for token in tokens:
        if _inside_quote(quotes, token.idx):
            continue
        index = max(article.sentence_index(token.idx), 0)
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            raw = _according_to(token, outlets, index)
            if raw is not None:
                found.append(raw)
            continue
        if token.lower_ in ("reportedly", "allegedly"):
            head = token.head
            span = _trim([t for t in head.subtree if t.i != token.i and t.dep_ != "punct" or t.i == head.i])
            found.append(_Raw(None, None, (token.idx, token.idx + len(token)), token, span, "speech",
                              (), "unknown", index))
            continue
        passive = _reported_by(token, outlets, index)
        if passive is not None:
            found.append(passive)
            continue
        cue = _cue_of(token)
        if cue is None:
            continue
        if token.lower_ in forms["citing"] and token.tag_ == "VBG":
            citing = _citing(token, outlets, index)
            if citing is not None:
                found.append(citing)
                continue
        final_relay = _clause_final_relay(token, outlets)
        subject = None if final_relay is not None else _subject(token)
        if subject is None and token.dep_ == "ROOT" and token.tag_ in ("NNS", "NN"):
            subject = [c for c in token.lefts if c.dep_ == "compound"][-1]
        citing_object = final_relay
        if subject is None and citing_object is None and token.lower_ in forms["citing"]:
            objects = [c for c in token.children if c.dep_ == "dobj" and outlets.outlet_of(c)]
            citing_object = objects[0] if objects else None
        if subject is None and citing_object is None and token.dep_ == "acl" \
                and source_nouns().get(token.head.lower_) == "document":
            statement = token.head
            speaker = _subject(statement.head) if statement.dep_ == "dobj" and statement.head.tag_.startswith("VB") else None
            subject = speaker or statement
        if subject is None and citing_object is None:
            continue
        source_head = subject or citing_object
        if source_head.lower_ in _RELATIVE and token.dep_ == "relcl":
            source_head = token.head
        if source_head.lower_ in _NEGATIVE_SOURCES or source_head.lower_ in ("i", "we", "you") \
                or _is_dateline(source_head):
            continue
        phrase = _source_tokens(source_head)
        source_span = _trim(phrase)
        skip = {c.i for c in token.children if c.dep_ in ("dobj", "dative") and token.lower_ in forms["contact"]
                and any(x.dep_ == "ccomp" for x in token.children)}
        content = _content_span(token, skip | {source_head.i})
        relays = _relays_of(token, content, outlets)
        if source_head.dep_ == "nsubjpass" and source_head.head.lower_ in forms["agent"]:
            relays = _unique_relays(relays + _relays_of(source_head.head, None, outlets))
        relay = outlets.relay_of(source_head) if cue.category == "speech" else None
        found.append(_Raw(source_head, source_span, _cue_span(token), token, content,
                          cue.category, tuple(name for name, _ in relays), _type_of(source_head, phrase, outlets),
                          index, relay_outlet=relay[0] if relay else None, relay_only=citing_object is not None,
                          via_spans=tuple(span for _, span in relays), relay_span=relay[1] if relay else None))
    return found


def _reported_by(token: Token, outlets: _OutletIndex, index: int) -> _Raw | None:
    """"The resignation was first reported by MSNBC": the outlet is the source of the clause's
    subject (not a relay: no other statement is attached)."""
    if token.lower_ not in relay_forms()["agent"] or token.dep_ not in ("ROOT", "ccomp", "conj") \
            or any(c.lower_ == "as" for c in token.children):
        return None
    agents = [o for p in token.children if p.dep_ == "agent" for o in p.children
              if o.dep_ == "pobj" and outlets.outlet_of(o)]
    subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
    if not agents or not subjects:
        return None
    phrase = _source_tokens(agents[0])
    name, span = outlets.relay_of(agents[0])
    return _Raw(agents[0], _trim(phrase), _cue_span(token), token, _trim(list(subjects[0].subtree)),
                "speech", (), "outlet", index, relay_outlet=name, relay_span=span)


def _clause_final_relay(token: Token, outlets: _OutletIndex) -> Token | None:
    """The outlet of a clause-final ", cited CNN." (the whole sentence is relayed by CNN),
    whatever the parse made of it; ``None`` for any other use of the verb."""
    if token.lower_ not in relay_forms()["citing"] or token.i == 0 or token.nbor(-1).text != ",":
        return None
    rest = [t for t in token.doc[token.i + 1:token.sent.end] if not (t.is_punct or t.is_space)]
    if not rest or len(rest) > 5 or outlets.outlet_of(rest[-1]) is None:
        return None
    return rest[-1]


def _is_dateline(token: Token) -> bool:
    """A wire dateline word ("MOSCOW, December 9 (Sputnik) –") parsed as a subject."""
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.text.isupper() and len(token.text) > 3 and after is not None and after.text in (",", "(")


def _citing(token: Token, outlets: _OutletIndex, index: int) -> _Raw | None:
    """"OUTLET reported, citing SOURCES, that ...": SOURCES said it, relayed by OUTLET. The
    outlet's own "reported" is then replaced (``_Raw.replaces``)."""
    cited = [c for c in token.children if c.dep_ == "dobj"]
    if not cited:
        return None
    reporter = token.head
    for _ in range(3):
        subjects = [c for c in reporter.children if c.dep_ in _SUBJECT_DEPS and outlets.outlet_of(c)]
        if subjects:
            break
        if reporter.head == reporter:
            return None
        reporter = reporter.head
    else:
        return None
    outlet, outlet_span = outlets.relay_of(subjects[0])
    head = cited[0]
    phrase = _contiguous(_subtree(head, skip=("relcl",)), head)
    own = {t.i for t in token.subtree}
    content = _content_span(reporter, {subjects[0].i})
    if content is not None:
        tokens = [t for t in token.doc.char_span(*content, alignment_mode="expand") if t.i not in own]
        after = [t for t in tokens if t.i > token.right_edge.i]
        content = _trim(after or tokens)
    return _Raw(head, _trim(phrase), (token.idx, token.idx + len(token)), token, content, "speech",
                (outlet,), _type_of(head, phrase, outlets), index, replaces=reporter.i, via_spans=(outlet_span,))


def _according_to(token: Token, outlets: _OutletIndex, index: int) -> _Raw | None:
    """"according to X" (X may be "statements by X", "X's report", "a OUTLET report")."""
    to = next(c for c in token.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    head = objects[0]
    report_outlet: _Relay | None = None
    nouns = source_nouns()
    if nouns.get(head.lower_) == "document":
        by = [o for p in head.children if p.dep_ == "prep" and p.lower_ == "by" for o in p.children if o.dep_ == "pobj"]
        owner = [c for c in head.children if c.dep_ == "poss"]
        outlet_words = [c for c in head.lefts if c.dep_ in ("compound", "nmod", "poss") and outlets.outlet_of(c)]
        if outlet_words:
            report_outlet = outlets.relay_of(outlet_words[-1])
        elif by:
            head = by[0]
        elif owner:
            head = owner[0]
    phrase = _contiguous(_subtree(head, skip=("relcl", "acl")), head)
    clause = token.head
    own = {t.i for t in token.subtree}
    rest = [t for t in clause.subtree if t.i not in own]
    before = [t for t in rest if t.i < token.i]
    after = [t for t in rest if t.i > token.i]
    content = _trim(before if len(before) > len(after) else after)
    cue_end = to.idx + len(to)
    relay = report_outlet or outlets.relay_of(head)
    source_type = "outlet" if relay else _type_of(head, phrase, outlets)
    carried = [] if relay else _participle_relays(head, outlets)
    return _Raw(head, _trim(phrase), (token.idx, cue_end), token, content, "speech",
                tuple(n for n, _ in carried), source_type, index, via_spans=tuple(sp for _, sp in carried),
                relay_outlet=relay[0] if relay else None, relay_only=relay is not None,
                relay_span=relay[1] if relay else None)


def _participle_relays(head: Token, outlets: _OutletIndex) -> list[_Relay]:
    """Outlets of participles on a source phrase: "a memo obtained by Fox News", "officials
    cited by NBC", "documents reviewed by Reuters", "officials speaking to The Daily Beast"."""
    forms = relay_forms()
    found: list[_Relay | None] = []
    for child in head.children:
        if child.dep_ not in ("acl", "relcl") or child.lower_ not in forms["agent"] | forms["contact"]:
            continue
        for prep in child.children:
            if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ in ("to", "with", "on")
                                        and child.lower_ in forms["contact"]):
                found.extend(_slot_relay(o, outlets) for o in prep.children if o.dep_ == "pobj")
    return _unique_relays(found)


def _inside_quote(quotes: list[tuple[int, int]], offset: int) -> bool:
    """True when ``offset`` lies inside one of ``quotes`` (content spans, sorted): cues there
    belong to the quoted speaker's own words, not to the article's sourcing."""
    position = bisect.bisect_right(quotes, (offset, float("inf"))) - 1
    return position >= 0 and quotes[position][0] <= offset < quotes[position][1]


def _long_quotes(article: ArticleDoc) -> list[tuple[int, int]]:
    """Content spans of the quotations that are quoted speech: longer than a scare quote, or a
    short one closing on sentence punctuation ("It's a disaster," she wrote)."""
    return [(q.content_start, q.content_end) for q in article.quotes
            if not q.is_short or q.text.rstrip()[-1:] in (",", ".", "!", "?", "…")]


# ---------------------------------------------------------------- relays between attributions
def _relay_between(raws: list[_Raw]) -> list[_Raw]:
    """Within one sentence, an outlet that reports or is cited ("..., it claims, ..., CNN
    reported"; "according to a Post report, officials said"; "..., cited CNN") relays the other
    attributions it covers; a pure relay (citing, according-to-a-report) is then dropped."""
    replaced = {r.replaces for r in raws if r.replaces is not None}
    raws = [r for r in raws if r.cue_token.i not in replaced]
    out = list(raws)
    for relay in raws:
        if relay.relay_outlet is None:
            continue
        covered = False
        for position, other in enumerate(out):
            if other is relay or other.source_type == "outlet" or other.relay_outlet is not None:
                continue
            inside = relay.content is not None and relay.content[0] <= other.cue_span[0] < relay.content[1]
            if relay.relay_only or inside:
                if relay.relay_outlet not in other.via:
                    out[position] = replace(other, via=other.via + (relay.relay_outlet,),
                                            via_spans=other.via_spans + (relay.relay_span,))
                covered = True
        if covered and relay.relay_only:
            out = [r for r in out if r is not relay]
    return out


# ---------------------------------------------------------------- quotations
def _overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def _with_quotes(raws: list[_Raw], article: ArticleDoc) -> list[tuple[_Raw, bool]]:
    """Attach quotations: as the content of the attribution in their sentence, or as the
    continuation of the attribution just before (or the content-less one just after)."""
    quotes = _long_quotes(article)
    sentences = article.sentences
    result: list[tuple[_Raw, bool]] = []
    used: set[tuple[int, int]] = set()
    for raw in raws:
        sent = sentences[raw.sentence] if 0 <= raw.sentence < len(sentences) else (raw.cue_span[0], raw.cue_span[1])
        touching = [q for q in quotes if _overlaps(q, sent) and not (q[0] <= raw.cue_span[0] < q[1])]
        if raw.content is not None:
            touching = [q for q in touching if _overlaps(raw.content, q)]
        elif touching:
            touching = [min(touching, key=lambda q: min(abs(q[0] - raw.cue_span[0]), abs(q[1] - raw.cue_span[0])))]
        if raw.source_head is None or not touching:
            result.append((raw, False))
            continue
        content = raw.content or touching[0]
        start = min([content[0]] + [q[0] for q in touching])
        end = max([content[1]] + [q[1] for q in touching])
        used.update(touching)
        result.append((replace(raw, content=(start, end)), True))
    for quote in quotes:
        if quote in used or any(_overlaps(r.content, quote) for r, _ in result):
            continue
        if any(quote[0] <= r.cue_span[0] < quote[1] for r, _ in result):
            continue
        speaker = _speaker_for(quote, result, article)
        if speaker is not None:
            sentence = article.sentence_index(quote[0])
            result.append((replace(speaker, content=quote, sentence=max(sentence, 0)), True))
    quoted_cues = {r.cue_span for r, direct in result if direct}
    result = [(r, d) for r, d in result if d or r.content is not None or r.cue_span not in quoted_cues]
    result.sort(key=lambda pair: (pair[0].content or pair[0].cue_span)[0] if pair[1] else pair[0].cue_span[0])
    return result


def _speaker_for(quote: tuple[int, int], result: list[tuple[_Raw, bool]], article: ArticleDoc) -> _Raw | None:
    """The attribution a cue-less quotation continues: the latest attribution before it, one
    sentence back at most, when that one is direct or has no content; else the attribution of
    the quotation that follows it with nothing but white space and marks between (wire-style
    quotes over several paragraphs); else a content-less attribution in the next sentence
    ("'...' Smith said so.")."""
    sentence = article.sentence_index(quote[0])
    before = [(r, d) for r, d in result if r.source_head is not None and r.cue_span[0] < quote[0]]
    if before:
        raw, direct = max(before, key=lambda pair: pair[0].cue_span[0])
        if sentence - raw.sentence <= 1 and (direct or raw.content is None):
            return raw
    for raw, direct in result:
        if direct and raw.content is not None and raw.content[0] > quote[1] \
                and not article.text[quote[1]:raw.content[0]].strip(" \t\r\n\"“”'‘’"):
            return raw
    after = [r for r, _ in result if r.source_head is not None and r.cue_span[0] >= quote[1]
             and r.sentence - sentence == 1 and r.content is None]
    return after[0] if after else None


# ---------------------------------------------------------------- resolution
@dataclass(frozen=True)
class _Names:
    """Names an article gives: surname -> fullest person name, acronym -> full name."""

    persons: dict[str, str]
    scanned: dict[str, str]
    acronyms: dict[str, str]

    def person(self, name: str) -> str:
        """The fullest known name ending with ``name`` ("Demarest" -> "Joe Demarest")."""
        surname = name.split()[-1]
        for table in (self.persons, self.scanned):
            full = table.get(surname)
            if full and (full == name or full.endswith(" " + name)) and len(full) > len(name):
                return full
        return name


def _scan_names(article: ArticleDoc, outlets: _OutletIndex) -> dict[str, str]:
    """Runs of two or more capitalised proper nouns outside outlet names, by their last word."""
    table: dict[str, str] = {}
    doc = article.doc
    if len(doc) == 0:
        return table
    org_words = {term for term, category in source_nouns().items() if category == "org_name_word"}
    proper = (doc.to_array(TAG) == get_string_id("NNP")).tolist()
    run: list[str] = []
    for i, is_proper in enumerate(proper):
        if is_proper and i not in outlets.by_token and doc[i].text[:1].isupper():
            run.append(doc[i].text)
            continue
        if run:
            _close_run(run, table, org_words)
            run = []
    _close_run(run, table, org_words)
    return table


def _close_run(run: list[str], table: dict[str, str], org_words: set[str]) -> None:
    if len(run) >= 2 and run[-1] not in org_words:
        name = " ".join(run)
        if len(name) > len(table.get(run[-1], "")):
            table[run[-1]] = name


def _resolve(raws: list[tuple[_Raw, bool]], article: ArticleDoc, outlets: _OutletIndex,
             ) -> list[tuple[_Raw, bool, str | None, str | None, str]]:
    """Each attribution with its source text, resolved name and (possibly updated) type."""
    text = article.text
    acronyms = {m.group(2): m.group(1) for m in _ACRONYM.finditer(text)}
    persons: dict[str, str] = {}
    for raw, _ in raws:
        person = _person_head(raw.source_head) if raw.source_head is not None else None
        if raw.source_type == "person" and person is not None and person.tag_.startswith("NNP"):
            name = " ".join(t.text for t in _name_tokens(person, _source_tokens(raw.source_head)))
            if len(name.split()) >= 2 and len(name) > len(persons.get(name.split()[-1], "")):
                persons[name.split()[-1]] = name
    names = _Names(persons, _scan_names(article, outlets), acronyms)
    resolved_list = []
    history: list[tuple[int, str, str]] = []  # (sentence index, resolved, type)
    for raw, direct in sorted(raws, key=lambda pair: pair[0].cue_span[0]):
        source = _span_text(text, raw.source_span)
        resolved, kind = _resolve_one(raw, source, names, history, outlets)
        if resolved is not None and kind in ("person", "organization", "outlet"):
            history.append((raw.sentence, resolved, kind))
        resolved_list.append((raw, direct, source, resolved, kind))
    return resolved_list


def _resolve_one(raw: _Raw, source: str | None, names: _Names, history: list[tuple[int, str, str]],
                 outlets: _OutletIndex) -> tuple[str | None, str]:
    head = raw.source_head
    if head is None or source is None:
        return None, raw.source_type
    lower = head.lower_
    if lower in _PRONOUN_PERSON:
        earlier = [name for _, name, kind in history if kind == "person"]
        return (earlier[-1], "person") if earlier else (source, "person")
    if lower in _PRONOUN_GROUP:
        earlier = [name for sentence, name, kind in history
                   if kind == "organization" and raw.sentence - sentence <= 1]
        return (earlier[-1], "organization") if earlier else (source, "unknown")
    if raw.source_type == "outlet":
        return raw.relay_outlet or outlets.outlet_of(head) or source, "outlet"
    person = _person_head(head)
    if raw.source_type == "person" and person.tag_.startswith("NNP"):
        name = " ".join(t.text for t in _name_tokens(person, _source_tokens(head)))
        return names.person(name), "person"
    bare = re.sub(r"^(?:the|The)\s+", "", source)
    if bare in names.acronyms:
        return names.acronyms[bare], "organization"
    if raw.source_type == "organization" and head.tag_ in ("NN",) and any(
            c.lower_ == "the" for c in head.children) and not any(t.tag_ == "NNP" for t in head.lefts):
        earlier = [name for _, name, kind in history if kind == "organization"]
        if earlier:
            return earlier[-1], "organization"
    return source, raw.source_type


# ---------------------------------------------------------------- public
def _own_outlet(outlet: str | None) -> str | None:
    if not outlet:
        return None
    found = find_outlet(outlet)
    return found.name if found is not None else outlet


def attributions_from_doc(article: ArticleDoc, *, outlet: str | None = None) -> list[Attribution]:
    """All attributions of a parsed article, in text order (by content for quotations, else by
    cue). ``outlet`` is the publisher: it ends each ``chain`` and is never a ``via``."""
    outlets = _outlet_index(article)
    raws: list[_Raw] = []
    quotes = _long_quotes(article)
    doc = article.doc
    by_sentence: dict[int, list[Token]] = {}
    for i in _candidates(doc):
        token = doc[i]
        by_sentence.setdefault(token.sent.start, []).append(token)
    for tokens in by_sentence.values():
        raws.extend(_relay_between(_verb_attributions(tokens, article, outlets, quotes)))
    own = _own_outlet(outlet)
    text = article.text
    result = []
    for raw, direct, source, resolved, kind in _resolve(_with_quotes(raws, article), article, outlets):
        relays = [(v, span) for v, span in zip(raw.via, raw.via_spans, strict=True)
                  if own is None or v.lower() != own.lower()]
        via = tuple(v for v, _ in relays)
        chain = tuple(x for x in (resolved, *via, own) if x)
        content = _span_text(text, raw.content)
        result.append(Attribution(
            source=source,
            source_start=raw.source_span[0] if raw.source_span else None,
            source_end=raw.source_span[1] if raw.source_span else None,
            resolved=resolved,
            source_type=kind,
            cue=text[raw.cue_span[0]:raw.cue_span[1]],
            cue_start=raw.cue_span[0],
            cue_end=raw.cue_span[1],
            content=content,
            content_start=raw.content[0] if raw.content else None,
            content_end=raw.content[1] if raw.content else None,
            direct=direct,
            via=via,
            chain=chain,
            cue_kind=raw.kind,
            sentence_index=raw.sentence,
            via_spans=tuple(span for _, span in relays),
        ))
    return result


def extract_attributions(text: str, *, outlet: str | None = None) -> list[Attribution]:
    """Attributions of ``text`` (parsed here; use :func:`attributions_from_doc` with a shared
    :class:`~analysis.document.ArticleDoc` to avoid parsing twice)."""
    return attributions_from_doc(parse_article(text), outlet=outlet)


def chain_text(chain: Sequence[str | None]) -> str:
    """A relay chain as text: ``"Joe Demarest → Reuters → Sputnik"``; an unnamed source shows
    as ``(unnamed)``."""
    return " → ".join(part if part else "(unnamed)" for part in chain)
