"""审计日志 (supervisors and administrators): the hash-chained audit trail
(R-SEC-2), newest first, with before/after of each change and the chain check."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import format_local
from opsdesk.models.users import Principal
from opsdesk.ops import audit_trail
from opsdesk.ops.audit_trail import AuditRow
from opsdesk.store import Store
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import action_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import failure_text, reading
from opsdesk.ui.worker import LatestRead, run_in_background

SHOWN_ENTRIES = 2000  # the newest; the chain check still walks every entry
AUDIT_COLUMNS = ("at", "actor", "action", "summary")


def _read(store: Store, actor: Principal) -> list[AuditRow]:
    """Off the GUI thread (the worker's own read session): the newest entries."""
    return reading(store, lambda session: audit_trail.audit_rows(session, actor, SHOWN_ENTRIES))()


def when(row: AuditRow) -> str:
    return format_local(row.at, seconds=True)


def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else len(AUDIT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("By"), self.tr("Action"), self.tr("Summary"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        key = AUDIT_COLUMNS[index.column()]
        if key == "action":
            return action_label(row.action)
        return when(row) if key == "at" else getattr(row, key)


def _verify(store) -> tuple[bool, str]:
    """Off the UI thread: walk the whole chain against the newest backup's head."""
    report = audit_trail.check(store)
    return report.status == "intact", report.message()


class AuditPanel(QWidget):
    """Read-only view of the audit trail with its integrity check."""

    sig_entries_loaded = Signal(int)
    """Number of entries listed."""
    sig_chain_verified = Signal(bool, str)
    """(chain intact, the report's message)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.verifying = False
        self._read = LatestRead(self.reload, self._on_read, self._on_read_failed)

        title = QLabel(self.tr("Audit log"))
        title.setObjectName("panelTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.verify_button = QPushButton(self.tr("Verify audit chain"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setProperty("primary", True)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.reload)
        self.chain_label = QLabel(self.tr("The chain has not been checked in this session."))
        self.chain_label.setObjectName("chainLabel")
        self.chain_label.setWordWrap(True)

        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((140, 110, 150)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.details = QPlainTextEdit()
        self.details.setObjectName("auditDetails")
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setPlaceholderText(self.tr("Select an entry to see what it changed."))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        bar = QHBoxLayout()
        bar.addWidget(self.verify_button)
        bar.addWidget(self.chain_label, 1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        live_feed(ctx.store).sig_records_changed.connect(self._on_records_changed)
        self.reload()

    def reload(self) -> None:
        """Read the newest entries (off the GUI thread; one read at a time)."""
        store, actor = self.ctx.store, self.ctx.user
        self._read.start(lambda: _read(store, actor))

    @property
    def loading(self) -> bool:
        """A read is out (or one more is wanted after it)."""
        return self._read.reading

    def _on_read(self, rows: list[AuditRow]) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{n} newest entries").format(n=len(rows)))
        self.details.clear()
        self.sig_entries_loaded.emit(len(rows))

    def _on_read_failed(self, exc: BaseException) -> None:
        dialogs.show_error(self, failure_text(exc))

    def _on_records_changed(self, kind: str) -> None:
        """Every change is audited: a new entry, by anyone, shows while the log is open."""
        if kind == "audit_entry":
            if self.isVisible():
                self.reload()  # hidden: read when shown

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # entries written while the log was hidden, or before the feed's first read

    def details_text(self, row: AuditRow) -> str:
        parts = [
            self.tr("Entry {id} · {time} · {actor}").format(id=row.id, time=when(row), actor=row.actor),
            self.tr("Action: {action} ({code})").format(action=action_label(row.action), code=row.action),
            self.tr("Object: {entity} {id}").format(entity=row.entity, id=row.entity_id).strip(),
            row.summary,
            "",
            self.tr("Before:"),
            _pretty(row.before) if row.before is not None else self.tr("(nothing)"),
            "",
            self.tr("After:"),
            _pretty(row.after) if row.after is not None else self.tr("(nothing)"),
        ]
        return "\n".join(parts)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.details.setPlainText(self.details_text(self.model.row_at(current.row())))

    def _on_verify_clicked(self) -> None:
        self.verify()

    def verify(self) -> None:
        if self.verifying:
            return
        self.verifying = True
        self.verify_button.setEnabled(False)
        self.chain_label.setText(self.tr("Checking the audit chain…"))
        self.chain_label.setProperty("state", "")
        self._repolish(self.chain_label)
        store = self.ctx.store
        run_in_background(lambda: _verify(store), self._on_verify_succeeded, self._on_verify_failed)

    def _on_verify_succeeded(self, outcome: tuple[bool, str]) -> None:
        ok, message = outcome
        self._show_chain_state(ok, message)

    def _on_verify_failed(self, exc: BaseException) -> None:
        self._show_chain_state(False, failure_text(exc))  # a bug's traceback goes to the log

    def _show_chain_state(self, ok: bool, message: str) -> None:
        self.verifying = False
        self.verify_button.setEnabled(True)
        self.chain_label.setText(message)
        self.chain_label.setProperty("state", "ok" if ok else "broken")
        self._repolish(self.chain_label)
        self.sig_chain_verified.emit(ok, message)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

