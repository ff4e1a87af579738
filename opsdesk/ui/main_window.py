"""The console's main window: navigation, the panels the role may use, the status
bar, and the daily backup. It assembles panels and knows none of their insides."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from opsdesk import __version__
from opsdesk.clock import format_local, now
from opsdesk.ui import dialogs
from opsdesk.ui.alarms.banner import AlarmBanner
from opsdesk.ui.alarms.tone import AlarmTone, MuteButton
from opsdesk.ui.backup_scheduler import BackupScheduler
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections.announce import InspectionStrip
from opsdesk.ui.labels import role_label
from opsdesk.ui.notify import Notifier
from opsdesk.ui.panels import PanelSpec, panels_for
from opsdesk.ui.poller_control import PollerControl
from opsdesk.ui.poller_status import PollerStatusLabel
from opsdesk.ui.screens import screen_of

CLOCK_TICK_MS = 15_000
KEY_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    """One logged-in session of the console."""

    sig_logout_requested = Signal()
    """The user chose 退出登录; the application shows the login again."""

    def __init__(self, ctx: ConsoleContext, *, auto_backup: bool = True, poller: PollerControl | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._poller = poller
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.window_title())
        self.resize(1440, 860)
        self.setMinimumSize(QSize(1024, 640))
        self.notifier = Notifier(self)

        self._panels: dict[str, QWidget] = {}  # the screens built so far
        self._specs: dict[str, PanelSpec] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navBar")
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        self.alarm_tone = AlarmTone(ctx.store, parent=self)
        self.mute_button = MuteButton(self.alarm_tone)
        banner_strip = QHBoxLayout()
        banner_strip.setContentsMargins(0, 0, 0, 0)
        banner_strip.setSpacing(0)
        banner_strip.addWidget(self.alarm_banner, 1)
        banner_strip.addWidget(self.mute_button)
        content_layout.addLayout(banner_strip)
        # Inspections due soon or overdue (R-INSP-3), announced above every panel.
        self.inspection_strip = InspectionStrip(ctx.store)
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
        self._build_status_bar()
        if self.nav.count():
            self.nav.setCurrentRow(0)

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
        self.action_logout = QAction(self.tr("Log out"), self)
        self.action_logout.triggered.connect(self._on_logout_triggered)
        system.addAction(self.action_logout)
        system.addSeparator()
        self.action_quit = QAction(self.tr("Quit"), self)
        self.action_quit.triggered.connect(self.close)
        system.addAction(self.action_quit)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.action_wall = QAction(self.tr("Wall display"), self)
        self.action_wall.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.action_wall.triggered.connect(self._on_wall_triggered)
        view_menu.addAction(self.action_wall)
        self.wall = None  # the WallWindow while open
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.action_about = QAction(self.tr("About"), self)
        self.action_about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(self.action_about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        user = self.ctx.user
        self.user_label = QLabel(self.tr("User: {user} · {role}").format(user=user.label, role=role_label(user.role)))
        self.user_label.setObjectName("statusUser")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("statusClock")
        self.poller_label = PollerStatusLabel(self.ctx.store, self._poller)
        bar.addPermanentWidget(self.poller_label)
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

    def open_wall(self):
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
        if "inspections" in self._specs:
            self.show_panel("inspections")

    def _on_backup_finished(self, message: str) -> None:
        self.notifier.report_info(message)

    def _on_logout_triggered(self) -> None:
        self.sig_logout_requested.emit()

    def _on_about_triggered(self) -> None:
        dialogs.show_info(
            self,
            self.tr("Duty-room operations console, version {version}.\nFor the duty room of a hospital data centre.").format(
                version=__version__),
            self.tr("About"),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.backups.stop()
        self._clock.stop()
        self.alarm_banner.stop()
        self.inspection_strip.stop()
        self.alarm_tone.stop()
        if self.wall is not None:
            self.wall.close()
        self.poller_label.stop()
        super().closeEvent(event)
