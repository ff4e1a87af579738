"""Starting the console: the application object, language, font, style, and the
login → main window → 退出登录 → login cycle."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from opsdesk import i18n, paths
from opsdesk.models.meta import is_demo
from opsdesk.models.users import User
from opsdesk.store import Store
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.dialogs import error_text
from opsdesk.ui.login import LoginDialog
from opsdesk.ui import poller_control
from opsdesk.ui.main_window import MainWindow
from opsdesk.ui.poller_control import PollerControl
from opsdesk.ui.worker import wait_for_tasks

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
    qt_own = QTranslator(app)
    if qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
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

        app._opsdesk_gc = GarbageCollector(interval=1.0)


def create_app(lang: str = "zh") -> QApplication:
    """The QApplication (made once per process), set up for ``lang``."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "opsdesk"])
    return setup_app(app, lang)


def _find_user(store: Store, username: str) -> User | None:
    with store.read() as session:
        if not is_demo(session):
            return None  # logging in without a password is for the demo's screenshots only
        user = session.scalars(select(User).where(User.username == username)).first()
        return user if user is not None and not user.disabled else None


class Console(QObject):
    """Runs the cycle: login dialog, then the main window; 退出登录 goes back."""

    def __init__(self, store: Store, *, auto_backup: bool = True, start_poller: bool = True,
                 poller_command: Sequence[str] | None = None) -> None:
        super().__init__()
        self._store = store
        self._auto_backup = auto_backup
        with store.read() as session:
            self._demo = is_demo(session)
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        # One poller per console process, kept across logout and login (monitoring goes on).
        self.poller: PollerControl | None = None
        if start_poller and poller_control.AUTO_START:
            self.poller = PollerControl(store, poller_command, parent=self)

    def show_login(self) -> LoginDialog:
        self.login = LoginDialog(self._store)
        self.login.sig_login_succeeded.connect(self._on_login_succeeded)
        self.login.show()
        return self.login

    def open_window(self, user: User) -> MainWindow:
        ctx = ConsoleContext(self._store, user, self._demo)
        self.window = MainWindow(ctx, auto_backup=self._auto_backup, poller=self.poller)
        self.window.sig_logout_requested.connect(self._on_logout_requested)
        self.window.show()
        if self.poller is not None:
            self.poller.watch()  # after login: start one unless a live poller runs elsewhere
        return self.window

    def stop_poller(self) -> None:
        if self.poller is not None:
            self.poller.stop()

    def _on_login_succeeded(self, user: User) -> None:
        self.open_window(user)
        if self.login is not None:
            self.login.deleteLater()
            self.login = None

    def report_unexpected(self, kind, value, tb) -> None:
        """sys.excepthook while the console runs: an error in a slot is printed and
        shown in the main window's notification place, and the console goes on."""
        traceback.print_exception(kind, value, tb)
        if self.window is not None:
            self.window.notifier.report_problem(error_text(value))

    def _on_logout_requested(self) -> None:
        window, self.window = self.window, None
        self.show_login()  # shown first, so closing the window does not end the application
        if window is not None:
            window.close()
            window.deleteLater()


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
    tests turn off) lets the console start ``poller_command`` after login; the
    poller it started is stopped on the way out."""
    app = create_app(lang)
    console = Console(store, auto_backup=screenshot is None, start_poller=start_poller and screenshot is None,
                      poller_command=poller_command)
    if auto_login:
        user = _find_user(store, auto_login)
        if user is None:
            print(QCoreApplication.translate("Console", "Automatic login is only for an enabled user of the demo database: {name}")
                  .format(name=auto_login), file=sys.stderr)
            return 2
        console.open_window(user)
    else:
        console.show_login()

    outcome = {"code": 0}
    if screenshot is not None:
        delay = quit_after if quit_after is not None else SCREENSHOT_DELAY_S

        def _on_screenshot_due() -> None:
            window = console.window or console.login  # without auto_login: the login screen
            if window is None or not save_screenshot(window, Path(screenshot)):
                print(QCoreApplication.translate("Console", "No screenshot could be saved to {path}").format(path=screenshot),
                      file=sys.stderr)
                outcome["code"] = 1
            app.quit()

        QTimer.singleShot(int(delay * 1000), console, _on_screenshot_due)
    elif quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), console, app.quit)

    previous_hook, sys.excepthook = sys.excepthook, console.report_unexpected
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        console.stop_poller()
    wait_for_tasks()
    # Closing windows on the way out must not leave a Quit event behind: processed
    # later it would end the next event loop at once (a second console, a test).
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    for widget in (console.window, console.login):
        if widget is not None:
            widget.close()
            widget.deleteLater()
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
    app.setQuitOnLastWindowClosed(quit_on_close)
    return outcome["code"] or code


def save_screenshot(widget, path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    return widget.grab().save(str(path), "PNG")
