"""设置 (supervisors and administrators): every shared setting and every room's own limits,
the same keys and checks as ``opsdesk settings`` (the screen calls the same ops).

The form is built from what :func:`opsdesk.ops.settings_ops.settings_view` lists, so a key
added to SPECS shows here without a change to this file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models.settings import ROOM_LIMIT_KEYS
from opsdesk.models.users import Principal
from opsdesk.ops import settings_ops
from opsdesk.ops.settings_ops import SettingsRefused, SettingsView
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.settings.editors import RoomLimitsEditor, SettingRow

ROOMS_SECTION = "rooms"
EDITOR_WIDTH = 160
DEFAULT_WIDTH = 110
SHOWN_KINDS = frozenset({"setting", "room"})  # a room's own limits are kept on the room


def _save(actor: Principal, values: dict[str, Any], rooms: dict, seen: dict[str, Any],
          versions: dict[int, int]) -> Callable[[Any], tuple[int, SettingsView]]:
    """For the runner: one write transaction (all or nothing), and the view as it then stands."""
    def run(session: Any) -> tuple[int, SettingsView]:
        count = settings_ops.save_settings(session, actor, values, rooms, seen=seen, room_versions=versions)
        session.flush()
        return count, settings_ops.settings_view(session, actor)
    return run


class SettingsPanel(QWidget):
    """Sections of settings in two columns, 还原 and 保存 (Ctrl+S) below."""

    sig_settings_loaded = Signal(int)
    """Number of settings shown after a read."""
    sig_settings_saved = Signal(int)
    """Number of settings and rooms saved."""
    sig_save_refused = Signal(str)
    """Nothing was saved; the refusal as the user reads it."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: SettingsView | None = None
        self.rows: dict[str, SettingRow] = {}
        self.rooms: dict[int, RoomLimitsEditor] = {}
        self._loading = False
        self._saving = False
        self._focus_chain: list[QWidget] = []

        title = QLabel(self.tr("Settings"))
        title.setObjectName("panelTitle")
        note = QLabel(self.tr("Shared by every console of this site; each change is kept in the audit log."))
        note.setObjectName("hintLabel")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(note)
        top.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("settingsScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(QWidget())

        self.status_label = QLabel()
        self.status_label.setObjectName("countLabel")
        self.error_label = QLabel()
        self.error_label.setObjectName("settingsError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setObjectName("revertButton")
        self.revert_button.setToolTip(self.tr("Discard the changes not yet saved"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(self.tr("Save the changes (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label)
        bottom.addWidget(self.error_label, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bottom)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        self._update_state()
        live_feed(ctx.store).sig_records_changed.connect(self._on_records_changed)
        self.reload()

    # -- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the settings again (off the GUI thread); unsaved edits are kept by the caller's
        choice: :meth:`showEvent` reads only when there are none."""
        if self._loading or self._saving:
            return
        self._loading = True
        self._update_state()
        actor = self.ctx.user
        Query(self, self.ctx.store, lambda session: settings_ops.settings_view(session, actor)) \
            .success(self._on_read).failure(self._on_read_failed).run()

    def _on_read(self, view: SettingsView) -> None:
        self._loading = False
        self._apply(view)
        self.sig_settings_loaded.emit(len(view.fields))

    def _on_read_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._show_error(dialogs.error_text(exc))  # said under the form (a bug's traceback is in the log)
        self._update_state()

    def _on_records_changed(self, kind: str) -> None:
        """Another console or the CLI changed a setting: shown, unless edits are waiting here."""
        if kind in SHOWN_KINDS and self.view is not None and not self.changes_pending():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.view is not None and not self.changes_pending():
            self.reload()  # another console or the CLI may have changed a setting

    def _apply(self, view: SettingsView) -> None:
        """Show a view; the form is rebuilt only when the keys or rooms differ (a new key)."""
        shape = ([f.key for f in view.fields], [r.room_id for r in view.rooms])
        current = (list(self.rows), list(self.rooms))
        self.view = view
        if shape != current:
            self._build(view)
        else:
            for field in view.fields:
                self.rows[field.key].loaded(field)
            for room in view.rooms:
                self.rooms[room.room_id].loaded(room)
        self._sync_site_wide()
        self._show_error("")
        self._update_state()

    # -- the form -------------------------------------------------------------------------
    def _build(self, view: SettingsView) -> None:
        self.rows = {f.key: SettingRow(f, self._on_edited) for f in view.fields}
        ranges = {cls: (self.rows[keys.low].field.minimum, self.rows[keys.low].field.maximum,
                        self.rows[keys.low].field.unit) for cls, keys in ROOM_LIMIT_KEYS.items()}
        self.rooms = {r.room_id: RoomLimitsEditor(r, ranges, self._on_edited, self._site_wide_band)
                      for r in view.rooms}
        for keys in ROOM_LIMIT_KEYS.values():
            for key in (keys.low, keys.high):
                self.rows[key].number_box().valueChanged.connect(self._sync_site_wide)

        sections: list[tuple[QGroupBox, int, list[QWidget]]] = []
        groups: dict[str, list[SettingRow]] = {}
        titles: dict[str, str] = {}
        for field in view.fields:
            groups.setdefault(field.group, []).append(self.rows[field.key])
            titles[field.group] = field.group_title
        for group, rows in groups.items():
            sections.append((self._section(titles[group], group, rows), len(rows),
                             [w for row in rows for w in row.focus_widgets()]))
            if group == "environment" and self.rooms:
                sections.append((self._rooms_section(), 1 + 3 * len(self.rooms),
                                 [w for editor in self.rooms.values() for w in editor.focus_widgets()]))

        page = QWidget()
        page.setObjectName("settingsPage")
        columns = QHBoxLayout(page)
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(14)
        left, right = QVBoxLayout(), QVBoxLayout()
        half = sum(weight for _box, weight, _widgets in sections) / 2
        filled = 0
        for box, weight, _widgets in sections:  # reading order: down the left column, then the right
            (left if filled < half else right).addWidget(box)
            filled += weight
        for column in (left, right):
            column.setSpacing(10)
            column.addStretch(1)
            columns.addLayout(column, 1)
        old = self.scroll_area.takeWidget()
        self.scroll_area.setWidget(page)
        if old is not None:
            old.deleteLater()

        self._focus_chain = [w for _box, _weight, widgets in sections for w in widgets]
        self._focus_chain += [self.revert_button, self.save_button]
        for first, second in zip(self._focus_chain, self._focus_chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _section(self, title: str, group: str, rows: list[SettingRow]) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(f"section_{group}")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 1)
        grid.setColumnMinimumWidth(1, EDITOR_WIDTH)  # editors and defaults line up from section to section
        grid.setColumnMinimumWidth(2, DEFAULT_WIDTH)
        at = 0
        for row in rows:
            at = row.add_to(grid, at)
        return box

    def _rooms_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Limits per machine room"))
        box.setObjectName(f"section_{ROOMS_SECTION}")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        words = {"temperature": self.tr("Temperature"), "humidity": self.tr("Humidity")}
        at = 0
        for editor in self.rooms.values():
            at = editor.add_to(grid, at, words)
        return box

    def _site_wide_band(self, cls: str) -> tuple[float, float]:
        keys = ROOM_LIMIT_KEYS[cls]
        return self.rows[keys.low].value(), self.rows[keys.high].value()

    def _sync_site_wide(self, *_args) -> None:
        """Rooms that follow the site-wide band show it as it stands in the form."""
        for editor in self.rooms.values():
            editor.show_site_wide()

    # -- editing --------------------------------------------------------------------------
    def changed_values(self) -> dict[str, Any]:
        return {key: row.value() for key, row in self.rows.items() if row.is_changed()}

    def changed_rooms(self) -> dict[int, dict[str, tuple[float, float] | None]]:
        return {room_id: changes for room_id, editor in self.rooms.items() if (changes := editor.changes())}

    def changes_pending(self) -> bool:
        return bool(self.changed_values() or self.changed_rooms())

    def _on_edited(self) -> None:
        self._update_state()

    def revert(self) -> None:
        """还原: every field back to what was read; nothing is written."""
        if self.view is not None and not self._saving:
            self._apply(self.view)

    def save(self) -> None:
        """保存 (Ctrl+S): the changed settings and rooms, in one transaction, off the GUI thread."""
        if self.view is None or self._saving:
            return
        focused = QApplication.focusWidget()
        if isinstance(focused, QAbstractSpinBox):
            focused.interpretText()  # a number typed but not yet taken counts as typed
        values, rooms = self.changed_values(), self.changed_rooms()
        if not values and not rooms:
            return
        for row in self.rows.values():
            row.show_error("")
        seen = {key: self.rows[key].field.value for key in values}
        versions = {room_id: self.rooms[room_id].room.version for room_id in rooms}
        self._saving = True
        self._show_error("")
        self._update_state()
        Write(self, self.ctx.store, _save(self.ctx.user, values, rooms, seen, versions), button=self.save_button,
              feed=live_feed(self.ctx.store)).success(self._on_saved).failure(self._on_save_failed).run()

    def _on_saved(self, result: tuple[int, SettingsView]) -> None:
        count, view = result
        self._saving = False
        self._apply(view)
        dialogs.show_done(self, self.tr("Settings saved ({n} changed).").format(n=count))
        self.sig_settings_saved.emit(count)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, SettingsRefused):
            marked = []
            for field, text in exc.problems.items():
                target = self._target(field)
                if target is not None:
                    target.show_error(text)
                    marked.append(target.focus_widgets()[0])
            self._show_error(self.tr("Nothing was saved: correct the fields marked in red."))
            if marked:  # the first to correct in reading order
                first = min(marked, key=self._focus_chain.index)
                first.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scroll_area.ensureWidgetVisible(first)
        else:  # said under the form (a bug's traceback is in the log)
            self._show_error(dialogs.error_text(exc))
        self._update_state()
        self.sig_save_refused.emit(str(exc))

    def _target(self, field: str) -> SettingRow | RoomLimitsEditor | None:
        if field.startswith("room:"):
            return self.rooms.get(int(field.split(":")[1]))
        return self.rows.get(field)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _update_state(self) -> None:
        pending = len(self.changed_values()) + sum(len(c) for c in self.changed_rooms().values())
        if self._saving:
            text = self.tr("Saving…")
        elif self._loading and self.view is None:
            text = self.tr("Reading the settings…")
        elif pending:
            text = self.tr("{n} changes not saved").format(n=pending)
        else:
            text = self.tr("No unsaved changes")
        self.status_label.setText(text)
        self.save_button.setEnabled(bool(pending) and not self._saving)
        self.revert_button.setEnabled(bool(pending) and not self._saving)
