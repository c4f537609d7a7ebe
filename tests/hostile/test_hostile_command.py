"""Hostile inputs, outputs and runs of ``python -m analysis score`` (``analysis.table.command``):
concurrent runs on one output, CSV cells that break rows or spreadsheets, an output that is an
input, scoring a folder into itself, repeated ids, inputs changed under ``--resume``, missing
paths and a full disk."""
from __future__ import annotations

import csv
import errno
import fcntl
import json
import os
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.table import command
from analysis.table.command import main
from analysis.table.schema import NUMERIC_FEATURES, TABLE_COLUMNS

SENTENCES = [
    "The minister said on Monday that the bridge would probably reopen, officials told Reuters.",
    "Critics believe the plan may fail. The mayor declined to comment.",
    "Apparently the vote was possibly the closest ever, the Associated Press reported.",
]
LOCK_NAME = ".lock"


def _write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _corpus(path, n=3):
    return _write_jsonl(path, [{"id": f"a{i}", "outlet": "Reuters", "text": SENTENCES[i % 3]}
                               for i in range(n)])


def _kill_after_first_part(monkeypatch):
    real_write = command._write_atomic_part
    written = []

    def killed_after_first_part(frame, path):
        if written:
            raise KeyboardInterrupt("killed")
        real_write(frame, path)
        written.append(path)

    monkeypatch.setattr(command, "_write_atomic_part", killed_after_first_part)
    return real_write


def _one_clear_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------ 1. one run per output at a time

def test_a_second_run_on_the_same_output_is_refused_while_the_first_holds_the_lock(tmp_path, capsys):
    source = _corpus(tmp_path / "corpus.jsonl")
    output = tmp_path / "features.parquet"
    work = tmp_path / "features.parquet.partial"
    work.mkdir()
    (work / "part-000000.parquet").write_bytes(b"the first run's part")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys\n"
         f"handle = open({str(work / LOCK_NAME)!r}, 'a')\n"
         "fcntl.flock(handle, fcntl.LOCK_EX)\n"
         "print('locked', flush=True)\n"
         "sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert main([str(source), "-o", str(output), "--quiet"]) == 2
        line = _one_clear_line(capsys.readouterr().err)
        assert "another" in line and str(output) in line
        assert not output.exists()
        assert (work / "part-000000.parquet").read_bytes() == b"the first run's part"  # untouched
    finally:
        holder.kill()  # a crashed run: the OS releases its lock
        holder.wait()
    # the lock file is still there, but nobody holds it: it does not block
    assert (work / LOCK_NAME).exists()
    assert main([str(source), "-o", str(output), "--quiet"]) == 0
    assert pd.read_parquet(output)["article_id"].tolist() == ["a0", "a1", "a2"]
    assert not work.exists()

    work.mkdir()
    with open(work / LOCK_NAME, "a") as handle:  # held by this very process, another open file
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert main([str(source), "-o", str(output), "--quiet"]) == 2
        assert "another" in capsys.readouterr().err


# ------------------------------------------------------------------ 2. CSV cells round-trip

HOSTILE = ["bare\rreturn", "line\nfeed", "cr\r\nlf", 'a "quoted" word', "comma, inside", "trailing\r",
           "\r", '"', "x,\"\r\n,\"", "  spaced  ", "sep\u2028arator", "tab\tinside", "semi;colon",
           "=1+2", "-minus", "+plus", "@at", "\tlead tab", "\rlead cr", "'apostrophe", "''two", "ünï©ødé"]


def _unneutralised(value):
    """The documented inverse of the CSV neutralisation: one leading ``'`` dropped."""
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def _hostile_strings(seed=7, n=12):
    alphabet = ["\r", "\n", "\r\n", '"', ",", "'", "=", "+", "-", "@", "\t", " ", "é", "z", ";", "\\"]
    rng = random.Random(seed)
    return ["z" + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) + "x" for _ in range(n)]


def test_csv_output_round_trips_any_string_through_read_csv(tmp_path):
    values = HOSTILE + _hostile_strings()
    rows = [{"id": f"{v}#{i}" if i % 2 else v, "outlet": v, "text": SENTENCES[i % 3] + " " + v}
            for i, v in enumerate(values)]
    rows.append({"id": "no\rtext", "outlet": "x\ry", "text": "\r"})  # an error row
    source = _write_jsonl(tmp_path / "hostile.jsonl", rows)
    parquet, csv_out = tmp_path / "features.parquet", tmp_path / "features.csv"
    assert main([str(source), "-o", str(parquet), "--chunk-size", "5", "--quiet"]) == 0
    assert main([str(source), "-o", str(csv_out), "--chunk-size", "5", "--quiet"]) == 0
    expected = pd.read_parquet(parquet)
    assert expected["article_id"].tolist()[: len(values)] == [r["id"] for r in rows[: len(values)]]
    # a blank outlet is no outlet to the reader
    assert expected["outlet"].astype(object).where(expected["outlet"].notna(), None).tolist() == \
        [r["outlet"] if r["outlet"].strip() else None for r in rows]

    written = pd.read_csv(csv_out)
    assert len(written) == len(rows) and list(written.columns) == list(expected.columns)
    for column in expected.columns:
        if column in NUMERIC_FEATURES:
            np.testing.assert_array_equal(written[column].to_numpy(float), expected[column].to_numpy(float),
                                          err_msg=column)
        else:  # text: the same strings once the leading ' is dropped ("" reads back as missing)
            want = [None if v is None or v == "" or v is np.nan else v for v in expected[column].astype(object)]
            got = [None if isinstance(v, float) else _unneutralised(v) for v in written[column].astype(object)]
            assert got == want, column


# ------------------------------------------------------------------ 3. formula injection

def test_csv_output_neutralises_formulas_and_keeps_numbers_as_numbers(tmp_path):
    ids = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tt", "\rr", "'q", "plain", "a=b"]
    rows = [{"id": v, "outlet": "=cmd|' /C calc'!A0" if i == 0 else "Reuters", "text": SENTENCES[i % 3]}
            for i, v in enumerate(ids)]
    source = _write_jsonl(tmp_path / "formulas.jsonl", rows)
    parquet, csv_out = tmp_path / "features.parquet", tmp_path / "features.csv"
    assert main([str(source), "-o", str(csv_out), "--quiet"]) == 0
    assert main([str(source), "-o", str(parquet), "--quiet"]) == 0
    with open(csv_out, encoding="utf-8", newline="") as handle:
        cells = list(csv.reader(handle))
    header, body = cells[0], cells[1:]
    assert [row[0] for row in body] == ["'" + v for v in ids[:7]] + ["plain", "a=b"]
    assert body[0][1] == "'=cmd|' /C calc'!A0" and body[1][1] == "Reuters"
    for row in body:  # no text cell starts a formula
        for name, cell in zip(header, row):
            if name not in NUMERIC_FEATURES:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    written, expected = pd.read_csv(csv_out), pd.read_parquet(parquet)
    for column in NUMERIC_FEATURES:  # numbers stay numbers, negative ones too
        assert written[column].dtype.kind == "f", column
        np.testing.assert_array_equal(written[column].to_numpy(float), expected[column].to_numpy(float))
    assert expected["article_id"].tolist() == ids  # Parquet keeps the values as they are
    assert expected["outlet"].iloc[0] == "=cmd|' /C calc'!A0"
    assert "formula" in command.__doc__ and "'" in command.__doc__


# ------------------------------------------------------------------ 4. output is an input

def test_an_output_that_is_an_input_or_its_symlink_is_refused_and_nothing_is_written(tmp_path, capsys):
    frame = pd.DataFrame({"id": ["p0", "p1"], "text": SENTENCES[:2]})
    source = tmp_path / "corpus.parquet"
    frame.to_parquet(source)
    original = source.read_bytes()
    link = tmp_path / "link.parquet"
    link.symlink_to(source)
    folder_link = tmp_path / "folder"
    folder_link.symlink_to(tmp_path)
    for inputs, output in [([source], source), ([link], source), ([source], link),
                           ([source], folder_link / "corpus.parquet"), ([tmp_path / "." / "corpus.parquet"], source)]:
        before = sorted(p.name for p in tmp_path.iterdir())
        assert main([*map(str, inputs), "-o", str(output), "--quiet"]) == 2
        line = _one_clear_line(capsys.readouterr().err)
        assert "input" in line
        assert source.read_bytes() == original and link.is_symlink()
        assert sorted(p.name for p in tmp_path.iterdir()) == before


# ------------------------------------------------------------------ 5. a folder scored into itself

@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_folder_scored_into_itself_never_reads_its_output_or_work_folder(tmp_path, monkeypatch, suffix):
    folder = tmp_path / "corpus"
    folder.mkdir()
    _corpus(folder / "a.jsonl", 3)
    output = folder / f"features{suffix}"
    read = []
    real_chunks = command.iter_chunks

    def spy(source, *args, **kwargs):
        for chunk in real_chunks(source, *args, **kwargs):
            read.extend(chunk["path"].tolist())
            yield chunk

    monkeypatch.setattr(command, "iter_chunks", spy)
    assert main([str(folder), "-o", str(output), "--chunk-size", "2", "--quiet"]) == 0
    assert main([str(folder), "-o", str(output), "--chunk-size", "2", "--quiet"]) == 0  # output now there
    real = _kill_after_first_part(monkeypatch)  # killed: the work folder holds a part and the state
    with pytest.raises(KeyboardInterrupt):
        main([str(folder), "-o", str(output), "--chunk-size", "2", "--quiet"])
    monkeypatch.setattr(command, "_write_atomic_part", real)
    assert main([str(folder), "-o", str(output), "--chunk-size", "2", "--resume", "--quiet"]) == 0
    table = pd.read_parquet(output) if suffix == ".parquet" else pd.read_csv(output)
    assert table["article_id"].tolist() == ["a0", "a1", "a2"]
    assert table["error"].isna().all()
    assert set(read) == {str(folder / "a.jsonl")}


# ------------------------------------------------------------------ 6. repeated ids

def test_repeated_ids_over_the_whole_run_are_made_unique_and_noted_per_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _write_jsonl(folder / "a.jsonl", [{"id": i, "text": SENTENCES[n % 3]} for n, i in enumerate(["x", "x", "y"])])
    pd.DataFrame({"id": ["x", "y", "x#2"], "text": SENTENCES}).to_csv(folder / "b.csv", index=False)
    output = tmp_path / "features.parquet"
    with pytest.warns(UserWarning):
        from analysis import load_corpus
        corpus = load_corpus(folder, chunk_size=2)
    assert main([str(folder), "-o", str(output), "--chunk-size", "2", "--quiet"]) == 0
    table = pd.read_parquet(output)
    ids = table["article_id"].tolist()
    assert ids[:5] == corpus["article_id"].tolist()[:5] == ["x", "x#2", "y", "x#3", "y#2"]
    # b.csv's own "x#2" meets the "x#2" given to a.jsonl's second "x": renamed again, so every id
    # of the output is unique (load_corpus's UniqueIds leaves it a duplicate)
    assert table["article_id"].is_unique and ids[5].startswith("x#2#")
    notes = table["load_problem"].tolist()
    assert notes[5] == f"duplicate article_id x#2: renamed {ids[5]}"
    assert pd.isna(notes[0]) and pd.isna(notes[2])
    assert notes[1] == "duplicate article_id x: renamed x#2" and notes[3] == "duplicate article_id x: renamed x#3"
    assert notes[4] == "duplicate article_id y: renamed y#2"
    assert table["error"].isna().all()  # renamed rows are still scored


# ------------------------------------------------------------------ 7. inputs changed under --resume

@pytest.mark.parametrize("keep_mtime", [True, False])
def test_resume_refuses_an_input_changed_in_place_with_the_same_size(tmp_path, monkeypatch, capsys, keep_mtime):
    source = _corpus(tmp_path / "corpus.jsonl", 4)
    output = tmp_path / "features.parquet"
    real = _kill_after_first_part(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        main([str(source), "-o", str(output), "--chunk-size", "2", "--quiet"])
    monkeypatch.setattr(command, "_write_atomic_part", real)
    before = source.stat()
    data = source.read_bytes()
    changed = data.replace(b"bridge", b"BRIDGE")
    assert changed != data and len(changed) == len(data)
    source.write_bytes(changed)
    if keep_mtime:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert source.stat().st_mtime_ns == before.st_mtime_ns and source.stat().st_size == before.st_size
    capsys.readouterr()
    assert main([str(source), "-o", str(output), "--chunk-size", "2", "--resume", "--quiet"]) == 2
    line = _one_clear_line(capsys.readouterr().err)
    assert "cannot resume" in line and "corpus.jsonl" in line and "--resume" in line and "delete" in line
    assert not output.exists()
    assert len(list((tmp_path / "features.parquet.partial").glob("part-*.parquet"))) == 1  # kept
    assert main([str(source), "-o", str(output), "--chunk-size", "2", "--quiet"]) == 0  # a fresh run
    assert pd.read_parquet(output)["article_id"].tolist() == ["a0", "a1", "a2", "a3"]


# ------------------------------------------------------------------ 8. messages, not tracebacks

def test_a_missing_input_or_an_output_under_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    source = _corpus(tmp_path / "corpus.jsonl")
    assert main([str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out.parquet"), "--quiet"]) == 2
    line = _one_clear_line(capsys.readouterr().err)
    assert "missing.jsonl" in line
    assert not (tmp_path / "out.parquet.partial").exists()
    (tmp_path / "a_file").write_text("x")
    assert main([str(source), "-o", str(tmp_path / "a_file" / "out.parquet"), "--quiet"]) == 2
    line = _one_clear_line(capsys.readouterr().err)
    assert "a_file" in line
    assert main([str(source), "-o", str(tmp_path / "a_file" / "deeper" / "out.csv"), "--quiet"]) == 2
    _one_clear_line(capsys.readouterr().err)
    (tmp_path / "taken.parquet").mkdir()
    assert main([str(source), "-o", str(tmp_path / "taken.parquet"), "--quiet"]) == 2
    assert "taken.parquet" in _one_clear_line(capsys.readouterr().err)


# ------------------------------------------------------------------ 9. nothing left behind

def test_a_failed_start_leaves_no_work_folder(tmp_path, monkeypatch, capsys):
    pd.DataFrame({"headline": ["x"], "body_html": ["<p>y</p>"]}).to_csv(tmp_path / "bad.csv", index=False)
    output = tmp_path / "out.parquet"
    assert main([str(tmp_path / "bad.csv"), "-o", str(output), "--quiet"]) == 2
    assert "no text column" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]

    source = _corpus(tmp_path / "corpus.jsonl")

    def no_cluster(*args, **kwargs):
        raise OSError("Timed out trying to connect to tcp://10.0.0.5:8786")

    monkeypatch.setattr(command, "make_engine", no_cluster)
    assert main([str(source), "-o", str(output), "--quiet"]) != 0
    assert "10.0.0.5" in _one_clear_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "corpus.jsonl"]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_full_disk_during_assembly_leaves_no_temporary_file(tmp_path, monkeypatch, capsys, suffix):
    import pyarrow.parquet as pq

    source = _corpus(tmp_path / "corpus.jsonl")
    output = tmp_path / f"features{suffix}"
    assembling = []
    real_assemble, real_write_table, real_to_csv = command._assemble, pq.ParquetWriter.write_table, pd.DataFrame.to_csv

    def assemble(*args, **kwargs):
        assembling.append(True)
        return real_assemble(*args, **kwargs)

    def write_table(self, *args, **kwargs):
        real_write_table(self, *args, **kwargs)
        if assembling:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def to_csv(self, handle=None, *args, **kwargs):
        if assembling:
            handle.write("article_id,outl")  # half a header, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_to_csv(self, handle, *args, **kwargs)

    monkeypatch.setattr(command, "_assemble", assemble)
    monkeypatch.setattr(pq.ParquetWriter, "write_table", write_table)
    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    assert main([str(source), "-o", str(output), "--chunk-size", "2", "--quiet"]) != 0
    line = _one_clear_line(capsys.readouterr().err)
    assert "No space left on device" in line and str(output) in line and "--resume" in line
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl", f"features{suffix}.partial"]
    assert not [p for p in (tmp_path / f"features{suffix}.partial").iterdir() if p.name.endswith(".tmp")]

    monkeypatch.undo()  # space freed: the scored parts are used, nothing scored again
    assert main([str(output.parent / "corpus.jsonl"), "-o", str(output), "--chunk-size", "2", "--resume",
                 "--quiet"]) == 0
    table = pd.read_parquet(output) if suffix == ".parquet" else pd.read_csv(output)
    assert table["article_id"].tolist() == ["a0", "a1", "a2"]
    assert list(table.columns)[: 2 + len(TABLE_COLUMNS)] == ["article_id", "outlet", *TABLE_COLUMNS]
