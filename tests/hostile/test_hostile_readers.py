"""The reader path (``load_corpus`` / ``iter_chunks``) on hostile inputs: files built at test time
that a careless reader would split, drop, mis-decode, block on or abort the whole folder for."""
from __future__ import annotations

import json
import os
import threading
import warnings

import pandas as pd
import pytest

from analysis.corpus.readers import iter_chunks, iter_files, load_corpus

BODY = "The council voted on Tuesday to close the old bridge, officials said."
OTHER = "The mayor said on Wednesday that the bridge would reopen next year."


def _quiet_load(source, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(source, **kwargs)


def _streamed(source, chunk_size=1, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.concat(iter_chunks(source, chunk_size, **kwargs), ignore_index=True)


def _problems(corpus):
    return dict(zip(corpus["article_id"], corpus["load_problem"]))


def _within(seconds, function, *fifos):
    """``function()``, failing the test (not hanging) when it has not returned in ``seconds``;
    a reader blocked opening one of ``fifos`` is released by opening its write end."""
    result: dict = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as error:  # re-raised in the test's thread
            result["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        for fifo in fifos:
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        thread.join(5)
        pytest.fail(f"the reader did not return within {seconds} s (blocked opening a FIFO?)")
    if "error" in result:
        raise result["error"]
    return result["value"]


# 1. exclude -----------------------------------------------------------------------------------

def test_exclude_keeps_output_file_and_work_folder_out_of_the_inputs(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    pd.DataFrame({"id": ["a", "b"], "text": [BODY, OTHER]}).to_csv(inputs / "a.csv", index=False)
    # a score run writing into its own input folder: the output and its work folder
    pd.DataFrame({"id": ["out"], "text": [BODY]}).to_parquet(inputs / "features.parquet")
    work = inputs / "features.work"
    work.mkdir()
    pd.DataFrame({"id": ["part"], "text": [BODY]}).to_parquet(work / "part-000000.parquet")
    (inputs / "link-to-output.parquet").symlink_to(inputs / "features.parquet")
    # given in another spelling: compared after resolving
    exclude = [tmp_path / "in" / ".." / "in" / "features.parquet", os.path.relpath(work)]

    files = list(iter_files(inputs, exclude=exclude))
    assert files == [inputs / "a.csv"]
    streamed = _streamed(inputs, 1, exclude=exclude)
    assert list(streamed["article_id"]) == ["a", "b"]
    assert streamed["load_problem"].isna().all()
    # skip still counts chunks of what is read, never of what is excluded
    assert list(_streamed(inputs, 1, skip=1, exclude=exclude)["article_id"]) == ["b"]
    # a generator is fine, and without exclude the output is read as before
    assert len(_streamed(inputs, 10, exclude=(p for p in exclude))) == 2
    assert len(_streamed(inputs, 10)) == 5


# 2. lone surrogates ---------------------------------------------------------------------------

def test_lone_surrogate_in_jsonl_is_made_safe_and_noted(tmp_path):
    path = tmp_path / "s.jsonl"
    lines = [
        '{"id": "bad\\ud800id", "text": "%s", "outlet": "Reuters"}' % BODY,
        '{"id": "t", "title": "Bridge \\udfff news", "text": "%s \\udc80"}' % OTHER,
        '{"id": "pair", "text": "%s \\ud83d\\ude00"}' % BODY,   # a valid surrogate pair: an emoji
        '{"id": "ok", "text": "%s", "outlet": "AP"}' % OTHER,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for corpus in (_quiet_load(path), _streamed(path, 1)):
        assert len(corpus) == 4
        problems = _problems(corpus)
        assert list(corpus["article_id"]) == ["bad\ufffdid", "t", "pair", "ok"]
        assert "line 1" in problems["bad\ufffdid"] and "surrogate" in problems["bad\ufffdid"]
        assert "line 2" in problems["t"] and "surrogate" in problems["t"]
        assert pd.isna(problems["pair"]) and pd.isna(problems["ok"])
        assert corpus.loc[corpus.article_id == "t", "title"].item() == "Bridge \ufffd news"
        assert "\U0001F600" in corpus.loc[corpus.article_id == "pair", "text"].item()
        # the frame is valid Unicode throughout: Parquet and CSV both take it
        corpus.to_parquet(tmp_path / "out.parquet")
        corpus.to_csv(tmp_path / "out.csv", index=False, encoding="utf-8")
        assert pd.read_parquet(tmp_path / "out.parquet")["article_id"].tolist() == list(corpus["article_id"])


def test_lone_surrogate_in_a_json_file_is_made_safe(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('[{"id": "a\\ud800", "text": "%s"}, {"id": "b", "text": "%s"}]' % (BODY, OTHER),
                    encoding="utf-8")
    corpus = _quiet_load(path)
    assert list(corpus["article_id"]) == ["a\ufffd", "b"]
    assert "surrogate" in corpus["load_problem"].iloc[0] and pd.isna(corpus["load_problem"].iloc[1])
    corpus.to_parquet(tmp_path / "out.parquet")


def test_file_names_that_are_not_utf8_are_made_safe_and_noted(tmp_path):
    """Python decodes a non-UTF-8 file name with surrogate escapes ("caf\\udce9"): the path and
    the id made from it are made valid, noted, and the folder is read."""
    name = os.fsdecode(b"caf\xe9")
    try:
        (tmp_path / f"{name}.txt").write_text(BODY, encoding="utf-8")
        (tmp_path / f"{name}.parquet").write_bytes(b"not parquet")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    (tmp_path / "good.txt").write_text(OTHER, encoding="utf-8")
    corpus = _quiet_load(tmp_path)
    assert sorted(corpus["article_id"]) == ["caf\ufffd", "caf\ufffd#2", "good"]
    problems = dict(zip(corpus["path"], corpus["load_problem"]))
    assert "not valid UTF-8" in problems[str(tmp_path / "caf\ufffd.txt")]
    assert corpus.loc[corpus.path == str(tmp_path / "caf\ufffd.txt"), "text"].item() == BODY
    assert "not a readable Parquet file" in problems[str(tmp_path / "caf\ufffd.parquet")]
    assert pd.isna(problems[str(tmp_path / "good.txt")])
    corpus.to_parquet(tmp_path.parent / f"{tmp_path.name}.parquet")


# 3. Unicode line separators -------------------------------------------------------------------

def test_unicode_line_separators_inside_jsonl_strings_do_not_split_articles(tmp_path):
    path = tmp_path / "sep.jsonl"
    rows = [{"id": "ls", "text": BODY + "\u2028" + OTHER},
            {"id": "ps", "text": BODY + "\u2029" + OTHER, "title": "A\u2028B"},
            {"id": "nel", "text": BODY + "\u0085" + OTHER}]
    data = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\r\n"  # \r\n tolerated
    assert "\u2028" in data and "\u0085" in data
    path.write_bytes(data.encode("utf-8"))
    for corpus in (load_corpus(path), _streamed(path, 1), _streamed(path, 2)):
        assert list(corpus["article_id"]) == ["ls", "ps", "nel"]
        assert corpus["load_problem"].isna().all()
        for text in corpus["text"]:
            assert text.startswith("The council") and text.endswith("next year.")
        assert corpus["title"].iloc[1] == "A\u2028B"


def test_jsonl_lines_end_at_newline_only(tmp_path):
    """A raw carriage return inside a line is not a line end: one (unreadable) record, not two."""
    path = tmp_path / "cr.jsonl"
    path.write_bytes(b'{"id": "a", "text": "' + BODY.encode() + b'"}\n'
                     b'{"id": "b", "text": "half\rhalf"}\n'
                     b'{"id": "c", "text": "' + OTHER.encode() + b'"}\n')
    corpus = _quiet_load(path)
    assert len(corpus) == 3
    assert "line 2" in corpus["load_problem"].iloc[1]
    assert list(corpus["article_id"][[0, 2]]) == ["a", "c"]


# 4. ragged CSV --------------------------------------------------------------------------------

def test_csv_row_with_too_many_fields_is_one_problem_row(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id,text,outlet\n"
                    f'a,"{BODY}",Reuters\n'
                    f'b,"{OTHER}",AP,extra,fields\n'
                    f'c,"{BODY}\nsecond paragraph, quoted.",CNN\n'   # a legal multi-line field
                    f'd,"{OTHER}",BBC\n', encoding="utf-8")
    for corpus in (_quiet_load(path), _streamed(path, 1), _streamed(path, 2)):
        assert len(corpus) == 4
        good = corpus[corpus["load_problem"].isna()]
        assert list(good["article_id"]) == ["a", "c", "d"]
        assert list(good["outlet"]) == ["Reuters", "CNN", "BBC"]
        bad = corpus[corpus["load_problem"].notna()]
        assert len(bad) == 1 and bad["text"].isna().all()
        assert "line 3" in bad["load_problem"].item() and "field" in bad["load_problem"].item()
        assert "second paragraph" in corpus.loc[corpus.article_id == "c", "text"].item()


def test_csv_unterminated_quote_mid_file_loses_only_its_line(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text("id,text,outlet\n"
                    f'a,"{BODY}",Reuters\n'
                    f'b,"{OTHER} and then the quote never closes,AP\n'
                    f'c,"{BODY}",CNN\n'
                    f'd,{OTHER.replace(",", "")},BBC\n'
                    f'e,"{OTHER}",AP\n', encoding="utf-8")
    for corpus in (_quiet_load(path), _streamed(path, 2)):
        good = corpus[corpus["load_problem"].isna()]
        assert list(good["article_id"]) == ["a", "c", "d", "e"]
        bad = corpus[corpus["load_problem"].notna()]
        assert len(bad) == 1 and "line 3" in bad["load_problem"].item()
        assert len(corpus) == 5


def test_csv_unterminated_quote_on_the_last_line(tmp_path):
    path = tmp_path / "tail.csv"
    path.write_text(f'id,text\na,"{BODY}"\nb,"{OTHER} never closed\n', encoding="utf-8")
    corpus = _quiet_load(path)
    assert list(corpus["article_id"]) == ["a", "tail:1"]
    assert pd.isna(corpus["load_problem"].iloc[0]) and "line 3" in corpus["load_problem"].iloc[1]


# 5. corrupt Parquet ---------------------------------------------------------------------------

def _corrupt_parquets(folder):
    import pyarrow as pa
    import pyarrow.parquet as pq

    good = folder / "good.parquet"
    pd.DataFrame({"id": ["p1", "p2"], "text": [BODY, OTHER]}).to_parquet(good)
    data = good.read_bytes()
    (folder / "truncated.parquet").write_bytes(data[: len(data) // 2])
    (folder / "garbage.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 4 + b"PAR1")
    # readable by Arrow, but with pandas metadata that makes the conversion raise (KeyError)
    table = pa.table({"id": ["m1"], "text": [BODY]})
    table = table.replace_schema_metadata({b"pandas": json.dumps({"columns": [{"name": "id"}]}).encode()})
    pq.write_table(table, folder / "metadata.parquet")
    return ["truncated", "garbage", "metadata"]


def test_corrupt_parquet_is_one_line_problem_row_and_the_folder_still_reads(tmp_path):
    broken = _corrupt_parquets(tmp_path)
    (tmp_path / "z.txt").write_text(BODY, encoding="utf-8")
    for corpus in (_quiet_load(tmp_path), _streamed(tmp_path, 1)):
        problems = _problems(corpus)
        assert {"p1", "p2", "z"} <= set(corpus["article_id"])
        assert pd.isna(problems["p1"]) and pd.isna(problems["z"])
        for stem in broken:
            problem = problems.get(stem)
            if stem == "metadata" and problem is None:  # read despite the metadata: fine too
                assert corpus.loc[corpus.article_id == "m1", "text"].notna().all()
                continue
            assert isinstance(problem, str) and stem in problem, (stem, problem)
            assert "\n" not in problem and "Traceback" not in problem
            assert problem.isprintable(), repr(problem)
            assert "parquet" in problem.lower()


# 6. binary and UTF-16/32 ----------------------------------------------------------------------

def test_utf16_and_utf32_with_bom_are_decoded_and_binary_is_one_problem_row(tmp_path):
    frame = pd.DataFrame({"id": ["u1", "u2"], "text": ["Le café “fermé” a rouvert, a dit le maire.", OTHER]})
    csv_text = frame.to_csv(index=False)
    (tmp_path / "a16.csv").write_bytes(csv_text.encode("utf-16"))          # BOM + little-endian
    (tmp_path / "b16be.csv").write_bytes(b"\xfe\xff" + csv_text.replace("u", "v").encode("utf-16-be"))
    (tmp_path / "c32.csv").write_bytes(csv_text.replace("u", "w").encode("utf-32"))
    (tmp_path / "d16.jsonl").write_bytes(
        "\n".join(json.dumps({"id": f"j{i}", "text": t}, ensure_ascii=False)
                  for i, t in enumerate([BODY, OTHER])).encode("utf-16"))
    (tmp_path / "e16.txt").write_bytes(BODY.encode("utf-16"))
    (tmp_path / "f.csv").write_bytes(bytes(range(256)) * 8)                 # binary
    (tmp_path / "g.csv").write_bytes(bytes(range(1, 32)) * 50 + b"\xff\xfe")  # binary, no NUL
    (tmp_path / "h.jsonl").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)))  # a gzip'd file
    (tmp_path / "z.txt").write_text(BODY, encoding="utf-8")
    for corpus in (_quiet_load(tmp_path), _streamed(tmp_path, 1)):
        problems = _problems(corpus)
        texts = dict(zip(corpus["article_id"], corpus["text"]))
        assert texts["u1"] == "Le café “fermé” a rouvert, a dit le maire." and pd.isna(problems["u1"])
        assert texts["v2"] == OTHER.replace("u", "v") and texts["w1"].startswith("Le café")
        assert texts["j0"] == BODY and texts["j1"] == OTHER
        assert texts["e16"] == BODY and texts["z"] == BODY
        for stem in ("f", "g", "h"):
            assert corpus["article_id"].tolist().count(stem) == 1
            assert "binary" in problems[stem], problems[stem]
        assert not corpus["load_problem"].fillna("").str.contains("no text column").any()
        assert len(corpus) == 2 * 4 + 1 + 3 + 1


# 7. hidden files, links, special files --------------------------------------------------------

def test_hidden_files_links_and_special_files_are_reported_never_opened(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(BODY, encoding="utf-8")
    (folder / ".hidden.txt").write_text(OTHER, encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "inside.txt").write_text(OTHER, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "deep.txt").write_text(OTHER, encoding="utf-8")
    (sub / "up").symlink_to(folder, target_is_directory=True)   # a folder loop
    (folder / "alias.txt").symlink_to(folder / "good.txt")       # a link to a file is read
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)

    def load_recording():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            return load_corpus(folder), [str(w.message) for w in caught]

    corpus, caught = _within(20, load_recording, fifo)
    assert any("6 of 9 rows have a load problem" in message for message in caught)
    by_path = dict(zip(corpus["path"], corpus["load_problem"]))
    assert pd.isna(by_path[str(folder / "good.txt")]) and pd.isna(by_path[str(sub / "deep.txt")])
    assert pd.isna(by_path[str(folder / "alias.txt")])
    assert by_path[str(folder / ".hidden.txt")] == "skipped: hidden file"
    assert by_path[str(folder / ".git")] == "skipped: hidden folder"
    assert by_path[str(folder / "dangling.txt")] == "skipped: dangling link"
    assert by_path[str(folder / "loop.txt")] == "skipped: symlink loop"
    assert by_path[str(sub / "up")] == "skipped: symlink loop"
    assert "special file" in by_path[str(fifo)] and "FIFO" in by_path[str(fifo)]
    assert not any(str(folder / ".git" / "inside.txt") == p for p in corpus["path"])
    assert len(corpus) == 9
    assert len(corpus.attrs["load_problems"]) == 6
    # iter_files lists only what is read
    assert list(iter_files(folder)) == [folder / "alias.txt", folder / "good.txt", sub / "deep.txt"]
    # the streaming path reports the same
    streamed = _within(20, lambda: _streamed(folder, 2), fifo)
    pd.testing.assert_frame_equal(streamed, corpus)

    # a FIFO given as the input itself is refused too, not opened
    alone = _within(20, lambda: _quiet_load(fifo), fifo)
    assert len(alone) == 1 and "FIFO" in alone["load_problem"].item()
    assert list(iter_files(fifo)) == []


def test_socket_in_a_folder_is_refused(tmp_path):
    import socket

    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.txt"))
        corpus = _within(20, lambda: _quiet_load(tmp_path))
    finally:
        server.close()
    problems = _problems(corpus)
    assert pd.isna(problems["good"]) and "socket" in problems["s"]


# 8. cp1252 ------------------------------------------------------------------------------------

def test_cp1252_csv_reads_curly_apostrophe_and_accents(tmp_path):
    frame = pd.DataFrame({"id": ["c0", "c1"],
                          "body": ["The minister’s office said the café would reopen, officials said.",
                                   "“We will see,” the minister’s spokeswoman said of the café."]})
    data = frame.to_csv(index=False).encode("cp1252")
    assert b"\x92" in data and b"caf\xe9" in data
    (tmp_path / "cp.csv").write_bytes(data)
    for corpus in (load_corpus(tmp_path / "cp.csv"), _streamed(tmp_path / "cp.csv", 1)):
        assert "minister’s office" in corpus["text"].iloc[0] and "café" in corpus["text"].iloc[0]
        assert "“We will see,”" in corpus["text"].iloc[1]
        assert not corpus["text"].str.contains("\ufffd").any()
        assert corpus["load_problem"].isna().all()
