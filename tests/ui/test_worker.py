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
