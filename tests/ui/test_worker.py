"""Background calls report success and failure to the GUI thread, never crash."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from opsdesk.ui.worker import run_in_background


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
    junk = [[] for _ in range(gc_threshold + 10)]  # enough allocations for the timer to collect  # noqa: F841
    qtbot.waitUntil(lambda: len(threads) == 3, timeout=5000)
    assert set(threads) == {threading.main_thread()}
