"""Starting the console: the application object, language, font, style, and the
login → main window → 退出登录 → login cycle."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from opsdesk import i18n, paths
from opsdesk.models.users import Actor
from opsdesk.ops import auth
from opsdesk.ops.console_start import DEFAULT_IDLE_LOCK_MINUTES, ConsoleStart, console_start, idle_lock_minutes
from opsdesk.store import Store
from opsdesk.ui import poller_control
from opsdesk.ui.alarms.tone import AlarmTone
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.dialogs import error_text
from opsdesk.ui.idle import IdleWatcher
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.lock_screen import LockScreen
from opsdesk.ui.login import LoginDialog
from opsdesk.ui.main_window import MainWindow
from opsdesk.ui.operations import Query, Write, reading
from opsdesk.ui.poller_control import PollerControl
from opsdesk.ui.screens import screen_of
from opsdesk.ui.worker import wait_for_tasks

if TYPE_CHECKING:
    from opsdesk.ui.wall import WallWindow  # imported when first opened: not at start

TRANSLATIONS = paths.RESOURCES / "translations"
STYLE_SHEET = paths.RESOURCES / "style.qss"
ICONS = paths.RESOURCES / "icons"
# Windows duty-room PCs have YaHei; Linux ones the WenQuanYi package (PLATFORM.md).
CJK_FAMILIES = ("WenQuanYi Zen Hei", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
                "Noto Sans CJK SC", "Source Han Sans SC", "SimHei")
FONT_POINT_SIZE = 10
SCREENSHOT_DELAY_S = 0.5

_translators: list[QTranslator] = []


def choose_font(point_size: int = FONT_POINT_SIZE) -> QFont:
    """The first CJK-capable family installed; the system default otherwise."""
    installed = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in installed:
            return QFont(family, point_size)
    font = QFont()
    font.setPointSize(point_size)
    return font


def install_language(app: QCoreApplication, lang: str) -> None:
    """Chinese (default) loads OpsDesk's and Qt's own zh_CN catalogues; English uses
    the source strings. The Qt-free back end follows through :func:`i18n.set_language`."""
    i18n.set_language(lang)
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if i18n.language() == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    from opsdesk.ui.qt_language import load_qt_catalogue

    qt_own = load_qt_catalogue(app)
    if qt_own is not None:  # installed first: OpsDesk's catalogue, installed after, is asked first
        app.installTranslator(qt_own)
        _translators.append(qt_own)
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / "opsdesk_zh_CN.qm")):
        app.installTranslator(ours)
        _translators.append(ours)
    else:
        print(f"OpsDesk: translations not found in {TRANSLATIONS}; showing English.", file=sys.stderr)


def load_style_sheet() -> str:
    """The style sheet with its icon folder filled in (QSS resolves relative URLs
    against the working directory, not the sheet)."""
    try:
        sheet = STYLE_SHEET.read_text(encoding="utf-8")
    except OSError:
        return ""
    return sheet.replace("@ICONS@", ICONS.as_posix())


def setup_app(app: QApplication, lang: str = "zh") -> QApplication:
    app.setApplicationName("OpsDesk")
    app.setOrganizationName("OpsDesk")
    app.setStyle("Fusion")  # the same look on the duty room's Windows PCs and on Linux
    install_language(app, lang)
    app.setFont(choose_font())
    app.setStyleSheet(load_style_sheet())
    collect_garbage_in_gui_thread(app)
    return app


def collect_garbage_in_gui_thread(app: QApplication) -> None:
    """Python's cyclic garbage collector only on the GUI thread, on a timer (pyqtgraph's
    GarbageCollector). Left automatic, a collection may start in a background query's thread
    and free a widget caught in a reference cycle there; Qt then crashes (seen: a segfault a
    few runs in two of the test suite)."""
    if getattr(app, "_opsdesk_gc", None) is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        # On the app: it lives as long as the app it serves (and tests look for it there).
        app._opsdesk_gc = GarbageCollector(interval=1.0)  # type: ignore[attr-defined]  # our own attribute


def create_app(lang: str = "zh") -> QApplication:
    """The QApplication (made once per process), set up for ``lang``."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "opsdesk"])
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is running: the console needs a QApplication")
    return setup_app(app, lang)


def read_start(store: Store, auto_login: str | None = None) -> ConsoleStart:
    """What the console needs before it shows anything (the demo flag, the screenshot login's
    user), read in a thread of its own: no window is up yet, so there is nothing to paint while
    it is waited for, and the GUI thread opens no database session."""
    with ThreadPoolExecutor(1, thread_name_prefix="opsdesk-start") as pool:
        return pool.submit(_read_start, store, auto_login).result()


def _read_start(store: Store, auto_login: str | None) -> ConsoleStart:
    return reading(store, lambda session: console_start(session, auto_login))()


class Console(QObject):
    """Runs the cycle: the lock screen (login), then the main window; 注销登录 and the idle
    lock go back to the lock screen, which keeps the alarms showing and the tone ringing."""

    def __init__(self, store: Store, *, auto_backup: bool = True, start_poller: bool = True,
                 poller_command: Sequence[str] | None = None, demo: bool | None = None) -> None:
        super().__init__()
        self._store = store
        self._auto_backup = auto_backup
        self._demo = demo if demo is not None else read_start(store).demo
        self.lock_screen: LockScreen | None = None
        self.window: MainWindow | None = None
        self.wall: WallWindow | None = None  # the wall display kept showing across logout and lock
        self._last_ctx: ConsoleContext | None = None
        # One poller per console process, kept across logout and login (monitoring goes on),
        # and left running when the console closes (PollerControl).
        self.poller: PollerControl | None = None
        if start_poller and poller_control.AUTO_START:
            self.poller = PollerControl(store, poller_command, parent=self)
        self.tone = AlarmTone(store, parent=self)  # one tone for the whole console, locked or not
        self.idle = IdleWatcher(self)
        self.idle.sig_idle.connect(self.lock)
        self.stopped_monitoring = False

    @property
    def login(self) -> LoginDialog | None:
        return self.lock_screen.login if self.lock_screen is not None else None

    def show_login(self, locked_for: str = "", locked_name: str = "") -> LoginDialog:
        """The lock screen: for anyone to log in, or (``locked_for``) for that user to come back."""
        self._close_lock_screen()
        screen = LockScreen(self._store, demo=self._demo, locked_for=locked_for, locked_name=locked_name,
                            poller=self.poller, tone=self.tone)
        screen.sig_login_succeeded.connect(self._on_login_succeeded)
        screen.sig_wall_requested.connect(self.open_wall)
        self.lock_screen = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()
        self.tone.refresh()  # what waits now rings now, not at the next tick
        return screen.login

    def open_window(self, user: Actor) -> MainWindow:
        ctx = ConsoleContext(self._store, user, self._demo)
        self._last_ctx = ctx
        self.window = MainWindow(ctx, auto_backup=self._auto_backup, poller=self.poller, tone=self.tone)
        self.window.sig_logout_requested.connect(self._on_logout_requested)
        self.window.sig_lock_requested.connect(self.lock)
        self.window.sig_quit_requested.connect(self._on_quit_requested)
        if self.wall is not None:  # the wall kept showing while locked: this window owns it again
            self.window.adopt_wall(self.wall)
            self.wall = None
        self.window.show()
        if self.poller is not None:
            self.poller.watch()  # after login: start one unless a live poller runs elsewhere
        self._watch_idle()
        return self.window

    def _watch_idle(self) -> None:
        """The idle lock, after ``ui.idle_lock_minutes`` (read off the GUI thread)."""
        window = self.window

        def start(minutes: float) -> None:
            if self.window is window and window is not None and window.isVisible() and self.lock_screen is None:
                self.idle.start(minutes)  # not when locked or logged out while the setting was read

        def fallback(exc: BaseException) -> None:  # a busy database: lock after the default time
            print(f"OpsDesk: idle lock setting unreadable ({error_text(exc)}); using "
                  f"{DEFAULT_IDLE_LOCK_MINUTES:g} minutes", file=sys.stderr)
            start(DEFAULT_IDLE_LOCK_MINUTES)

        Query(None, self._store, idle_lock_minutes).success(start).failure(fallback).run()

    def lock(self) -> None:
        """锁定控制台 (Ctrl+L) or the idle lock: the window hides, its screens keep their state,
        and the lock screen shows the alarms until its user (or another) logs in."""
        window = self.window
        if window is None or not window.isVisible():
            return
        self.idle.stop()
        user = window.ctx.user
        self._audit(user.username, auth.LOCK)
        window.hide()
        self.show_login(locked_for=user.username, locked_name=user.display_name)

    def _audit(self, username: str, action: str, reason: str = "") -> None:
        """A lock or logout in the audit trail, written off the GUI thread; the console goes on."""

        def not_written(exc: BaseException) -> None:  # the log says what was not written
            # error_text: a full or read-only disk, a lock is also said in a box, not only here
            print(f"OpsDesk: could not write {action} of {username} to the audit trail: {error_text(exc)}",
                  file=sys.stderr)

        Write(None, self._store, lambda session: auth.record_session_event(session, username, action, reason),
              feed=live_feed(self._store)).failure(not_written).run()

    def _on_login_succeeded(self, user: Actor) -> None:
        window = self.window
        if window is not None and window.ctx.user.username == user.username:
            window.show()  # unlocked: the same session, where it was left
            window.raise_()
            window.activateWindow()
            self._watch_idle()
        else:
            if window is not None:  # another person at a locked console: the first one is logged out
                self._audit(window.ctx.user.username, auth.LOGOUT, "another user logged in at the locked console")
                self.wall = window.release_wall()
                self.window = None
                window.close_quietly()
                window.deleteLater()
            self.open_window(user)
        self._close_lock_screen()

    def _close_lock_screen(self) -> None:
        screen, self.lock_screen = self.lock_screen, None
        if screen is not None:
            screen.close()
            screen.deleteLater()

    def open_wall(self) -> None:
        """F11 on the lock screen: the wall display kept from the last session, or opened again
        with its context (nothing to show before anyone has logged in)."""
        if self.wall is not None:
            self.wall.show_on_display(screen_of(self.lock_screen) if self.lock_screen else None)
            return
        if self.window is not None:
            self.window.open_wall()
        elif self._last_ctx is not None:
            from opsdesk.ui.wall import WallWindow

            self.wall = WallWindow(self._last_ctx)
            self.wall.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.wall.sig_closed.connect(self._on_wall_closed)
            self.wall.show_on_display(screen_of(self.lock_screen) if self.lock_screen else None)

    def _on_wall_closed(self) -> None:
        self.wall = None

    def report_unexpected(self, kind, value, tb) -> None:
        """sys.excepthook while the console runs: an error in a slot is printed and
        shown in the main window's notification place, and the console goes on."""
        traceback.print_exception(kind, value, tb)
        if self.window is not None:
            self.window.notifier.report_problem(error_text(value))

    def _on_logout_requested(self) -> None:
        window, self.window = self.window, None
        self.idle.stop()
        if window is not None:
            self._audit(window.ctx.user.username, auth.LOGOUT)
            self.wall = window.release_wall()  # the wall keeps showing under the lock screen
            if self.wall is not None:
                self.wall.sig_closed.connect(self._on_wall_closed)
        self.show_login()  # shown first, so closing the window does not end the application
        if window is not None:
            window.close_quietly()
            window.deleteLater()

    def _on_quit_requested(self, stopped_monitoring: bool) -> None:
        """The user confirmed 关闭控制台: monitoring goes on unless it was just stopped."""
        self.stopped_monitoring = stopped_monitoring
        if self.poller is not None and not stopped_monitoring:
            self.poller.leave_running()
        if self.window is not None:
            self._audit(self.window.ctx.user.username, auth.LOGOUT, "console closed")
        self.leave()

    def leave(self) -> None:
        """End the application without another question: Qt 6's quit() first closes every
        window, and the main window would ask whether to close. (Not exit(): called outside
        the application's own loop it would make every later event loop return at once.)"""
        if self.window is not None:
            self.window.asks_before_closing = False
        QCoreApplication.quit()


def run_console(
    store: Store,
    *,
    lang: str = "zh",
    screenshot: Path | None = None,
    quit_after: float | None = None,
    auto_login: str | None = None,
    start_poller: bool = True,
    poller_command: Sequence[str] | None = None,
) -> int:
    """Run the console until the user quits; return the exit code.

    ``auto_login`` skips the login for that user of a demo database (screenshots);
    ``screenshot`` saves the main window once it is laid out and quits (without
    starting a poller). ``start_poller`` (and ``poller_control.AUTO_START``, which
    tests turn off) lets the console start ``poller_command`` after login; that
    poller goes on monitoring when the console closes (unless a supervisor stopped
    it from the quit dialog), and the next console finds it by its lock."""
    app = create_app(lang)
    start = read_start(store, auto_login)
    console = Console(store, auto_backup=screenshot is None, start_poller=start_poller and screenshot is None,
                      poller_command=poller_command, demo=start.demo)
    if auto_login:
        user = start.auto_user
        if user is None:
            print(QCoreApplication.translate(
                "Console", "Automatic login is only for an enabled user of the demo database: {name}",
            ).format(name=auto_login), file=sys.stderr)
            return 2
        console.open_window(user)
    else:
        console.show_login()

    outcome = {"code": 0}
    if screenshot is not None:
        delay = quit_after if quit_after is not None else SCREENSHOT_DELAY_S

        def _on_screenshot_due() -> None:
            window = console.window or console.lock_screen  # without auto_login: the lock screen
            if window is None or not save_screenshot(window, Path(screenshot)):
                print(QCoreApplication.translate("Console", "No screenshot could be saved to {path}")
                      .format(path=screenshot), file=sys.stderr)
                outcome["code"] = 1
            console.leave()

        QTimer.singleShot(int(delay * 1000), console, _on_screenshot_due)
    elif quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), console, console.leave)

    previous_hook, sys.excepthook = sys.excepthook, console.report_unexpected
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        if console.poller is not None:
            console.poller.leave_running()  # monitoring outlives the window
        console.idle.stop()
        console.tone.stop()
    wait_for_tasks()
    # Closing windows on the way out must not leave a Quit event behind: processed
    # later it would end the next event loop at once (a second console, a test).
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    if console.window is not None:
        console.window.asks_before_closing = False
    for widget in (console.window, console.lock_screen, console.wall):
        if widget is not None:
            widget.close()
            widget.deleteLater()
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
    app.setQuitOnLastWindowClosed(quit_on_close)
    return outcome["code"] or code


def start_failure_box(text: str) -> QMessageBox:
    """The box that says why the console cannot start (a read-only data folder, a path through
    a file, a database it may not read): the sentence of ``opsdesk.environment`` or the store."""
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Console", "OpsDesk cannot start"), text,
                      QMessageBox.StandardButton.Ok)
    box.setObjectName("startFailureBox")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def report_start_failure(text: str, *, lang: str = "zh", quit_after: float | None = None) -> int:
    """Say ``text`` on stderr (a service's log) and in a box (the user at the duty PC started the
    console with a double-click and sees no terminal); exit code 1 once it is closed.

    The box runs its own event loop (``exec``): there is no window and no application loop
    yet, and nothing else is to be done until the user has read it. ``quit_after`` closes it
    (tests, screenshots)."""
    print(text, file=sys.stderr)
    create_app(lang)
    box = start_failure_box(text)
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), box, box.reject)
    box.exec()
    box.deleteLater()
    return 1


def save_screenshot(widget, path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    return widget.grab().save(str(path), "PNG")
