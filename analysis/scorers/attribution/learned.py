"""A learned attribution extractor in the manner of BBC's Citron: token-level CRF taggers over
the shared spaCy parse, linked by rules. Not wired into :func:`extract_attributions` yet.

* Three linear-chain CRFs (python-crfsuite), one per span kind, BIO labels ``B``/``I``/``O``:
  ``cue``, ``source`` and ``content``. A sequence is a paragraph (tokens between line breaks;
  white-space tokens left out), so a content can run over the sentences of its paragraph.
* Features of a token (:func:`token_features`): lower form, word shape, 2- and 3-letter
  suffixes, Penn tag, dependency label, the head's lower form / tag / dependency label, whether
  the token is inside a quotation of :attr:`ArticleDoc.quotes` (or is its opening / closing
  mark), the reporting-cue lexicon category of the token and of its head, sentence start / end,
  the rule extractor's own cue / source / content guess (:func:`attributions_from_doc`, as B/I),
  and the lower form, tag, dependency label and rule guesses of the tokens at -2..+2.
* Stacking: the source and content taggers also see the cue tagger's labels
  (:func:`cue_context`: the token's, its neighbours', its head's, a cue among its ancestors or
  children, side and distance of the nearest cue of the sentence); in training these labels come
  from cue taggers fitted on the other half of the documents.
* Orphan cues (:func:`_orphan_cues`): a predicted source (subject) or content (clausal
  complement) that no predicted cue claims makes its head verb a cue, when the cue tagger missed it.
* Linking (:func:`link`): each predicted cue takes a source of its sentence (one whose head
  depends on the cue or hangs two steps under it first, else the nearest by token distance) and a
  content of its paragraph (dependency link first — the content's head depends on the cue, or
  the cue on the content — else the nearest, same sentence before other sentences); a content
  split by the cue ("X, he said, Y") is joined into one span when only the cue, its source and
  punctuation lie between the two parts.

The models are crfsuite files in ``analysis/models/`` (``attribution_crf_{cue,source,content}
.crfsuite.gz``), rebuilt by ``python -m analysis train attribution``
(:mod:`analysis.scorers.attribution.training`); they load without the training data and are
loaded once per process.
"""
from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from analysis.paths import MODEL_DIR
from analysis.scorers.attribution.extract import Attribution, attributions_from_doc, cue_lexicon
from analysis.text.document import ArticleDoc

KINDS = ("cue", "source", "content")
"""The span kinds, one CRF each."""

MODEL_PATHS: dict[str, Path] = {kind: MODEL_DIR / f"attribution_crf_{kind}.crfsuite.gz" for kind in KINDS}
"""The models: crfsuite's own model format, gzip-compressed (no time stamp, so a rebuild is byte for
byte the same), read into memory; each under 2 MB."""

STACKED = True
"""Whether the source and content taggers see the cue tagger's labels (:func:`cue_context`)."""

WINDOW = 2
"""Tokens either side whose features are copied (with their offset) into a token's features."""

_EDGE = " \t\n\r,.;:\"'“”‘’()—–-"
_PUNCT_GAP = frozenset(",.;:\"'“”‘’()—–-")


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"[0-9]", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)[:6]


@dataclass(frozen=True)
class Paragraph:
    """The tokens of one sequence (white space left out), by index into the spaCy ``Doc``."""

    tokens: tuple[int, ...]


def paragraphs(article: ArticleDoc) -> list[Paragraph]:
    """The token sequences: cut at white-space tokens holding a line break."""
    out: list[Paragraph] = []
    current: list[int] = []
    for token in article.doc:
        if token.is_space:
            if "\n" in token.text and current:
                out.append(Paragraph(tuple(current)))
                current = []
            continue
        current.append(token.i)
        if "\n" in token.whitespace_ and current:
            out.append(Paragraph(tuple(current)))
            current = []
    if current:
        out.append(Paragraph(tuple(current)))
    return out


def _mark(article: ArticleDoc, spans: Sequence[tuple[int, int]], labels: list[str]) -> None:
    """Set B/I in ``labels`` (one per token of the doc) for the tokens starting inside each span,
    longest spans first, never overwriting."""
    doc = article.doc
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        first = True
        for token in doc.char_span(start, end, alignment_mode="expand") or ():
            if token.is_space or not (start <= token.idx < end):
                continue
            if labels[token.i] == "O":
                labels[token.i] = "B" if first else "I"
            first = False


def rule_labels(article: ArticleDoc) -> dict[str, list[str]]:
    """The rule extractor's cue / source / content guesses as B/I/O per token of the doc."""
    labels = {kind: ["O"] * len(article.doc) for kind in KINDS}
    spans: dict[str, list[tuple[int, int]]] = {kind: [] for kind in KINDS}
    for a in attributions_from_doc(article):
        spans["cue"].append((a.cue_start, a.cue_end))
        if a.source_start is not None:
            spans["source"].append((a.source_start, a.source_end))
        if a.content_start is not None:
            spans["content"].append((a.content_start, a.content_end))
    for kind in KINDS:
        _mark(article, spans[kind], labels[kind])
    return labels


def _quote_marks(article: ArticleDoc) -> tuple[set[int], set[int], set[int], set[int]]:
    """Token indices inside long quotations, inside short ones, opening marks, closing marks."""
    inside, short, opening, closing = set(), set(), set(), set()
    doc = article.doc
    for quote in article.quotes:
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        for token in span or ():
            if token.idx == quote.start:
                opening.add(token.i)
            elif token.idx + len(token) >= quote.end:
                closing.add(token.i)
            elif quote.content_start <= token.idx < quote.content_end:
                (short if quote.is_short else inside).add(token.i)
    return inside, short, opening, closing


def _local(token: Token, rules: dict[str, list[str]], lexicon: dict) -> dict[str, str]:
    """The features of one token that are also copied to its neighbours."""
    lower = token.lower_
    return {
        "w": lower,
        "t": token.tag_,
        "d": token.dep_,
        "rc": rules["cue"][token.i],
        "rs": rules["source"][token.i],
        "rn": rules["content"][token.i],
        "lx": lexicon[lower].category if lower in lexicon else "-",
    }


def token_features(article: ArticleDoc, *, use_rules: bool = True) -> dict[int, list[str]]:
    """Feature strings of every non-space token of the doc, by token index."""
    doc = article.doc
    lexicon = cue_lexicon()
    rules = rule_labels(article) if use_rules else {kind: ["O"] * len(doc) for kind in KINDS}
    inside, short, opening, closing = _quote_marks(article)
    local = {t.i: _local(t, rules, lexicon) for t in doc if not t.is_space}
    out: dict[int, list[str]] = {}
    for paragraph in paragraphs(article):
        seq = paragraph.tokens
        for pos, i in enumerate(seq):
            token = doc[i]
            head = token.head
            word = token.text
            own = local[i]
            feats = [
                "bias",
                "sh=" + _shape(word),
                "s3=" + own["w"][-3:],
                "s2=" + own["w"][-2:],
                "hw=" + head.lower_,
                "ht=" + head.tag_,
                "hd=" + head.dep_,
                "hlx=" + (local[head.i]["lx"] if head.i in local else "-"),
                "td=" + token.tag_ + "|" + token.dep_,
                "q=" + ("in" if i in inside else "short" if i in short
                        else "open" if i in opening else "close" if i in closing else "-"),
            ]
            if token.is_sent_start:
                feats.append("sent_start")
            if i + 1 >= len(doc) or doc[i + 1].is_sent_start:
                feats.append("sent_end")
            if pos == 0:
                feats.append("par_start")
            if pos == len(seq) - 1:
                feats.append("par_end")
            # the path to the root: is there a cue-lexicon word among the ancestors (3 steps)?
            ancestor, steps = head, 0
            while steps < 3 and ancestor.i != ancestor.head.i and ancestor.i != i:
                if ancestor.i in local and local[ancestor.i]["lx"] != "-":
                    feats.append(f"anc_lx={local[ancestor.i]['lx']}|{steps}")
                    break
                ancestor, steps = ancestor.head, steps + 1
            for name, value in own.items():
                feats.append(f"{name}={value}")
            feats.append(f"rules={own['rc']}{own['rs']}{own['rn']}")
            for offset in range(-WINDOW, WINDOW + 1):
                if offset == 0:
                    continue
                j = pos + offset
                if 0 <= j < len(seq):
                    other = local[seq[j]]
                    for name in ("w", "t", "d", "rc", "rs", "rn"):
                        feats.append(f"{offset}{name}={other[name]}")
                    if abs(offset) == 1:
                        feats.append(f"{offset}tt={other['t']}|{own['t']}")
                else:
                    feats.append(f"{offset}edge")
            out[i] = feats
    return out


def paragraph_structure(article: ArticleDoc, paragraph: Paragraph) -> tuple[list[int], list[int]]:
    """For each token of the paragraph: the position of its head in the paragraph (-1 for the
    root of a sentence or a head outside), and the start token of its sentence."""
    doc = article.doc
    where = {i: pos for pos, i in enumerate(paragraph.tokens)}
    heads = [where.get(doc[i].head.i, -1) if doc[i].head.i != i else -1 for i in paragraph.tokens]
    return heads, [doc[i].sent.start for i in paragraph.tokens]


def _bucket(distance: int) -> str:
    return str(distance) if distance <= 3 else "4-6" if distance <= 6 else "7-12" if distance <= 12 else "13+"


def cue_context(cues: Sequence[str], heads: Sequence[int], sents: Sequence[int]) -> list[list[str]]:
    """Features from the cue tagger's labels for the source and content taggers (stacking): the
    cue label of the token, of its neighbours at -2..+2, of its head; the steps up to a cue among
    its ancestors (at most 4); whether a child is a cue; the side and distance of the nearest cue
    of its sentence."""
    n = len(cues)
    child_cue = [False] * n
    for pos, head in enumerate(heads):
        if head >= 0 and cues[pos] != "O":
            child_cue[head] = True
    out = []
    for pos in range(n):
        feats = ["pc=" + cues[pos]]
        for offset in (-2, -1, 1, 2):
            j = pos + offset
            if 0 <= j < n:
                feats.append(f"{offset}pc={cues[j]}")
        head = heads[pos]
        feats.append("hpc=" + (cues[head] if head >= 0 else "-"))
        ancestor, steps = head, 1
        while ancestor >= 0 and steps <= 4:
            if cues[ancestor] != "O":
                feats.append(f"anc_pc={steps}")
                break
            ancestor, steps = heads[ancestor], steps + 1
        if child_cue[pos]:
            feats.append("child_pc")
        nearest = None
        for j in range(n):
            if cues[j] != "O" and sents[j] == sents[pos] and j != pos:
                if nearest is None or abs(j - pos) < abs(nearest - pos):
                    nearest = j
        if nearest is None:
            feats.append("cue_side=none")
        else:
            side = "after" if nearest > pos else "before"
            feats.append(f"cue_side={side}")
            feats.append(f"cue_dist={side}{_bucket(abs(nearest - pos))}")
        out.append(feats)
    return out


# ---------------------------------------------------------------- inference
def load_taggers(directory: Path | None = None) -> dict[str, object]:
    """The three CRF taggers, from ``analysis/models/`` or another ``directory``."""
    import pycrfsuite

    taggers = {}
    for kind, shipped in MODEL_PATHS.items():
        path = directory / shipped.name if directory is not None else shipped
        if not path.exists():
            raise FileNotFoundError(f"no attribution CRF model at {path}; run `python -m analysis train attribution`")
        model = gzip.decompress(path.read_bytes())
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(model)  # crfsuite reads the model from this buffer: it is kept below
        taggers[kind] = tagger
        taggers[f"{kind}_model"] = model
    # stacked models know the cue-label features of :func:`cue_context`
    # and models trained with the rule extractor's guesses know the features "rs=B" etc.
    attributes = {attr for attr, _ in taggers["source"].info().state_features}
    taggers["stacked"] = "pc=B" in attributes
    taggers["rules"] = "rs=B" in attributes or "rc=B" in attributes
    return taggers


@functools.cache
def _taggers() -> dict[str, object]:
    """The shipped taggers, loaded once per process."""
    return load_taggers()


def tag_article(article: ArticleDoc, taggers: dict[str, object] | None = None, *,
                use_rules: bool | None = None) -> dict[str, list[str]]:
    """Predicted B/I/O labels of each kind, one per token of the doc (space tokens ``O``).
    ``use_rules``: whether the rule extractor's guesses are features (default: as the models
    were trained)."""
    taggers = taggers or _taggers()
    if use_rules is None:
        use_rules = bool(taggers.get("rules", True))
    features = token_features(article, use_rules=use_rules)
    labels = {kind: ["O"] * len(article.doc) for kind in KINDS}
    for paragraph in paragraphs(article):
        xseq = [features[i] for i in paragraph.tokens]
        cues = taggers["cue"].tag(xseq)
        for i, label in zip(paragraph.tokens, cues):
            labels["cue"][i] = label
        if taggers.get("stacked", STACKED):
            xseq = [x + extra for x, extra in zip(xseq, cue_context(cues, *paragraph_structure(article, paragraph)))]
        for kind in ("source", "content"):
            for i, label in zip(paragraph.tokens, taggers[kind].tag(xseq)):
                labels[kind][i] = label
    return labels


def spans_of(labels: Sequence[str], seq: Sequence[int]) -> list[tuple[int, ...]]:
    """Token runs of a BIO sequence (an ``I`` after ``O`` starts a run)."""
    runs: list[list[int]] = []
    previous = "O"
    for i in seq:
        label = labels[i]
        if label == "B" or (label == "I" and previous == "O"):
            runs.append([i])
        elif label == "I":
            runs[-1].append(i)
        previous = label
    return [tuple(run) for run in runs]


def _root(article: ArticleDoc, run: tuple[int, ...]) -> Token:
    doc = article.doc
    members = set(run)
    for i in run:
        if doc[i].head.i not in members or doc[i].head.i == i:
            return doc[i]
    return doc[run[0]]


def _gap(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return max(b[0] - a[-1], a[0] - b[-1], 0)


def _char_span(article: ArticleDoc, run: tuple[int, ...]) -> tuple[int, int]:
    doc = article.doc
    start, end = doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]])
    text = article.text
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _depends(article: ArticleDoc, run: tuple[int, ...], on: tuple[int, ...], steps: int) -> bool:
    """Does the root of ``run`` hang at most ``steps`` heads under a token of ``on``?"""
    token = _root(article, run)
    targets = set(on)
    for _ in range(steps):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.i in targets:
            return True
    return False


def _orphan_cues(article: ArticleDoc, cues: list[tuple[int, ...]], sources: list[tuple[int, ...]],
                 contents: list[tuple[int, ...]], kinds: Sequence[str]) -> list[tuple[int, ...]]:
    """Cues the cue tagger missed, read off spans no cue claims: the verb whose subject is a
    predicted source (or whose clausal complement is a predicted content), when that verb is no
    part of any predicted span."""
    taken = {i for run in cues for i in run}
    claimed = set()
    for cue in cues:
        for run in sources + contents:
            if _depends(article, run, cue, 2) or _depends(article, cue, run, 1):
                claimed.add(run)
    inside = {i for run in sources + contents for i in run}
    found = set()
    for kind, runs, deps in (("source", sources, ("nsubj", "nsubjpass")), ("content", contents, ("ccomp",))):
        if kind not in kinds:
            continue
        for run in runs:
            if run in claimed:
                continue
            root = _root(article, run)
            head = root.head
            if root.dep_ in deps and head.i != root.i and head.tag_.startswith("VB") \
                    and head.i not in taken and head.i not in inside:
                found.add((head.i,))
    return sorted(found)


ORPHAN_CUES = True
"""Whether verbs heading unclaimed predicted sources / contents become cues (:func:`_orphan_cues`)."""

orphan_kinds: tuple[str, ...] = ("source", "content")


def link(article: ArticleDoc, labels: dict[str, list[str]]) -> list[tuple[tuple[int, ...], tuple[int, ...] | None,
                                                                           tuple[int, ...] | None]]:
    """``(cue, source, content)`` token runs, one per predicted cue (see the module docstring)."""
    doc = article.doc
    found = []
    for paragraph in paragraphs(article):
        seq = paragraph.tokens
        cues = spans_of(labels["cue"], seq)
        if not cues and not ORPHAN_CUES:
            continue
        sources = spans_of(labels["source"], seq)
        contents = spans_of(labels["content"], seq)
        if ORPHAN_CUES:
            cues = sorted(cues + _orphan_cues(article, cues, sources, contents, orphan_kinds))
        for cue in cues:
            sentence = doc[cue[0]].sent.start
            near = [s for s in sources if doc[s[0]].sent.start == sentence]
            source = min(near, key=lambda s: (not _depends(article, s, cue, 2), _gap(s, cue), s[0]), default=None)
            content = None
            if contents:
                def rank(c: tuple[int, ...]) -> tuple:
                    linked = _depends(article, c, cue, 1) or _depends(article, cue, c, 1)
                    return (not linked, doc[c[0]].sent.start != sentence and doc[c[-1]].sent.start != sentence,
                            _gap(c, cue), c[0])
                content = min(contents, key=rank)
                # a content split by the cue and its source: join the part on the other side
                between = set(cue) | set(source or ())
                for other in contents:
                    if other is content:
                        continue
                    lo, hi = (other, content) if other[0] < content[0] else (content, other)
                    gap = range(lo[-1] + 1, hi[0])
                    if gap and all(j in between or doc[j].text in _PUNCT_GAP or doc[j].is_space for j in gap) \
                            and any(j in between for j in gap):
                        content = tuple(range(lo[0], hi[-1] + 1))
                        break
            found.append((cue, source, content))
    return found


def learned_attributions(article: ArticleDoc, *, taggers: dict[str, object] | None = None,
                         use_rules: bool | None = None) -> list[Attribution]:
    """Attributions of a parsed article by the CRF taggers and the linking rules, in cue order.
    Only spans are learned: ``resolved`` is the source text, ``source_type`` ``"unknown"``,
    ``via`` empty; ``direct`` is whether the content lies inside a quotation."""
    text = article.text
    lexicon = cue_lexicon()
    out = []
    for cue, source, content in link(article, tag_article(article, taggers, use_rules=use_rules)):
        cue_span = _char_span(article, cue)
        if cue_span[0] >= cue_span[1]:
            continue
        source_span = _char_span(article, source) if source else None
        content_span = _char_span(article, content) if content else None
        source_text = text[source_span[0]:source_span[1]] if source_span else None
        words = text[cue_span[0]:cue_span[1]].lower().split()
        kind = next((lexicon[w].category for w in words if w in lexicon), "speech")
        direct = content_span is not None and any(
            q.start <= content_span[0] and content_span[1] <= q.end and not q.is_short for q in article.quotes)
        out.append(Attribution(
            source=source_text,
            source_start=source_span[0] if source_span else None,
            source_end=source_span[1] if source_span else None,
            resolved=source_text,
            source_type="unknown",
            cue=text[cue_span[0]:cue_span[1]],
            cue_start=cue_span[0],
            cue_end=cue_span[1],
            content=text[content_span[0]:content_span[1]] if content_span else None,
            content_start=content_span[0] if content_span else None,
            content_end=content_span[1] if content_span else None,
            direct=direct,
            via=(),
            chain=(source_text,) if source_text else (),
            cue_kind=kind,
            sentence_index=max(article.sentence_index(cue_span[0]), 0),
        ))
    return out
