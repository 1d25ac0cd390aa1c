"""Tasks across forked processes: the same results in the same order, errors raised as if run here."""

from __future__ import annotations

import multiprocessing
import os
import threading
from functools import partial

import pytest

import generator.render.pages as render
from generator.pipeline.build import build
from generator.config import load_config
from generator.errors import TemplateError
from generator.render.forked import _can_fork, run_forked, stream_forked
from test_build import make_fixture_site


def where(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_results_come_back_in_order_from_several_processes():
    assert _can_fork(), "another test left a thread running: forking would be unsafe"
    results = run_forked([partial(where, n) for n in range(50)], jobs=3)
    assert [square for square, _ in results] == [n * n for n in range(50)]
    assert len({pid for _, pid in results}) == 3 and results[0][1] == os.getpid()


def fail_in_children(n: int, parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("only in a child")
    return n


def test_a_share_that_fails_in_a_child_runs_again_here():
    assert run_forked([partial(fail_in_children, n, os.getpid()) for n in range(10)], jobs=2) == list(range(10))


def test_with_another_thread_running_nothing_is_forked():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results = run_forked([partial(where, n) for n in range(10)], jobs=2)
    finally:
        stop.set()
        thread.join()
    assert {pid for _, pid in results} == {os.getpid()}


def test_pages_rendered_across_processes_are_the_pages_rendered_here(tmp_path, annotator, monkeypatch):
    config = load_config(make_fixture_site(tmp_path / "src") / "digest.toml")
    corpus = build(config, annotator=annotator).corpus
    monkeypatch.setattr(render, "PARALLEL_PAGES", 0)
    assert render.render_site(corpus, config, jobs=2) == render.render_site(corpus, config, jobs=1)


def test_a_template_error_in_a_forked_share_names_the_template(tmp_path, annotator, monkeypatch):
    root = make_fixture_site(tmp_path / "src")
    config = load_config(root / "digest.toml")
    corpus = build(config, annotator=annotator).corpus
    (root / "templates/entity.html").write_text("{% block content %}{{ nope.missing }}{% endblock %}\n",
                                                 encoding="utf-8")
    monkeypatch.setattr(render, "PARALLEL_PAGES", 0)
    with pytest.raises(TemplateError) as caught:
        render.render_site(corpus, config, jobs=2)
    assert "entity.html" in str(caught.value)


def test_a_failure_here_leaves_no_child_behind():
    def boom() -> int:
        raise ValueError("here")

    with pytest.raises(ValueError):
        run_forked([boom, *[partial(where, n) for n in range(20)]], jobs=2)
    assert multiprocessing.active_children() == []


def big_result(n: int, log: str) -> bytes:
    with open(log, "a", encoding="utf-8") as file:
        file.write(f"{n}\n")
    return bytes(200_000)


def test_results_are_handed_on_as_they_come_and_children_wait_for_them_to_be_taken(tmp_path):
    log = tmp_path / "ran.txt"
    results = stream_forked([partial(big_result, n, str(log)) for n in range(200)], jobs=2)
    assert len(next(results)) == len(next(results)) == 200_000
    results.close()  # the rest is not wanted: the child is stopped
    assert multiprocessing.active_children() == []
    # The parent ran its first task and the child as many as its pipe holds, not the 200 at once.
    assert 2 <= len(log.read_text(encoding="utf-8").split()) < 50
