"""load_corpus on every format and every kind of bad input."""
import json
import warnings

import pandas as pd
import pytest

from analysis.corpus.readers import CANONICAL_COLUMNS, CorpusError, load_corpus

BODY = "The council voted on Tuesday to close the old bridge, officials said."


def _quiet_load(source, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(source, **kwargs)


def test_seeds_load_as_two_sputnik_rows(seed_paths):
    corpus = load_corpus(seed_paths[0].parent)
    assert len(corpus) == 2
    assert list(corpus.columns[: len(CANONICAL_COLUMNS)]) == list(CANONICAL_COLUMNS)
    assert set(corpus["outlet"]) == {"Sputnik"}
    assert corpus["article_id"].is_unique
    # the header timestamp is the scrape date (2020), never the publication date
    assert corpus["published"].isna().all()
    assert list(corpus["dateline_date"]) == ["December 19", "December 9"]
    assert corpus["load_problem"].isna().all()
    assert not corpus["text"].str.contains("Listen Live").any()


def test_csv_with_common_column_names(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame({"id": ["a", "b"], "content": [BODY, BODY + " Again."], "site": ["nytimes.com", "CNN"],
                  "headline": ["Bridge", "Bridge 2"], "publish_date": ["2014-12-19", "not a date"],
                  "link": ["https://www.nytimes.com/x", None], "topic": ["local", "local"]}).to_csv(path, index=False)
    corpus = load_corpus(path)
    assert list(corpus["article_id"]) == ["a", "b"]
    assert list(corpus["outlet"]) == ["nytimes.com", "CNN"]
    assert list(corpus["outlet_canonical"]) == ["The New York Times", "CNN"]
    assert corpus["published"].iloc[0] == pd.Timestamp("2014-12-19") and pd.isna(corpus["published"].iloc[1])
    assert list(corpus["topic"]) == ["local", "local"]  # other columns are kept
    assert corpus["title"].iloc[1] == "Bridge 2"


def test_jsonl_json_parquet(tmp_path):
    rows = [{"doc_id": "x1", "body": BODY, "source": "Reuters"}, {"doc_id": "x2", "body": BODY, "source": "AP"}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"articles": rows}), encoding="utf-8")
    pd.DataFrame(rows).assign(doc_id=["p1", "p2"]).to_parquet(tmp_path / "c.parquet")
    corpus = _quiet_load(tmp_path)
    assert len(corpus) == 7  # 3 jsonl lines (one broken, kept as a row), 2 json, 2 parquet
    broken = corpus[corpus["load_problem"].fillna("").str.contains("unreadable JSON")]
    assert len(broken) == 1 and broken["text"].isna().all()
    assert corpus["article_id"].is_unique  # x1, x2 repeated in b.json were renamed
    assert corpus["load_problem"].fillna("").str.contains("duplicate article_id x1").sum() == 1


def test_txt_encodings(tmp_path):
    (tmp_path / "cp.txt").write_bytes(("Le café “fermé” a rouvert ce matin, a dit le maire.").encode("cp1252"))
    (tmp_path / "latin.txt").write_bytes("Der Bürgermeister sagte am Montag, die Brücke bleibe zu.".encode("latin-1"))
    corpus = load_corpus(tmp_path)
    assert "café “fermé”" in corpus.loc[corpus.article_id == "cp", "text"].item()
    assert "Bürgermeister" in corpus.loc[corpus.article_id == "latin", "text"].item()


def test_html_page(tmp_path):
    paragraphs = "".join(f"<p>{BODY} Paragraph {i} adds detail about the vote and the bridge.</p>" for i in range(6))
    page = (f"<html><head><title>Bridge closes</title></head><body><nav>Home | News | Sport</nav>"
            f"<article><h1>Bridge closes</h1>{paragraphs}</article>"
            f"<footer>Share on Facebook. Copyright 2015.</footer></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    corpus = load_corpus(tmp_path / "page.html")
    assert len(corpus) == 1 and "Paragraph 5 adds detail" in corpus["text"].item()
    assert "Home | News" not in corpus["text"].item()
    assert corpus["title"].item() == "Bridge closes"


def test_bad_files_become_rows_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    with pytest.warns(UserWarning, match="3 of 4 rows have a load problem"):
        corpus = load_corpus(tmp_path)
    problems = dict(zip(corpus["article_id"], corpus["load_problem"]))
    assert "empty" in problems["empty"] and "binary" in problems["binary"]
    assert "unsupported file type .png" in problems["image"]
    assert pd.isna(problems["good"])
    assert len(corpus.attrs["load_problems"]) == 3


def test_missing_texts_are_kept_and_marked(tmp_path):
    path = tmp_path / "gaps.csv"
    pd.DataFrame({"text": [BODY, "", None], "outlet": ["A", "B", "C"]}).to_csv(path, index=False)
    corpus = _quiet_load(path)
    assert len(corpus) == 3
    assert list(corpus["load_problem"].fillna("ok")) == ["ok", "missing text", "missing text"]
    assert list(corpus["article_id"]) == ["gaps:0", "gaps:1", "gaps:2"]


def test_no_text_column_lists_columns(tmp_path):
    path = tmp_path / "notext.csv"
    pd.DataFrame({"headline": ["x"], "when": ["2014"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"no text column found; columns are \['headline', 'when'\]"):
        load_corpus(path)


def test_missing_path_and_outlet_default(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_corpus(tmp_path / "nope")
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    corpus = load_corpus(tmp_path, outlet="NYT")
    assert corpus["outlet"].item() == "NYT" and corpus["outlet_canonical"].item() == "The New York Times"


def test_large_csv(tmp_path):
    """A CSV of about 50 MB loads whole, row for row."""
    text = (BODY + " ") * 60
    n = 12_000
    pd.DataFrame({"id": range(n), "text": [text] * n, "outlet": ["Reuters"] * n}).to_csv(tmp_path / "big.csv", index=False)
    assert (tmp_path / "big.csv").stat().st_size > 45_000_000
    corpus = load_corpus(tmp_path / "big.csv")
    assert len(corpus) == n and corpus["article_id"].is_unique and corpus["text"].notna().all()


def test_dates_out_of_range_or_odd_become_nat(tmp_path):
    path = tmp_path / "dates.csv"
    pd.DataFrame({"text": [BODY] * 4, "date": ["0001-11-30", "2014-12-09T10:00:00-05:00", "yesterday", "1e9"]}
                 ).to_csv(path, index=False)
    corpus = load_corpus(path)
    assert pd.isna(corpus["published"].iloc[0]) and pd.isna(corpus["published"].iloc[2])
    assert corpus["published"].iloc[1] == pd.Timestamp("2014-12-09 15:00:00")
    assert len(corpus) == 4
