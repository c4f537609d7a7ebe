from analysis.document import ArticleDoc, get_nlp, parse_article, parse_articles


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
