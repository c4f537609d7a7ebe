"""``python -m analysis score`` reads its inputs through the same reader path as ``load_corpus``
(``analysis.corpus.readers.iter_chunks``): same encodings, same rows, same ids, same features."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus, score_articles
from analysis.corpus.readers import iter_chunks
from analysis.table.command import main
from analysis.table.schema import ID_COLUMNS, NUMERIC_FEATURES, TABLE_COLUMNS

# cp1252 text: the curly apostrophe of "minister’s" is the byte 0x92 (not valid UTF-8), and the
# curly quotes are 0x93/0x94; "café" is 0xE9.
CP1252_TEXTS = [
    "The minister’s office said on Monday that the café would reopen, according to officials.",
    "“We will see,” the minister’s spokeswoman said. Critics believe the café may never reopen.",
    "Apparently the council’s vote was possibly the worst ever, Reuters reported.",
    "Le café “fermé” a rouvert ce matin, a dit le maire. The minister’s aides declined to comment.",
]


def _values(column: pd.Series) -> list:
    return column.astype(object).where(column.notna(), None).tolist()


def _quiet_load(source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(source)


def _write_cp1252_csv(path):
    frame = pd.DataFrame({"id": [f"c{i}" for i in range(len(CP1252_TEXTS))],
                          "headline": [f"Café story {i}" for i in range(len(CP1252_TEXTS))],
                          "body": CP1252_TEXTS, "source": ["Reuters"] * len(CP1252_TEXTS)})
    data = frame.to_csv(index=False).encode("cp1252")
    assert b"\x92" in data and b"caf\xe9" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("chunk_size", ["1", "1000"])
def test_score_command_equals_score_articles_of_load_corpus_on_a_cp1252_csv(tmp_path, chunk_size):
    source = _write_cp1252_csv(tmp_path / "cp1252.csv")
    corpus = _quiet_load(source)
    assert "minister’s" in corpus["text"].iloc[0] and "café" in corpus["text"].iloc[0]
    assert not corpus["text"].str.contains("\ufffd").any()
    streamed = pd.concat(iter_chunks(source, int(chunk_size)), ignore_index=True)
    pd.testing.assert_frame_equal(streamed, corpus, check_like=False)

    output = tmp_path / "features.parquet"
    assert main([str(source), "-o", str(output), "--chunk-size", chunk_size, "--quiet"]) == 0
    written = pd.read_parquet(output)
    expected = score_articles(corpus).reset_index(drop=True)
    assert list(written.columns) == [*ID_COLUMNS, *TABLE_COLUMNS, "load_problem"]
    assert written["article_id"].tolist() == corpus["article_id"].tolist()
    assert written["outlet"].tolist() == corpus["outlet"].tolist()
    for column in TABLE_COLUMNS:  # every column equal, value for value (missing as missing)
        if column in NUMERIC_FEATURES:
            np.testing.assert_array_equal(written[column].to_numpy(float), expected[column].to_numpy(float),
                                          err_msg=column)
        else:
            assert _values(written[column]) == _values(expected[column]), column
    text_columns = written.select_dtypes(exclude="number")
    assert not text_columns.apply(lambda s: s.astype(str).str.contains("\ufffd")).any().any()


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_score_command_makes_repeated_ids_unique_across_chunks_as_load_corpus_does(tmp_path):
    rows = [{"id": "same", "text": CP1252_TEXTS[i % 4]} for i in range(5)]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (inputs / "b.json").write_text(json.dumps(rows[:2]), encoding="utf-8")
    output = tmp_path / "features.csv"
    assert main([str(inputs), "-o", str(output), "--chunk-size", "2", "--quiet"]) == 0
    written = pd.read_csv(output)
    corpus = _quiet_load(inputs)
    assert written["article_id"].tolist() == corpus["article_id"].tolist()
    assert written["article_id"].tolist() == ["same", *[f"same#{i}" for i in range(2, 8)]]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_resumed_run_keeps_ids_unique_across_the_chunks_it_skips(tmp_path, monkeypatch):
    from analysis.table import command

    rows = [{"id": "same", "text": CP1252_TEXTS[i % 4]} for i in range(5)]
    source = tmp_path / "a.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    output = tmp_path / "features.parquet"
    real_write = command._write_atomic_part
    written = []

    def killed_after_first_part(frame, path):
        if written:
            raise KeyboardInterrupt("killed")
        real_write(frame, path)
        written.append(path)

    monkeypatch.setattr(command, "_write_atomic_part", killed_after_first_part)
    with pytest.raises(KeyboardInterrupt):
        main([str(source), "-o", str(output), "--chunk-size", "2", "--quiet"])
    monkeypatch.setattr(command, "_write_atomic_part", real_write)
    assert main([str(source), "-o", str(output), "--chunk-size", "2", "--resume", "--quiet"]) == 0
    assert pd.read_parquet(output)["article_id"].tolist() == _quiet_load(source)["article_id"].tolist()


def test_streamed_jsonl_keeps_line_numbers_of_unreadable_lines_across_chunks(tmp_path):
    lines = [json.dumps({"text": CP1252_TEXTS[0]})] * 3 + ["{broken"] + [json.dumps({"text": "x y z."})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chunks = list(iter_chunks(tmp_path / "a.jsonl", 2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    frame = pd.concat(chunks, ignore_index=True)
    assert frame["article_id"].tolist() == [f"a:{i}" for i in range(5)]
    assert frame.loc[3, "load_problem"].startswith("line 4: unreadable JSON")
    pd.testing.assert_frame_equal(frame, _quiet_load(tmp_path / "a.jsonl"))


def test_streamed_parquet_equals_load_corpus(tmp_path):
    frame = pd.DataFrame({"text": CP1252_TEXTS * 3, "outlet": ["AP"] * 12}, index=range(100, 112))
    frame.to_parquet(tmp_path / "p.parquet", row_group_size=5)
    chunks = list(iter_chunks(tmp_path / "p.parquet", 5))
    assert [len(c) for c in chunks] == [5, 5, 2]
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), load_corpus(tmp_path / "p.parquet"))
    assert load_corpus(tmp_path / "p.parquet")["article_id"].tolist() == [f"p:{i}" for i in range(12)]


def test_a_ragged_csv_line_is_one_problem_row_in_both_paths(tmp_path):
    lines = ["id,text"] + [f"r{i},The mayor said on day {i} that the bridge would close." for i in range(5)]
    (tmp_path / "ragged.csv").write_text("\n".join([*lines, "r5,a,b,c", "r6,Later text."]) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(tmp_path / "ragged.csv", chunk_size=2)
    assert corpus["article_id"].tolist() == ["r0", "r1", "r2", "r3", "r4", "ragged:5", "r6"]
    assert "line 7" in corpus["load_problem"].iloc[5]
    output = tmp_path / "features.csv"
    assert main([str(tmp_path / "ragged.csv"), "-o", str(output), "--chunk-size", "2", "--quiet"]) == 0
    written = pd.read_csv(output)
    assert written["article_id"].tolist() == corpus["article_id"].tolist()
    assert "line 7" in written["load_problem"].iloc[5]
