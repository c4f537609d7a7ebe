"""The feature table: shape and error contract, engines (local, process, Dask) agreeing, the
scikit-learn transformer, and the streaming, resumable command."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.table import command, engines, score
from analysis.corpus.readers import load_corpus
from analysis.table.schema import FEATURE_COLUMNS, NUMERIC_FEATURES, TABLE_COLUMNS, TEXT_COLUMNS
from analysis.table.transformer import ArticleFeatures
from analysis.scorers.style import style_measures
from analysis.text.article import Article
from analysis.table.command import main
from analysis.table.engines import score_articles

TEXTS = [
    'The minister said the talks "went very well" and would resume on Monday.',
    "Critics slammed the plan. Supporters said it may work, according to Reuters.",
    "Officials told the Associated Press that the attack was possibly the worst ever.",
    "Sony declined to comment. The company did not respond to a request for comment.",
    "IT WAS A DISASTER! Nobody knows what happened, a spokeswoman said.",
    "Prices rose by about 3 percent in March, the statistics office reported.",
    '"We will respond," he said. The regime denied the report, state media said.',
    "Apparently the council could vote again. Analysts believe it is likely.",
    "The mayor, who opponents call corrupt, said he would not resign.",
    "Acme is a wonderful company. Acme won a great award, its chief executive said.",
]


def _frame(index=None) -> pd.DataFrame:
    return pd.DataFrame({"text": TEXTS, "title": [f"Story Number {i}" for i in range(len(TEXTS))],
                         "outlet": ["Reuters"] * len(TEXTS)}, index=index)


@pytest.fixture(scope="module")
def local_table() -> pd.DataFrame:
    return score_articles(_frame())


def test_columns_are_prefixed_deterministic_and_unique():
    assert TABLE_COLUMNS == (*FEATURE_COLUMNS, "error")
    assert len(set(TABLE_COLUMNS)) == len(TABLE_COLUMNS)
    prefixes = ("hedge_", "src_", "lang_", "read_", "style_")
    assert all(c.startswith(prefixes) for c in FEATURE_COLUMNS)
    assert set(NUMERIC_FEATURES) | set(TEXT_COLUMNS) == set(FEATURE_COLUMNS)


def test_one_row_per_article_same_index_and_order():
    index = pd.Index(["z", "y", "x", "w", "v", "u", "t", "s", "r", "q"], name="article")
    table = score_articles(_frame(index))
    assert list(table.index) == list(index) and table.index.name == "article"
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert table["error"].isna().all(), table["error"].dropna().tolist()
    assert all(table[c].dtype == np.float64 for c in NUMERIC_FEATURES)
    # order kept: word counts follow the texts
    assert table["style_words"].tolist() == [style_measures(Article(t))["style_words"] for t in TEXTS]


def test_measures_come_through(local_table):
    assert local_table.loc[1, "lang_critic_cues"] == 1 and local_table.loc[1, "lang_supporter_cues"] == 1
    assert local_table.loc[3, "lang_no_comment_cues"] == 2
    assert local_table.loc[9, "lang_subject"] == "Acme"
    assert local_table.loc[0, "style_quoted_share"] > 0
    assert (local_table["src_attributions"] >= 0).all()
    assert local_table["src_relayed_outlets"].map(lambda v: isinstance(v, str)).all()


def test_bad_rows_get_an_error_and_missing_features_never_dropped():
    frame = pd.DataFrame({"text": [TEXTS[0], None, 42, float("nan"), "", "\x00\x01 junk “open"]})
    table = score_articles(frame)
    assert len(table) == 6 and list(table.index) == list(frame.index)
    assert table["error"].tolist()[:4] == [None, "text is missing", "text is not a string but int",
                                           "text is missing"]
    assert table["error"][[0, 4, 5]].isna().all()
    assert table.loc[[1, 2, 3], list(NUMERIC_FEATURES)].isna().all().all()
    assert table.loc[0, list(NUMERIC_FEATURES)].notna().sum() > 50


def test_a_failing_article_does_not_stop_its_batch(monkeypatch):
    real = score.readability_measures

    def breaks_on_boom(text):
        if "BOOM" in text:
            raise RuntimeError("scorer exploded")
        return real(text)

    monkeypatch.setattr(score, "readability_measures", breaks_on_boom)
    frame = pd.DataFrame({"text": [TEXTS[0], "It went BOOM.", TEXTS[2]]})
    table = score_articles(frame)
    assert table["error"].tolist() == [None, "RuntimeError: scorer exploded", None]
    assert table.loc[[0, 2], "read_flesch_reading_ease"].notna().all()
    assert table.loc[1, list(NUMERIC_FEATURES)].isna().all()


def test_bad_arguments():
    with pytest.raises(ValueError, match="engine"):
        score_articles(_frame(), engine="spark")
    with pytest.raises(ValueError, match="text"):
        score_articles(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(ValueError, match="n_jobs"):
        score_articles(_frame(), n_jobs=0)


def test_empty_frame_gives_empty_table():
    table = score_articles(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert len(table) == 0 and list(table.columns) == list(TABLE_COLUMNS)


def test_process_engine_equals_local(local_table):
    table = score_articles(_frame(), n_jobs=2, engine="process")
    pd.testing.assert_frame_equal(table, local_table)


def test_process_engine_renews_its_workers_and_keeps_every_row_in_order(local_table, monkeypatch):
    monkeypatch.setattr(engines, "TASK_ARTICLES", 2)  # 10 articles: 5 tasks
    engine = engines.ProcessEngine(2, tasks_per_pool=2)
    try:
        table = engine.score(_frame(), engines._progress(None, enabled=False))
        assert engine.pools_started == 3  # tasks 1-2, 3-4, 5
    finally:
        engine.close()
    pd.testing.assert_frame_equal(table, local_table)


def test_process_engine_streams_frames_in_order_across_their_ends(local_table, monkeypatch):
    monkeypatch.setattr(engines, "TASK_ARTICLES", 2)
    frame = _frame()
    frames = [frame.iloc[:3], frame.iloc[3:3], frame.iloc[3:8], frame.iloc[8:]]
    engine = engines.ProcessEngine(2)
    try:
        tables = list(engine.score_stream(iter(frames), engines._progress(None, enabled=False)))
    finally:
        engine.close()
    assert [len(t) for t in tables] == [3, 0, 5, 2]
    pd.testing.assert_frame_equal(pd.concat(tables), local_table)


@pytest.fixture
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_dask_engine_on_a_local_cluster_equals_local(dask_client, local_table):
    import dask.dataframe as dd

    assert len(dask_client.scheduler_info()["workers"]) == 2
    table = score_articles(_frame(), engine="dask", scheduler=dask_client)
    pd.testing.assert_frame_equal(table, local_table)
    lazy = score_articles(dd.from_pandas(_frame(), npartitions=3), engine="dask")
    pd.testing.assert_frame_equal(lazy.compute(scheduler=dask_client), local_table)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_command_on_a_dask_scheduler_writes_the_same_table(dask_client, tmp_path):
    source = _write_corpus(tmp_path / "corpus.csv")
    local, remote = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    assert main([str(source), "-o", str(local), "--chunk-size", "2", "--quiet"]) == 0
    address = dask_client.scheduler.address
    assert main([str(source), "-o", str(remote), "--chunk-size", "2", "--engine", "dask",
                 "--scheduler", address, "--quiet"]) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(remote), pd.read_parquet(local))


def test_transformer_fits_a_pipeline_and_outputs_pandas():
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    transformer = ArticleFeatures()
    array = transformer.fit_transform(TEXTS)
    assert array.shape == (len(TEXTS), len(NUMERIC_FEATURES))
    expected = score_articles(pd.DataFrame({"text": TEXTS}))[list(NUMERIC_FEATURES)]
    np.testing.assert_allclose(array, expected.to_numpy(dtype=float), equal_nan=True)
    assert list(transformer.get_feature_names_out()) == list(NUMERIC_FEATURES)
    frame = ArticleFeatures().set_output(transform="pandas").fit_transform(pd.Series(TEXTS, name="text"))
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(NUMERIC_FEATURES)
    pipeline = make_pipeline(ArticleFeatures(), SimpleImputer(keep_empty_features=True), StandardScaler())
    assert pipeline.fit_transform(TEXTS + [None]).shape == (len(TEXTS) + 1, len(NUMERIC_FEATURES))
    with pytest.raises(TypeError):
        ArticleFeatures().fit_transform("one string")


# ------------------------------------------------------------------------------ the command

def _write_corpus(path, n=5):
    frame = pd.DataFrame({"id": [f"a{i}" for i in range(n)], "title": [f"Title {i}" for i in range(n)],
                          "text": [TEXTS[i % len(TEXTS)] for i in range(n)], "outlet": ["Reuters"] * n})
    frame.loc[2, "text"] = ""  # a row without text: kept, with its load problem as the error
    frame.to_csv(path, index=False)
    return path


def _expected(path) -> pd.DataFrame:
    articles = load_corpus(path)
    return score_articles(articles).reset_index(drop=True)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_command_streams_chunks_into_one_table(tmp_path, suffix):
    source = _write_corpus(tmp_path / "corpus.csv")
    output = tmp_path / f"features{suffix}"
    assert main([str(source), "-o", str(output), "--chunk-size", "2", "--quiet"]) == 0
    table = pd.read_parquet(output) if suffix == ".parquet" else pd.read_csv(output)
    assert table["article_id"].tolist() == ["a0", "a1", "a2", "a3", "a4"]
    assert list(table.columns) == ["article_id", "outlet", *TABLE_COLUMNS, "load_problem"]
    assert table.loc[2, "error"] == "missing text"
    expected = _expected(source)
    for column in NUMERIC_FEATURES:
        np.testing.assert_allclose(table[column], expected[column], equal_nan=True, err_msg=column)
    assert not (tmp_path / f"features{suffix}.partial").exists()


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_command_on_two_processes_writes_the_same_table(tmp_path):
    source = _write_corpus(tmp_path / "corpus.csv")
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert main([str(source), "-o", str(one), "--chunk-size", "2", "--quiet"]) == 0
    assert main([str(source), "-o", str(two), "--chunk-size", "2", "--jobs", "2", "--quiet"]) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(two), pd.read_parquet(one))


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_killed_run_leaves_no_output_and_resumes_where_it_stopped(tmp_path, monkeypatch):
    source = _write_corpus(tmp_path / "corpus.csv")
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
    assert not output.exists()
    assert len(list((tmp_path / "features.parquet.partial").glob("part-*.parquet"))) == 1

    monkeypatch.setattr(command, "_write_atomic_part", real_write)
    scored = []
    real_batch = score.score_batch
    monkeypatch.setattr(score, "score_batch", lambda articles, *a: scored.extend(articles) or
                        real_batch(articles, *a))
    assert main([str(source), "-o", str(output), "--chunk-size", "2", "--resume", "--quiet"]) == 0
    assert len(scored) == 3  # the first chunk of two was not scored again
    table = pd.read_parquet(output)
    assert table["article_id"].tolist() == ["a0", "a1", "a2", "a3", "a4"]
    np.testing.assert_allclose(table["style_words"], _expected(source)["style_words"], equal_nan=True)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_resume_refuses_other_inputs(tmp_path, capsys):
    source = _write_corpus(tmp_path / "corpus.csv")
    work = tmp_path / "features.parquet.partial"
    work.mkdir()
    (work / "state.json").write_text('{"files": [], "chunk_size": 7, "columns": "x"}')
    assert main([str(source), "-o", str(tmp_path / "features.parquet"), "--resume", "--quiet"]) == 2
    assert "cannot resume" in capsys.readouterr().err


def test_command_rejects_a_bad_output_name(tmp_path, capsys):
    source = _write_corpus(tmp_path / "corpus.csv")
    assert main([str(source), "-o", str(tmp_path / "features.xlsx")]) == 2
    assert "must end in" in capsys.readouterr().err


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_command_reads_parquet_in_chunks_and_text_files(tmp_path, seed_paths):
    frame = pd.DataFrame({"id": ["p0", "p1", "p2"], "text": TEXTS[:3]})
    frame.to_parquet(tmp_path / "corpus.parquet")
    output = tmp_path / "features.parquet"
    assert main([str(tmp_path / "corpus.parquet"), *map(str, seed_paths), "-o", str(output),
                 "--chunk-size", "2", "--quiet"]) == 0
    table = pd.read_parquet(output)
    assert table["article_id"].tolist() == ["p0", "p1", "p2", *[p.stem for p in seed_paths]]
    assert table["error"].isna().all()
    assert not math.isnan(table.loc[3, "src_attributions"])


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_command_keeps_an_unreadable_jsonl_line_as_an_error_row(tmp_path):
    import json

    lines = [json.dumps({"id": "j0", "text": TEXTS[0]}), "{not json", json.dumps({"id": "j2", "text": TEXTS[1]})]
    (tmp_path / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "features.csv"
    assert main([str(tmp_path / "corpus.jsonl"), "-o", str(output), "--quiet"]) == 0
    table = pd.read_csv(output)
    assert len(table) == 3 and table.loc[[0, 2], "article_id"].tolist() == ["j0", "j2"]
    assert table.loc[1, "error"].startswith("line 2: unreadable JSON")
    assert table.loc[[0, 2], "error"].isna().all()


def test_command_without_a_text_column_says_so(tmp_path, capsys):
    pd.DataFrame({"headline": ["x"], "body_html": ["<p>y</p>"]}).to_csv(tmp_path / "bad.csv", index=False)
    assert main([str(tmp_path / "bad.csv"), "-o", str(tmp_path / "out.parquet"), "--quiet"]) == 2
    assert "no text column" in capsys.readouterr().err
    assert not (tmp_path / "out.parquet").exists()
