"""Hostile conditions for the scoring engines and the parse: a killed parent, absurd --jobs,
bad Dask schedulers, and articles beyond spaCy's length limit."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from analysis.table import engines
from analysis.text import document

# ---------------------------------------------------------------------------------------------
# 4. texts beyond the parse limit are parsed in pieces


def test_a_text_beyond_the_limit_is_parsed_whole(monkeypatch):
    paragraph = "The minister said it was likely. Officials told Reuters it may rain.\n\n"
    text = paragraph * 40
    monkeypatch.setattr(document, "MAX_CHARS", 1000)
    parsed = document.parse_article(text)
    assert parsed.doc.text == text
    assert parsed.sentences[-1][1] == len(text.rstrip())
    assert len(parsed.sentences) == 80
    for start, end in parsed.sentences:
        assert text[start:end] in paragraph


def test_texts_under_the_limit_parse_as_before(monkeypatch):
    text = "The minister said it was likely. Officials told Reuters it may rain.\n\n" * 3
    before = document.parse_article(text)
    monkeypatch.setattr(document, "MAX_CHARS", 10_000)
    after = document.parse_article(text)
    assert [(t.idx, t.tag_, t.dep_, t.head.i) for t in before.doc] == [(t.idx, t.tag_, t.dep_, t.head.i) for t in after.doc]


def test_split_for_parse_cuts_at_paragraphs_then_sentences_then_spaces():
    text = "a" * 50 + "\n\n" + "Bb. " * 30 + "c " * 40
    pieces = document.split_for_parse(text, 60)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 60 for p in pieces)
    assert pieces[0] == "a" * 50 + "\n\n"
    assert document.split_for_parse("x" * 130, 60) == ["x" * 60, "x" * 60, "x" * 10]


# ---------------------------------------------------------------------------------------------
# 5. workers die with their parent

PARENT = textwrap.dedent("""
    import os, sys, time
    from analysis.table import engines
    engines._warm_worker = getattr(engines, "_die_with_parent", os.getpid)  # skip the models: only the lifeline is tested
    engine = engines.ProcessEngine(2)
    [f.result() for f in [engine.pool.submit(time.sleep, 0.3) for _ in range(2)]]
    print(" ".join(str(p) for p in engine.pool._processes), flush=True)
    time.sleep(120)
""")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_exit_when_their_parent_dies(sig):
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        parent.send_signal(sig)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 8
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers), "orphaned workers"
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in workers if "workers" in locals() else ():
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------
# 6. worker counts are capped


def test_cap_workers_at_cpus_and_tasks(capsys, monkeypatch):
    monkeypatch.setattr(engines.os, "cpu_count", lambda: 4)
    assert engines.cap_workers(1000) == 4
    assert "1000" in capsys.readouterr().err
    assert engines.cap_workers(3, tasks=1) == 1
    assert "1 task" in capsys.readouterr().err
    assert engines.cap_workers(2, tasks=10) == 2
    assert capsys.readouterr().err == ""
    assert engines.cap_workers(1, tasks=0) == 1


def test_make_engine_caps_the_process_pool(monkeypatch, capsys):
    monkeypatch.setattr(engines.os, "cpu_count", lambda: 2)
    engine = engines.make_engine("process", 1000)
    try:
        assert engine.n_jobs == 2
    finally:
        engine.close()
    assert "1000" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# 7. bad Dask schedulers


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_one_clear_error():
    started = time.monotonic()
    with pytest.raises(ConnectionError) as error:
        engines.DaskEngine(scheduler=f"tcp://127.0.0.1:{_closed_port()}", connect_timeout=2)
    assert time.monotonic() - started < 10
    message = str(error.value)
    assert "scheduler" in message and "\n" not in message


def test_an_address_that_is_not_dask_is_one_clear_error():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def answer():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nhello, I am not dask\r\n" * 20)
                    time.sleep(0.3)
                except OSError:
                    pass

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        with pytest.raises(ConnectionError) as error:
            engines.DaskEngine(scheduler=f"tcp://127.0.0.1:{server.getsockname()[1]}", connect_timeout=3)
        assert time.monotonic() - started < 10
        message = str(error.value)
        assert "scheduler" in message and "\n" not in message and "EiB" not in message
    finally:
        stop.set()
        thread.join(2)
        server.close()
