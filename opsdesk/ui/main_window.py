"""The console's main window: navigation, the panels the role may use, the status
bar, and the daily backup. It assembles panels and knows none of their insides."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from opsdesk import __version__
from opsdesk.clock import format_local, now
from opsdesk.ops.errors import OpError
from opsdesk.ops.monitoring_control import may_stop_monitoring, record_monitoring_stopped
from opsdesk.ui import dialogs
from opsdesk.ui.alarms.banner import AlarmBanner
from opsdesk.ui.alarms.tone import AlarmTone, MuteButton
from opsdesk.ui.backup_scheduler import BackupScheduler
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections.announce import InspectionStrip
from opsdesk.ui.labels import role_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.notify import Notifier
from opsdesk.ui.operations import Write, failure_text
from opsdesk.ui.panels import PanelSpec, panels_for
from opsdesk.ui.poller_control import PollerControl, carry_out, live_lock_holder, poller_log_tail, release_lock
from opsdesk.ui.poller_status import PollerStatusLabel
from opsdesk.ui.screens import screen_of
from opsdesk.ui.worker import run_in_background

if TYPE_CHECKING:
    from opsdesk.ui.wall import WallWindow  # imported when first opened: not at start

CLOCK_TICK_MS = 15_000
KEY_ROLE = Qt.ItemDataRole.UserRole
HINT_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_SHORTCUTS = 9  # Ctrl+1 … Ctrl+9, in the order the navigation shows


class NavDelegate(QStyledItemDelegate):
    """A navigation entry with its shortcut (Ctrl+3) in small grey letters at the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        hint = index.data(HINT_ROLE)
        if not hint:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.setPen(palette.highlightedText().color() if selected else palette.placeholderText().color())
        rect = QRect(option.rect).adjusted(0, 0, -10, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), hint)
        painter.restore()


class MainWindow(QMainWindow):
    """One logged-in session of the console."""

    sig_logout_requested = Signal()
    """The user chose 注销登录; the application shows the lock screen for anyone to log in."""
    sig_lock_requested = Signal()
    """The user chose 锁定控制台 (Ctrl+L): the lock screen, for this user to come back."""
    sig_quit_requested = Signal(bool)
    """The user confirmed closing the console; True when monitoring was stopped with it."""

    def __init__(self, ctx: ConsoleContext, *, auto_backup: bool = True, poller: PollerControl | None = None,
                 tone: AlarmTone | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._poller = poller
        self.quit_box: QMessageBox | None = None
        self.stopping_monitoring = False  # 停止监控 under way (off the GUI thread)
        self.asks_before_closing = True  # see closeEvent; close_quietly() closes without the question
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.window_title())
        self.resize(1440, 860)
        self.setMinimumSize(QSize(1024, 640))
        self.notifier = Notifier(self)

        self._panels: dict[str, QWidget] = {}  # the screens built so far
        self._specs: dict[str, PanelSpec] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navBar")
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows move between screens
        self.nav.setItemDelegate(NavDelegate(self.nav))
        self.stack = QStackedWidget()
        self.stack.setObjectName("panelStack")
        for spec in panels_for(ctx.user):
            self._add_panel(spec)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)

        brand = QLabel(self.tr("Duty-room console"))
        brand.setObjectName("navBrand")
        brand.setWordWrap(True)
        side = QWidget()
        side.setObjectName("navSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.nav, 1)
        # The banner sits above every panel; it counts alarms by its own query.
        self.alarm_banner = AlarmBanner(ctx.store)
        self.alarm_banner.sig_alarms_requested.connect(self._on_alarms_requested)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        # A new critical alarm rings until acknowledged or muted (静音 beside the banner).
        self._own_tone = tone is None
        self.alarm_tone = tone if tone is not None else AlarmTone(ctx.store, parent=self)
        self.mute_button = MuteButton(self.alarm_tone)
        banner_strip = QHBoxLayout()
        banner_strip.setContentsMargins(0, 0, 0, 0)
        banner_strip.setSpacing(0)
        banner_strip.addWidget(self.alarm_banner, 1)
        banner_strip.addWidget(self.mute_button)
        content_layout.addLayout(banner_strip)
        # Inspections due soon or overdue (R-INSP-3), announced above every panel.
        self.inspection_strip = InspectionStrip(ctx.store, user=ctx.user)
        self.inspection_strip.sig_inspections_requested.connect(self._on_inspections_requested)
        content_layout.addWidget(self.inspection_strip)
        content_layout.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(content, 1)
        self.setCentralWidget(central)

        self._build_menu()
        self._build_shortcuts()
        self._build_status_bar()
        if self.nav.count():
            self.nav.setCurrentRow(0)
        self.nav.setFocus()  # the keyboard starts on the navigation: arrows, Enter, Ctrl+number

        self.backups = BackupScheduler(ctx.store, self)
        self.backups.sig_backup_finished.connect(self._on_backup_finished)
        self.backups.sig_backup_failed.connect(self.notifier.report_problem)
        if auto_backup:
            self.backups.start()

    # -- assembly -------------------------------------------------------------------------
    def window_title(self) -> str:
        title = self.tr("Duty-room operations console")
        if self.ctx.demo:
            title += " — " + self.tr("Demo data")
        return title

    def _add_panel(self, spec: PanelSpec) -> None:
        """A place in the navigation; the screen itself is built when first shown,
        so the console opens on its first screen without building the others."""
        self._specs[spec.key] = spec
        self.stack.addWidget(QWidget())
        item = QListWidgetItem(spec.title())
        item.setData(KEY_ROLE, spec.key)
        item.setSizeHint(QSize(0, 44))
        self.nav.addItem(item)

    def _build_menu(self) -> None:
        system = self.menuBar().addMenu(self.tr("&System"))
        self.action_lock = QAction(self.tr("Lock the console"), self)
        self.action_lock.setShortcut(QKeySequence("Ctrl+L"))
        self.action_lock.setToolTip(self.tr("Lock while you are away; alarms keep showing and ringing."))
        self.action_lock.triggered.connect(self.sig_lock_requested)
        system.addAction(self.action_lock)
        self.action_logout = QAction(self.tr("Log out (hand the console to someone else)"), self)
        self.action_logout.triggered.connect(self._on_logout_triggered)
        system.addAction(self.action_logout)
        system.addSeparator()
        self.action_stop_monitoring = QAction(self.tr("Stop monitoring…"), self)
        self.action_stop_monitoring.triggered.connect(self.request_stop_monitoring)
        self.action_stop_monitoring.setVisible(may_stop_monitoring(self.ctx.user))
        system.addAction(self.action_stop_monitoring)
        system.addSeparator()
        self.action_quit = QAction(self.tr("Close the console…"), self)
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_quit.triggered.connect(self.request_quit)
        system.addAction(self.action_quit)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.action_wall = QAction(self.tr("Wall display"), self)
        self.action_wall.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.action_wall.triggered.connect(self._on_wall_triggered)
        view_menu.addAction(self.action_wall)
        self.wall: WallWindow | None = None  # while open
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.action_about = QAction(self.tr("About"), self)
        self.action_about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(self.action_about)

    def _build_shortcuts(self) -> None:
        """Ctrl+1 … Ctrl+9 open the screens in the order the navigation shows them, Ctrl+, the
        settings; the navigation shows each one's keys. Ctrl+0 puts the focus on the navigation."""
        self.screen_shortcuts: list[QShortcut] = []
        numbered = [row for row, key in enumerate(self.panel_keys()) if key != "settings"][:MAX_SHORTCUTS]
        rows = [(row, QKeySequence(f"Ctrl+{n + 1}")) for n, row in enumerate(numbered)]
        if "settings" in self.panel_keys():
            rows.append((self.panel_keys().index("settings"), QKeySequence("Ctrl+,")))
        for row, keys in rows:
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda row=row: self._on_screen_shortcut(row))
            self.screen_shortcuts.append(shortcut)
            item = self.nav.item(row)
            hint = keys.toString(QKeySequence.SequenceFormat.NativeText)
            item.setData(HINT_ROLE, hint)
            item.setToolTip(self.tr("{screen} ({keys})").format(screen=item.text(), keys=hint))
        focus_nav = QShortcut(QKeySequence("Ctrl+0"), self)
        focus_nav.activated.connect(self.nav.setFocus)

    def _on_screen_shortcut(self, row: int) -> None:
        self.nav.setCurrentRow(row)
        self.focus_screen()

    def focus_screen(self) -> None:
        """The keyboard goes to the shown screen: its ``focus_first()`` where it has one, else
        its first field in tab order."""
        panel = self.stack.currentWidget()
        if panel is None:
            return
        first = getattr(panel, "focus_first", None)
        if callable(first):
            first()
            return
        widget = panel.nextInFocusChain()
        while widget is not None and widget is not panel:
            if (panel.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        user = self.ctx.user
        self.user_label = QLabel(self.tr("User: {user} · {role}").format(user=user.label, role=role_label(user.role)))
        self.user_label.setObjectName("statusUser")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("statusClock")
        self.poller_label = PollerStatusLabel(self.ctx.store, self._poller)
        bar.addPermanentWidget(self.poller_label)
        if self._poller is not None:  # a poller that stops by itself is said, with what it said
            self._poller.sig_poller_finished.connect(self._on_poller_finished)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.clock_label)
        self.demo_badge: QLabel | None = None
        if self.ctx.demo:
            self.demo_badge = QLabel(self.tr("Demo data"))
            self.demo_badge.setObjectName("demoBadge")
            self.demo_badge.setToolTip(self.tr("This database holds demonstration data, not a real site's records."))
            bar.addPermanentWidget(self.demo_badge)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_TICK_MS)
        self._clock.timeout.connect(self._on_clock_ticked)
        self._clock.start()
        self._on_clock_ticked()

    # -- what tests and the application ask -----------------------------------------------
    def panel_keys(self) -> list[str]:
        return [self.nav.item(i).data(KEY_ROLE) for i in range(self.nav.count())]

    def nav_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def panel(self, key: str) -> QWidget:
        """The screen for ``key``, built now if it was not yet."""
        panel = self._panels.get(key)
        if panel is None:
            panel = self._specs[key].factory(self.ctx)
            panel.setObjectName(f"panel_{key}")
            index = self.panel_keys().index(key)
            current = self.stack.currentIndex()
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, panel)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._panels[key] = panel
        return panel

    def show_panel(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.panel_keys().index(key))
        return self.panel(key)

    # -- handlers -------------------------------------------------------------------------
    def _on_nav_row_changed(self, row: int) -> None:
        if row >= 0:
            self.panel(self.panel_keys()[row])
            self.stack.setCurrentIndex(row)

    def _on_clock_ticked(self) -> None:
        self.clock_label.setText(self.tr("Site time {time}").format(time=format_local(now())))

    def _on_alarms_requested(self) -> None:
        if "alarms" in self._specs:
            self.show_panel("alarms")

    def open_wall(self) -> WallWindow:
        """大屏模式: full screen on this console's screen; Esc or F11 there closes it."""
        if self.wall is None:
            from opsdesk.ui.wall import WallWindow  # imported when first opened: not at start

            self.wall = WallWindow(self.ctx)
            self.wall.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.wall.sig_closed.connect(self._on_wall_closed)
        self.wall.show_on_display(screen_of(self))  # not self.screen(): see opsdesk.ui.screens
        return self.wall

    def _on_wall_triggered(self) -> None:
        self.open_wall()

    def _on_wall_closed(self) -> None:
        self.wall = None

    def _on_inspections_requested(self) -> None:
        """The strip was clicked: the calendar, or 待我审核 when sheets wait for this reviewer."""
        if "inspections" in self._specs:
            panel = self.show_panel("inspections")
            if self.inspection_strip.review_count and hasattr(panel, "show_queue"):
                panel.show_queue()

    def _on_poller_finished(self, code: int) -> None:
        """The poller this console started has ended: unless it was stopped on purpose, the
        duty engineer is told at once, with the poller's last words (e.g. a missing key file)."""
        if code == 0 or self._poller is None or self._poller.stopped_by:
            return
        self.poller_label.refresh()
        last = poller_log_tail(self._poller.log_file)
        text = self.tr("Monitoring stopped: the poller ended (exit code {code}). No device is read and no alarm "
                       "is raised until it runs again.").format(code=code)
        self.notifier.report_problem(f"{text}\n{last}" if last else text)

    def _on_backup_finished(self, message: str) -> None:
        self.notifier.report_info(message)

    def _on_logout_triggered(self) -> None:
        self.sig_logout_requested.emit()

    def _on_about_triggered(self) -> None:
        dialogs.show_info(
            self,
            self.tr("Duty-room operations console, version {version}.\n"
                    "For the duty room of a hospital data centre.").format(version=__version__),
            self.tr("About"),
        )

    # -- closing, and monitoring that outlives the window -------------------------------------
    def monitoring_holder(self) -> str | None:
        """Who is monitoring now (``host:pid``), None when no poller holds the lock."""
        try:
            return self._poller.live_holder() if self._poller is not None else live_lock_holder(self.ctx.store)
        except Exception:  # noqa: BLE001 - a busy database: say nothing is known
            return None

    def request_quit(self) -> QMessageBox:
        """关闭控制台…: say what happens to monitoring and ask. Monitoring goes on unless a
        supervisor or an administrator chooses to stop it."""
        if self.quit_box is not None:
            self.quit_box.raise_()
            return self.quit_box
        holder = self.monitoring_holder()
        if holder:
            text = self.tr("Monitoring goes on after the console closes: the poller ({holder}) keeps reading the "
                           "devices and recording alarms. This computer will neither show nor sound them until "
                           "the console is opened again.").format(holder=holder)
        else:
            text = self.tr("No poller is running: after the console closes no device is watched and no alarm "
                           "is raised.")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Close the console"), text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("quitBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keep = box.addButton(self.tr("Close, keep monitoring") if holder else self.tr("Close anyway"),
                             QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("quitKeepButton")
        stop = None
        if holder and may_stop_monitoring(self.ctx.user):
            stop = box.addButton(self.tr("Stop monitoring and close"), QMessageBox.ButtonRole.DestructiveRole)
            stop.setObjectName("quitStopButton")
        elif holder:
            box.setInformativeText(self.tr("Only a supervisor or an administrator may stop monitoring."))
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("quitCancelButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)

        def _on_finished(_result: int) -> None:
            self.quit_box = None
            clicked = box.clickedButton()
            if clicked is keep:
                self.sig_quit_requested.emit(False)
            elif stop is not None and clicked is stop:
                self.stop_monitoring(lambda: self.sig_quit_requested.emit(True))

        box.finished.connect(_on_finished)
        self.quit_box = box
        box.open()
        return box

    def request_stop_monitoring(self) -> QMessageBox:
        """停止监控…: asked first; a supervisor's or an administrator's decision, audited."""
        return dialogs.confirm(
            self, self.tr("Stop monitoring? No device is read and no alarm is raised until the console is "
                          "restarted or the poller service is started again."),
            self.stop_monitoring, self.tr("Stop monitoring"))

    def stop_monitoring(self, then: Callable[[], None] | None = None) -> bool:
        """Stop the poller (this console's or another on this computer) and audit it, off the GUI
        thread (stopping one waits up to a few seconds for it); the menu action is busy meanwhile.
        ``then`` runs once it is done. False when refused at once, True once it is under way."""
        if not may_stop_monitoring(self.ctx.user) or self._poller is None:
            self.notifier.report_problem(self.tr("Only a supervisor or an administrator may stop monitoring."))
            return False
        if self.stopping_monitoring:
            return False
        poller, user, store = self._poller, self.ctx.user, self.ctx.store
        try:
            plan = poller.plan_stop(user.username)
        except OpError as exc:
            self.notifier.report_problem(str(exc))
            return False
        self._set_stopping(True)

        def stopped(dead_pid: int | None) -> None:
            poller.stop_done()

            def audit(session) -> None:
                if dead_pid is not None:
                    release_lock(session, dead_pid)
                record_monitoring_stopped(session, user, plan.holder or "-")

            Write(self, store, audit, feed=live_feed(store)).success(lambda _none: done()).failure(failed).run()

        def done() -> None:
            self._set_stopping(False)
            self.poller_label.refresh()
            self.notifier.report_info(self.tr("Monitoring stopped by {name}.").format(name=user.display_name
                                                                                    or user.username))
            if then is not None:
                then()

        def refused(exc: BaseException) -> None:  # the stopping itself failed (a bug is logged here)
            if isinstance(exc, OpError):
                poller.stop_refused()
            self._set_stopping(False)
            self.notifier.report_problem(str(exc) if isinstance(exc, OpError) else failure_text(exc))

        def failed(exc: BaseException) -> None:  # the audit: said, and the console goes on (logged by Write)
            self._set_stopping(False)
            self.notifier.report_problem(str(exc) if isinstance(exc, OpError) else failure_text(exc, log_bug=False))

        run_in_background(lambda: carry_out(plan), stopped, refused)
        return True

    def _set_stopping(self, busy: bool) -> None:
        self.stopping_monitoring = busy
        self.action_stop_monitoring.setEnabled(not busy)

    def adopt_wall(self, wall: WallWindow) -> None:
        """A wall display kept showing while the console was locked or logged out."""
        self.wall = wall
        try:
            wall.sig_closed.disconnect()
        except (RuntimeError, TypeError):
            pass
        wall.sig_closed.connect(self._on_wall_closed)

    def release_wall(self) -> WallWindow | None:
        """The wall display, handed to whoever keeps it showing after this window closes."""
        wall, self.wall = self.wall, None
        if wall is not None:
            wall.sig_closed.disconnect(self._on_wall_closed)
        return wall

    def close_quietly(self) -> bool:
        """Close without asking (logout, a confirmed quit, the end of the application, tests)."""
        self.asks_before_closing = False
        return self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.asks_before_closing:  # the window's × (or Alt+F4): ask, as 关闭控制台… does
            event.ignore()
            self.request_quit()
            return
        self.backups.stop()
        self._clock.stop()
        self.alarm_banner.stop()
        self.inspection_strip.stop()
        if self._own_tone:
            self.alarm_tone.stop()
        if self.wall is not None:
            self.wall.close()
        self.poller_label.stop()
        super().closeEvent(event)
