import numpy as np
import pytest
import spacy
from thinc.api import NumpyOps

from analysis.text.document import EXCLUDED_COMPONENTS, MODEL_NAME, ArticleDoc, MatmulOps, get_nlp, parse_article, parse_articles
from analysis.paths import SEEDS_DIR
from analysis.text.quotes import find_quotes


def test_get_nlp_is_loaded_once_without_ner():
    assert get_nlp() is get_nlp()
    assert "ner" not in get_nlp().pipe_names
    assert {"tagger", "parser"} <= set(get_nlp().pipe_names)


def test_parse_articles_keeps_order_and_handles_empty_text():
    texts = ["First one. It has two sentences.", "", 'He said: "Yes."']
    articles = list(parse_articles(texts, batch_size=2))
    assert [a.text for a in articles] == texts
    assert len(articles[0].sentences) == 2
    assert articles[1].sentences == () and len(articles[1].doc) == 0
    assert len(articles[2].quotes) == 1


def test_sentence_spans_are_offsets_into_the_text():
    text = "Alpha beta.  Gamma delta said so."
    article = parse_article(text)
    assert isinstance(article, ArticleDoc)
    assert [text[s:e] for s, e in article.sentences] == ["Alpha beta.", "Gamma delta said so."]
    assert article.sentence_index(text.index("Gamma")) == 1


def test_odd_input_never_raises():
    for text in ['"unbalanced', "\x00\x01 junk \ufffd", "   "]:
        parse_article(text)


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
def test_matmul_ops_multiply_as_thinc_does(trans1, trans2):
    rng = np.random.default_rng(0)
    x = rng.random((7, 5), dtype=np.float32)
    y = rng.random((5, 3), dtype=np.float32)
    x = x.T.copy() if trans1 else x
    y = y.T.copy() if trans2 else y
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    np.testing.assert_allclose(MatmulOps().gemm(x, y, trans1=trans1, trans2=trans2), expected, rtol=1e-5)
    out = np.zeros((7, 3), dtype=np.float32)
    assert MatmulOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    np.testing.assert_allclose(out, expected, rtol=1e-5)


def test_pipeline_runs_on_matmul_ops_and_parses_as_with_thincs_own():
    assert all(isinstance(node.ops, MatmulOps) for _, c in get_nlp().pipeline for node in c.model.walk())
    plain = spacy.load(MODEL_NAME, exclude=list(EXCLUDED_COMPONENTS))
    assert not isinstance(plain.get_pipe("parser").model.ops, MatmulOps)
    text = sorted(SEEDS_DIR.glob("*.txt"))[0].read_text(encoding="utf-8")
    ours, theirs = parse_article(text).doc, plain(text)
    assert [(t.tag_, t.dep_, t.head.i) for t in ours] == [(t.tag_, t.dep_, t.head.i) for t in theirs]


def test_parse_articles_takes_the_quotations_the_caller_found():
    texts = ['He said: "Yes."', 'She said: "No."']
    found = [find_quotes(t) for t in texts]
    given = list(parse_articles(texts, quotes=found))
    assert [a.quotes for a in given] == [a.quotes for a in parse_articles(texts)] == [tuple(q) for q in found]
    assert [a.quotes for a in parse_articles(texts, quotes=[[], []])] == [(), ()]
