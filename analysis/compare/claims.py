"""Claims across articles: the sentences of several articles aligned into claims, with the
hedges and sources of each sentence.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.scorers.analyze import ArticleAnnotations
from analysis.scorers.attribution.extract import chain_text
from analysis.text.sentences import sentence_spans

# Claim alignment: set by reading the alignments of the two seeds (no gold set exists for it)
CLAIM_THRESHOLD = 0.12


def _sentence_of(spans: list[tuple[int, int]], offset: int) -> int | None:
    for index, (start, end) in enumerate(spans):
        if start <= offset < end:
            return index
    return None


def _claim_groups(sentences: list[list[str]], threshold: float) -> list[np.ndarray]:
    """Connected claims: mutual best matches between the sentences of every pair of articles
    whose TF-IDF cosine similarity is at least ``threshold``."""
    flat = [s for article in sentences for s in article]
    offsets = np.cumsum([0] + [len(a) for a in sentences])
    rows, cols = [], []
    if len(flat) >= 2 and any(any(ch.isalnum() for ch in s) for s in flat):
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(flat)
        for i in range(len(sentences)):
            for j in range(i + 1, len(sentences)):
                a = vectors[offsets[i]:offsets[i + 1]]
                b = vectors[offsets[j]:offsets[j + 1]]
                if a.shape[0] == 0 or b.shape[0] == 0:
                    continue
                sim = (a @ b.T).toarray()
                best_b, best_a = sim.argmax(axis=1), sim.argmax(axis=0)
                for x, y in enumerate(best_b):
                    if best_a[y] == x and sim[x, y] >= threshold:
                        rows.append(offsets[i] + x)
                        cols.append(offsets[j] + y)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(flat), len(flat)))
    _, component = connected_components(graph, directed=False)
    return [component[offsets[i]:offsets[i + 1]] for i in range(len(sentences))]


def align_claims(articles: Sequence[ArticleAnnotations], *, threshold: float = CLAIM_THRESHOLD,
                 shared_only: bool = False) -> pd.DataFrame:
    """The sentences of ``articles`` aligned into claims.

    Two sentences of different articles state one claim when each is the other's most similar
    sentence in that article and their TF-IDF cosine similarity (words, English stop words
    removed, IDF over the sentences given) is at least ``threshold`` (0..1); alignment is
    transitive across articles. One row per article
    sentence: ``claim`` (int, numbered in order of first appearance), ``article`` (label),
    ``start``/``end`` (offsets of the sentence in its article), ``sentence``, ``n_articles``
    (how many articles state the claim), ``hedges`` (``"text (category, voice)"``),
    ``hedge_spans`` (``(start, end, category)`` in article offsets), ``chains`` (whom the
    sentence cites, as ``source → relay → outlet``) and ``sources`` (resolved names).
    ``shared_only`` keeps claims stated by two articles or more.
    """
    labels = [a.label for a in articles]
    if len(set(labels)) != len(labels):
        raise ValueError(f"article labels must be unique, got {labels}")
    spans = [sentence_spans(a.text or "") for a in articles]
    sentences = [[a.text[s:e] for s, e in sp] for a, sp in zip(articles, spans)]
    components = _claim_groups(sentences, threshold)
    records = []
    for article, sentence_list, comp in zip(articles, spans, components):
        hedges: dict[int, list] = {}
        for hedge in article.hedges:
            index = _sentence_of(sentence_list, hedge.start)
            if index is not None:
                hedges.setdefault(index, []).append(hedge)
        cited: dict[int, list] = {}
        for item in article.attributions:
            anchor = item.content_start if item.content_start is not None else item.cue_start
            for offset in (anchor, item.cue_start):
                index = _sentence_of(sentence_list, offset) if offset is not None else None
                if index is not None and item not in cited.get(index, []):
                    cited.setdefault(index, []).append(item)
        for index, (start, end) in enumerate(sentence_list):
            found = hedges.get(index, [])
            records.append({
                "component": int(comp[index]), "article": article.label, "start": start, "end": end,
                "sentence": article.text[start:end],
                "hedges": tuple(f"{h.text} ({h.category}, {getattr(h, 'voice', 'writer')})" for h in found),
                "hedge_spans": tuple((h.start, h.end, h.category) for h in found),
                "chains": tuple(chain_text(a.chain) for a in cited.get(index, [])),
                "sources": tuple(a.resolved or "(unnamed)" for a in cited.get(index, [])),
            })
    columns = ["claim", "article", "start", "end", "sentence", "n_articles", "hedges", "hedge_spans",
               "chains", "sources"]
    if not records:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(records)
    frame["n_articles"] = frame.groupby("component")["article"].transform("nunique")
    if shared_only:
        frame = frame[frame["n_articles"] >= 2]
    first_seen = {c: n for n, c in enumerate(dict.fromkeys(frame["component"]), start=1)}
    frame["claim"] = frame["component"].map(first_seen)
    return frame[columns].reset_index(drop=True)
