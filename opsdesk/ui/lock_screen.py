"""The screen a console shows while nobody is logged in, or while it is locked: the
login, and above it what the duty room must still see and hear — the alarm banner,
the tone (with 静音), the newest alarms that need someone, and whether a poller is
monitoring. A console is never silent because its user logged out or walked away.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import format_local
from opsdesk.ops.lock_view import AlarmLine, newest_alarms
from opsdesk.store import Store
from opsdesk.ui.alarms.banner import AlarmBanner
from opsdesk.ui.alarms.tone import AlarmTone, MuteButton
from opsdesk.ui.dialogs import error_text
from opsdesk.ui.labels import SEVERITY_COLOURS, severity_label
from opsdesk.ui.live_feed import ALARM_KINDS, live_feed
from opsdesk.ui.login import LoginDialog
from opsdesk.ui.operations import reading
from opsdesk.ui.poller_control import PollerControl
from opsdesk.ui.poller_status import PollerStatusLabel
from opsdesk.ui.worker import LatestRead


class LockScreen(QWidget):
    """One window: the alarm strip, the newest alarms, the poller's status and the login."""

    sig_login_succeeded = Signal(object)
    """The :class:`Actor` who logged in or unlocked."""
    sig_wall_requested = Signal()
    """F11: the wall display (it stays up while the console is locked)."""

    def __init__(self, store: Store, *, demo: bool = False, locked_for: str = "", locked_name: str = "",
                 poller: PollerControl | None = None, tone: AlarmTone | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._store = store
        self.locked_for = locked_for
        title = self.tr("Duty-room operations console")
        if locked_for:
            title += " — " + self.tr("Locked")
        if demo:
            title += " — " + self.tr("Demo data")
        self.setWindowTitle(title)
        self.resize(1280, 800)
        self.setMinimumSize(QSize(960, 640))

        self.alarm_banner = AlarmBanner(store)
        self.alarm_banner.sig_alarms_requested.connect(self._on_banner_clicked)
        self.alarm_tone = tone if tone is not None else AlarmTone(store, parent=self)
        self.mute_button = MuteButton(self.alarm_tone)
        strip = QHBoxLayout()
        strip.setContentsMargins(0, 0, 0, 0)
        strip.setSpacing(0)
        strip.addWidget(self.alarm_banner, 1)
        strip.addWidget(self.mute_button)

        heading = QLabel(self.tr("Newest alarms that need someone"))
        heading.setObjectName("lockAlarmsHeading")
        self.alarm_table = QTableWidget(0, 4)
        self.alarm_table.setObjectName("lockAlarms")
        self.alarm_table.setHorizontalHeaderLabels(
            [self.tr("Raised"), self.tr("Severity"), self.tr("Device"), self.tr("Alarm")])
        self.alarm_table.verticalHeader().hide()
        self.alarm_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.alarm_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.alarm_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.alarm_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.alarm_note = QLabel()
        self.alarm_note.setObjectName("lockAlarmsNote")
        self.poller_label = PollerStatusLabel(store, poller)

        alarms = QVBoxLayout()
        alarms.setContentsMargins(24, 16, 12, 16)
        alarms.addWidget(heading)
        alarms.addWidget(self.alarm_table, 1)
        alarms.addWidget(self.alarm_note)
        alarms.addWidget(self.poller_label)

        self.login = LoginDialog(store, self, locked_for=locked_for, locked_name=locked_name, demo=demo)
        self.login.setWindowFlags(Qt.WindowType.Widget)  # a part of this window, not a dialog of its own
        self.login.sig_login_succeeded.connect(self.sig_login_succeeded)
        self.login.rejected.connect(self.close)  # its 退出 button
        login_side = QVBoxLayout()
        login_side.setContentsMargins(12, 16, 24, 16)
        login_side.addStretch(1)
        login_side.addWidget(self.login)
        login_side.addStretch(2)

        body = QHBoxLayout()
        body.addLayout(alarms, 3)
        body.addLayout(login_side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(strip)
        layout.addLayout(body, 1)

        wall = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        wall.activated.connect(self.sig_wall_requested)
        self._read = LatestRead(self.refresh, self._on_loaded, self._on_load_failed)
        self.lines: list[AlarmLine] = []
        self._feed = live_feed(store)
        self._feed.sig_records_changed.connect(self._on_records_changed)
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        target = self.login.password_edit if self.locked_for else self.login.username_edit
        target.setFocus()

    def refresh(self) -> None:
        """The newest alarms, read off the GUI thread (again whenever the live feed says alarms changed)."""
        store = self._store

        self._read.start(reading(store, newest_alarms))

    def _on_records_changed(self, kind: str) -> None:
        if kind in ALARM_KINDS:
            self.refresh()

    def _on_loaded(self, lines: list[AlarmLine]) -> None:
        self.lines = lines
        table = self.alarm_table
        table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            state = "" if line.active else self.tr("(cleared, not acknowledged)")
            if line.acked_by:
                state = self.tr("(acknowledged by {name})").format(name=line.acked_by)
            cells = [format_local(line.raised_at, seconds=True), severity_label(line.severity), line.device,
                     f"{line.message} {state}".strip()]
            colours = SEVERITY_COLOURS.get(line.severity)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{line.site} {line.device}".strip() if column == 2 else text)
                if column == 1 and colours is not None:
                    background, foreground = colours
                    item.setBackground(background)
                    item.setForeground(foreground)
                table.setItem(row, column, item)
        self.alarm_note.setText(self.tr("No alarm needs anyone now.") if not lines else
                                self.tr("Log in to acknowledge them."))

    def _on_load_failed(self, exc: BaseException) -> None:
        self.alarm_note.setText(error_text(exc))  # the feed's next change tries again

    def _on_banner_clicked(self) -> None:
        self.login.password_edit.setFocus() if self.locked_for else self.login.username_edit.setFocus()

    def stop(self) -> None:
        """Its subscriptions, before the window goes (the tone belongs to whoever made it)."""
        try:
            self._feed.sig_records_changed.disconnect(self._on_records_changed)
        except (RuntimeError, TypeError):  # already disconnected
            pass
        self.alarm_banner.stop()
        self.poller_label.stop()

    def closeEvent(self, event) -> None:
        self.stop()
        super().closeEvent(event)
