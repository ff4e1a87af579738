"""Background calls report success and failure to the GUI thread, never crash."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from opsdesk.ui.worker import LatestRead, run_in_background


class Receiver(QObject):
    sig_done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.result = None
        self.error = None
        self.thread = None

    def on_ok(self, result) -> None:
        self.result, self.thread = result, threading.current_thread()
        self.sig_done.emit()

    def on_error(self, exc) -> None:
        self.error, self.thread = exc, threading.current_thread()
        self.sig_done.emit()


def test_result_comes_back_on_the_gui_thread(qtbot):
    receiver = Receiver()
    worker_threads = []

    def work():
        worker_threads.append(threading.current_thread())
        return 42

    with qtbot.waitSignal(receiver.sig_done, timeout=5000):
        run_in_background(work, receiver.on_ok, receiver.on_error)
    assert receiver.result == 42
    assert receiver.thread is threading.main_thread()
    assert worker_threads[0] is not threading.main_thread()


def test_error_is_delivered_not_raised(qtbot):
    receiver = Receiver()

    def work():
        raise OSError("disk full")

    with qtbot.waitSignal(receiver.sig_done, timeout=5000):
        run_in_background(work, receiver.on_ok, receiver.on_error)
    assert isinstance(receiver.error, OSError) and receiver.result is None


def test_a_receiver_deleted_before_the_answer_is_not_called(qtbot):
    """A screen closed while its query runs: the answer is dropped, nothing crashes."""
    import shiboken6

    receiver = Receiver()
    gate = threading.Event()
    other = Receiver()

    def slow():
        gate.wait(5)
        return 1

    run_in_background(slow, receiver.on_ok, receiver.on_error)
    shiboken6.delete(receiver)
    gate.set()
    with qtbot.waitSignal(other.sig_done, timeout=5000):  # a later task still answers
        run_in_background(lambda: 2, other.on_ok, other.on_error)
    from PySide6.QtCore import QCoreApplication

    from opsdesk.ui import worker

    assert worker.wait_for_tasks(5000)
    QCoreApplication.processEvents()  # the first answer's queued delivery, to nobody
    assert other.result == 2 and worker._dispatcher.pending == {}


def test_garbage_is_collected_only_on_the_gui_thread(console_app, qtbot):
    """The console switches Python's automatic collection off and collects on a GUI-thread
    timer: a collection started by a background query could free a widget in that thread."""
    import gc

    assert console_app._opsdesk_gc is not None and not gc.isenabled()
    threads = []

    class Cycle:
        def __init__(self):
            self.me = self

        def __del__(self):
            threads.append(threading.current_thread())

    for _ in range(3):
        Cycle()
    gc_threshold = gc.get_threshold()[0]
    # enough allocations for the timer to collect, alive until the end of the test
    junk = [[] for _ in range(gc_threshold + 10)]  # noqa: F841 - kept referenced on purpose
    qtbot.waitUntil(lambda: len(threads) == 3, timeout=5000)
    assert set(threads) == {threading.main_thread()}


class View(QObject):
    """A view refreshed by a timer: each read returns what it was asked for."""

    sig_shown = Signal()

    def __init__(self, gate: threading.Event) -> None:
        super().__init__()
        self.gate, self.asked, self.shown, self.room = gate, [], [], 1
        self.read = LatestRead(self.refresh, self.on_read, self.on_failed)

    def refresh(self) -> None:
        room, gate = self.room, self.gate
        self.asked.append(room)

        def fetch():
            gate.wait(5)
            return room

        self.read.start(fetch)

    def on_read(self, room) -> None:
        self.shown.append(room)
        self.sig_shown.emit()

    def on_failed(self, exc) -> None:
        raise AssertionError(exc)


def test_a_refresh_while_reading_is_made_once_afterwards_for_what_is_shown_then(qtbot):
    gate = threading.Event()
    view = View(gate)
    view.refresh()  # room 1, held at the gate
    view.room = 2
    view.refresh()
    view.refresh()  # two more asks while the first is out: one more read, for room 2
    assert view.read.reading and view.shown == []
    gate.set()
    qtbot.waitUntil(lambda: view.shown == [1, 2] and not view.read.reading, timeout=5000)
    assert view.asked == [1, 2, 2, 2]  # the last ask is the read made when the first came in


def test_a_deleted_view_is_not_called_back(qtbot):
    import shiboken6

    gate = threading.Event()
    view = View(gate)
    read = view.read
    view.refresh()
    shiboken6.delete(view)
    gate.set()
    qtbot.waitUntil(lambda: not read.reading, timeout=5000)  # came in, told nobody, raised nothing


class Canary:
    """Records the thread it is freed in (a widget freed outside the GUI thread crashes Qt)."""

    def __init__(self, freed_in: list[str]) -> None:
        self._freed_in = freed_in

    def __del__(self) -> None:
        self._freed_in.append(threading.current_thread().name)


def _held_only_by_the_task(qtbot, fail: bool) -> list[str]:
    """Start a call that holds the only reference to a canary, let go of every other one while
    it runs, and say where the canary was freed."""
    freed_in: list[str] = []
    gate = threading.Event()
    outcomes: list[object] = []

    def make_call():
        canary = Canary(freed_in)

        def call(held=canary):  # held by the call alone once make_call returns
            gate.wait(5)
            if fail:
                raise RuntimeError("the database went away")
            return "read"

        return call

    run_in_background(make_call(), outcomes.append, outcomes.append)
    assert freed_in == []
    gate.set()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert outcomes == ["read"] or isinstance(outcomes[0], RuntimeError)
    outcomes.clear()  # the screen is done with the outcome (a failure's traceback holds the call)
    qtbot.waitUntil(lambda: bool(freed_in), timeout=5000)
    return freed_in


def test_what_a_call_holds_is_freed_in_the_gui_thread(qtbot):
    assert _held_only_by_the_task(qtbot, fail=False) == [threading.main_thread().name]


def test_what_a_failing_call_held_is_freed_in_the_gui_thread(qtbot):
    assert _held_only_by_the_task(qtbot, fail=True) == [threading.main_thread().name]
