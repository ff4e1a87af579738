"""Child process of the ``startup`` figure; run in a fresh interpreter each time.

    python bench/_startup_child.py bare|opsdesk

Both modes make the QApplication (OpsDesk after the imports its entry point makes
first) and install the same event filter, then build their window and enter the
event loop; OpsDesk's ``create_app()`` reuses that QApplication. At the main window's first paint a
zero-delay timer is queued; when it fires, the whole first frame has been painted
and the event loop is idle again. The child then prints ``SHOWN <t0> <t1>`` —
``time.perf_counter()`` at its first line and at that moment — and exits at once,
so tear-down is never timed. (On Linux, macOS and Windows ``perf_counter`` is a
system-wide monotonic clock, so the parent can compare it with its own.)
"""

import time

T0 = time.perf_counter()

import os  # noqa: E402 - T0 is taken before any import, this one included
import sys  # noqa: E402 - T0 is taken before any import, this one included


def main(mode: str) -> None:
    profile_to = os.environ.get("OPSDESK_BENCH_PROFILE")  # bench --profile: cProfile up to the first paint
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()

    if mode == "opsdesk":
        # What cli.main and cmd_console do before the window, in their order: the
        # back end is imported and the store opened before PySide6 is imported.
        import opsdesk.ops.backup
        import opsdesk.ops.register_csv
        import opsdesk.ops.users
        from opsdesk.cli import build_parser, open_store
        from opsdesk.demo.seed import DEMO_USERS  # noqa: F401 - imported as cli.main imports it, for the timing
        from opsdesk.i18n import set_language
        from opsdesk.models.meta import is_demo  # noqa: F401 - imported as cli.main imports it, for the timing

        args = build_parser().parse_args([])
        set_language(args.lang)
        store = open_store(args)  # the demo database in OPSDESK_HOME
        import opsdesk.ui.app
        from opsdesk.ui.app import run_console

        if os.environ.get("OPSDESK_BENCH_TRANSLATIONS"):  # bench/common.py private_translations()
            from pathlib import Path

            opsdesk.ui.app.TRANSLATIONS = Path(os.environ["OPSDESK_BENCH_TRANSLATIONS"])
        from opsdesk.ui.poller_control import PollerControl

        # The console starts its poller child after login, before the first paint: that
        # stays in the timed start. Remember it, so the untimed tear-down can stop it
        # (an orphan would outlive the run and write into the bench's folders).
        started_pollers: list[PollerControl] = []
        original_start = PollerControl.start

        def remembering_start(self: PollerControl) -> bool:
            started_pollers.append(self)
            return original_start(self)

        PollerControl.start = remembering_start

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])  # OpsDesk's create_app() reuses this instance

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, obj, event):  # Qt override
            if not self.seen and event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
                self.seen = True
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            t1 = time.perf_counter()
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(profile_to)
            sys.stdout.write(f"SHOWN {T0!r} {t1!r}\n")
            sys.stdout.flush()
            sys.stderr.flush()
            if mode == "opsdesk":
                for control in started_pollers:  # after t1: never timed
                    control.stop()
            os._exit(0)

    spy = FirstPaint()
    app.installEventFilter(spy)

    if mode == "bare":
        window = QMainWindow()
        window.resize(1360, 820)  # OpsDesk's main window size: the same pixels to paint
        window.show()
        app.exec()
    elif mode == "opsdesk":
        # What `opsdesk` (no arguments) does, except that the demo's duty engineer is
        # logged in directly, so the main window is what appears.
        run_console(store, lang=args.lang, screenshot=None, quit_after=None, auto_login="zhangwei")
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    # Reaching here means the event loop ended without a main window ever painting.
    sys.stderr.write("the event loop ended before a main window was painted\n")
    sys.exit(3)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bare")
