"""`digest build`'s pages are staged by a thread of their own: in their order, with the sink's errors raised."""

from __future__ import annotations

import threading
import time

import pytest

from generator.model import Page
from generator.pipeline.hooks import WrittenAside


class Sink:
    """A page sink that notes what it is given, from which thread, and fails on the page named `failing`."""

    def __init__(self, failing: str = "", gate: threading.Event | None = None) -> None:
        self.added: list[str] = []
        self.threads: set[str] = set()
        self.events: list[str] = []
        self.failing, self.gate = failing, gate
        self.reached = threading.Event()
        """Set when the first page reaches `add` (the writer holds it there while the gate is shut)."""

    def __enter__(self) -> Sink:
        self.events.append("enter")
        return self

    def __exit__(self, *exc: object) -> None:
        self.events.append("exit")

    def add(self, page: Page) -> None:
        self.reached.set()
        if self.gate is not None:
            self.gate.wait(timeout=60)
        self.threads.add(threading.current_thread().name)
        if page.path == self.failing:
            raise OSError(28, "No space left on device")
        self.added.append(page.path)

    def finish(self) -> int:
        self.events.append("finish")
        return len(self.added)


def pages(n: int) -> list[Page]:
    return [Page(f"p{k}/index.html", b"x") for k in range(n)]


def test_the_pages_reach_the_sink_in_their_order_from_another_thread():
    sink = Sink()
    with WrittenAside(sink) as aside:
        for page in pages(1000):
            aside.add(page)
        assert aside.finish() == 1000
    assert sink.added == [p.path for p in pages(1000)]
    assert sink.threads == {"digest-writer"} and sink.events == ["enter", "finish", "exit"]


def test_an_error_of_the_sink_is_raised_where_the_pages_come_from():
    sink = Sink(failing="p3/index.html")
    with pytest.raises(OSError, match="No space"):
        with WrittenAside(sink) as aside:
            for page in pages(10):
                aside.add(page)
            aside.finish()
    assert sink.added == ["p0/index.html", "p1/index.html", "p2/index.html"]
    assert "finish" not in sink.events and sink.events[-1] == "exit"


def test_leaving_early_drops_the_pages_still_waiting():
    gate = threading.Event()
    sink = Sink(gate=gate)  # the writer holds the first page until the gate opens

    def open_once_leaving(aside: WrittenAside) -> None:
        while not aside._dropping:
            time.sleep(0.001)
        gate.set()

    with pytest.raises(KeyboardInterrupt):
        with WrittenAside(sink) as aside:
            for page in pages(50):
                aside.add(page)
            assert sink.reached.wait(timeout=60)  # the writer holds the first page: the rest wait
            threading.Thread(target=open_once_leaving, args=(aside,)).start()
            raise KeyboardInterrupt
    assert sink.added == ["p0/index.html"] and sink.events == ["enter", "exit"]
