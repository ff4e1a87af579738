"""设备型号向导 (issue 17): a device type added from the device panel without writing the TOML —
the vendor's MIB files, a walk of the device (or a walk file), the proposed readings with what
they read now, ticked and renamed in Chinese, saved as a site profile.

Everything slow runs off the GUI thread (:func:`opsdesk.ui.worker.run_in_background`): compiling
the MIB files (pysmi), the walk (asyncio, :mod:`opsdesk.probes.device_walk`, bounded in rows and
seconds) and the draft. The walk's progress and its Cancel go through a plain :class:`WalkJob`
(an event and a counter, no QObject) that a timer reads, so nothing the worker holds is a widget.
The save is the operations' own (:func:`opsdesk.ops.site_profiles.save_profile`: supervisor or
administrator, checked, versioned, audited) through the operation runner; the poller reads the
profile at its next cycle (the site profiles' change mark).
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from opsdesk import i18n
from opsdesk.models import labels
from opsdesk.models.roles import ROLES
from opsdesk.models.roles import name as role_name
from opsdesk.models.users import Perm, PermissionDenied
from opsdesk.ops import site_profiles
from opsdesk.probes import draft as drafting
from opsdesk.probes.device_walk import DeviceWalk, WalkFailed, walk_device
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import severity_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Write, failure_text, is_bug
from opsdesk.ui.qt_language import file_dialog
from opsdesk.ui.worker import run_in_background

PROGRESS_MS = 100  # how often the rows-so-far label is redrawn while a walk runs
COLUMNS = ("keep", "name", "role", "unit", "value", "severity", "object")


@dataclasses.dataclass(frozen=True)
class DeviceInfo:
    """The device as the register has it (from the device panel's snapshot)."""

    unit_id: int
    asset_tag: str
    model: str
    mgmt_ip: str
    profiles: tuple[str, ...] = ()  # the profiles the poller reads it with now


class WalkJob:
    """One walk's cancel flag and rows so far: shared by the worker and the GUI thread. A plain
    object (ui/worker.py: no QObject made for, or freed by, a worker)."""

    def __init__(self) -> None:
        self.cancel = threading.Event()
        self.rows = 0

    def told(self, rows: int) -> None:
        self.rows = rows


@dataclasses.dataclass(frozen=True)
class Proposed:
    """A walk's outcome: the walk, and (unless it was cancelled) the draft and what it reads now."""

    walk: DeviceWalk
    draft: drafting.Draft | None
    rows: tuple[drafting.PreviewRow, ...]
    index: tuple  # the compiled MIB files it was drafted with


def _draft_of(index: tuple, walk: DeviceWalk) -> Proposed:
    if walk.cancelled:
        return Proposed(walk, None, (), index)
    draft = drafting.draft_profile([], walk.entries, index=index)
    return Proposed(walk, draft, tuple(drafting.preview(draft, walk.entries, lang=i18n.language())), index)


def _error_text(exc: BaseException) -> str:
    """A DraftError or a failed walk as it is (already in the user's words), else the runner's path."""
    if isinstance(exc, drafting.DraftError) and exc.missing:
        if exc.missing == (exc.module,):
            return QCoreApplication.translate("ProfileWizard", "MIB module {module} was not found: add its file "
                                              "too.").format(module=exc.module)
        return QCoreApplication.translate(
            "ProfileWizard", "MIB module {module} imports {missing}, which OpsDesk does not have: add that file "
            "too.").format(module=exc.module, missing=", ".join(exc.missing))
    if isinstance(exc, (drafting.DraftError, WalkFailed)):
        return str(exc)
    if isinstance(exc, PermissionDenied):
        return QCoreApplication.translate("ProfileWizard", "Only a supervisor or an administrator may save a "
                                          "device profile.")
    return failure_text(exc, log_bug=is_bug(exc))


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


# ================================================================ page 1: the device and its MIB files

class MibPage(QWizardPage):
    """The device (tag, model, address) and the vendor's MIB files, compiled as they are added."""

    def __init__(self, wizard: ProfileWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Device and MIB files"))
        self.setSubTitle(self.tr("Pick the vendor's MIB files for this device. The standard modules they import "
                             "ship with OpsDesk; nothing is fetched from the network."))
        info = wizard.device
        form = QFormLayout()
        for caption, value, name in ((self.tr("Asset tag"), info.asset_tag, "wizardTag"),
                                     (self.tr("Model"), info.model or "—", "wizardModel"),
                                     (self.tr("Management IP"), info.mgmt_ip or self.tr("none"), "wizardIp")):
            label = QLabel(value)
            label.setObjectName(name)
            form.addRow(caption, label)
        # A saved profile adds to those already reading the device (one with the same id replaces
        # it): say which do, so a second profile reading the same objects twice is a choice.
        self.profiles_label = QLabel(
            self.tr("Read now with the device profiles {ids}. A profile saved here is used beside them (one "
                    "with the same id replaces it): leave out what they read already.").format(
                        ids=labels.listing(info.profiles)) if info.profiles else
            self.tr("No device profile reads it yet (or it has not been polled)."))
        self.profiles_label.setObjectName("wizardProfiles")
        self.profiles_label.setWordWrap(True)
        form.addRow(self.tr("Read now by"), self.profiles_label)
        self.mib_list = QListWidget()
        self.mib_list.setObjectName("mibList")
        self.add_button = QPushButton(self.tr("Add MIB files…"))
        self.add_button.setObjectName("addMibButton")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeMibButton")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        files = QHBoxLayout()
        files.addWidget(self.mib_list, 1)
        files.addLayout(buttons)
        self.status_label = QLabel(self.tr("No MIB file yet."))
        self.status_label.setObjectName("mibStatus")
        self.status_label.setWordWrap(True)
        self.error_label = _error_label("mibError")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("MIB files")))
        layout.addLayout(files, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        self.paths: list[str] = []
        self.compiling = False

    def isComplete(self) -> bool:
        return self.owner.index is not None and not self.compiling

    def _on_add_clicked(self) -> None:
        dialog = file_dialog(self, self.tr("MIB files"), self.tr("MIB files (*)"), save=False)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.accepted.connect(lambda: self.add_files(dialog.selectedFiles()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_remove_clicked(self) -> None:
        row = self.mib_list.currentRow()
        if 0 <= row < len(self.paths):
            self.set_files(self.paths[:row] + self.paths[row + 1:])

    def add_files(self, paths: list[str]) -> None:
        self.set_files(self.paths + [p for p in paths if p not in self.paths])

    def set_files(self, paths: list[str]) -> None:
        """List ``paths`` and compile them off the GUI thread; the page is complete when they compile."""
        self.paths = list(paths)
        self.mib_list.clear()
        self.mib_list.addItems([Path(p).name for p in self.paths])
        for row, path in enumerate(self.paths):
            item = self.mib_list.item(row)
            if item is not None:
                item.setToolTip(path)
        self.owner.set_index(None)
        self.error_label.hide()
        if not self.paths:
            self.status_label.setText(self.tr("No MIB file yet."))
            self.completeChanged.emit()
            return
        self.compiling = True
        self.status_label.setText(self.tr("Compiling the MIB files…"))
        self.completeChanged.emit()
        chosen = list(self.paths)
        run_in_background(lambda: drafting.load_mibs(chosen), self._on_compiled, self._on_compile_failed)

    def _on_compiled(self, index: tuple) -> None:
        self.compiling = False
        self.owner.set_index(index)
        self.status_label.setText(self.tr("Compiled: {modules}").format(modules=", ".join(index[1])))
        self.completeChanged.emit()

    def _on_compile_failed(self, exc: BaseException) -> None:
        self.compiling = False
        self.status_label.setText("")
        self.error_label.setText(_error_text(exc))
        self.error_label.show()
        self.completeChanged.emit()


# ================================================================ page 2: the walk

class WalkPage(QWizardPage):
    """The device's enterprise subtree walked off the GUI thread (rows so far, Cancel), or a walk
    file read for a device this PC cannot reach; then the draft."""

    sig_walk_ended = Signal(str)
    """How the last walk ended: "done", "cancelled" or "failed"."""

    def __init__(self, wizard: ProfileWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Walk the device"))
        self.setSubTitle(self.tr("Reads the device's own subtree (at most 20,000 rows in 60 seconds), or a walk file "
                             "(snmpwalk -On output or an .snmprec) of a device this PC cannot reach."))
        self.walk_button = QPushButton(self.tr("Walk the device"))
        self.walk_button.setObjectName("walkButton")
        self.walk_button.setProperty("primary", True)
        self.walk_button.clicked.connect(self._on_walk_clicked)
        self.cancel_button = QPushButton(self.tr("Stop"))
        self.cancel_button.setObjectName("cancelWalkButton")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.file_button = QPushButton(self.tr("Load a walk file…"))
        self.file_button.setObjectName("walkFileButton")
        self.file_button.clicked.connect(self._on_file_clicked)
        row = QHBoxLayout()
        row.addWidget(self.walk_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.file_button)
        self.progress = QProgressBar()
        self.progress.setObjectName("walkProgress")
        self.progress.setRange(0, 1)
        self.progress.setTextVisible(False)
        self.rows_label = QLabel()
        self.rows_label.setObjectName("walkRows")
        self.rows_label.setWordWrap(True)
        self.error_label = _error_label("walkError")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.rows_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.job: WalkJob | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(PROGRESS_MS)
        self.timer.timeout.connect(self._on_timer)

    def isComplete(self) -> bool:
        return self.owner.draft is not None and self.job is None

    @property
    def running(self) -> bool:
        return self.job is not None

    def start_walk(self) -> bool:
        """Walk the device off the GUI thread; False when a walk already runs."""
        if self.job is not None or self.owner.index is None:
            return False
        job = self.job = WalkJob()
        store, actor, tag, index = self.owner.ctx.store, self.owner.ctx.user, self.owner.device.asset_tag, \
            self.owner.index

        def walk() -> Proposed:
            from opsdesk.poller import device_target

            target = device_target(store, actor, tag)
            if target is None:
                raise WalkFailed(i18n.t("No polled device matches '{name}' (it needs a management IP and SNMP "
                                        "settings).", name=tag))
            return _draft_of(index, walk_device(target, tag, cancel=job.cancel, progress=job.told))

        self._started(self.tr("Walking {device}…").format(device=tag))
        run_in_background(walk, self._on_walked, self._on_failed)
        return True

    def load_file(self, path: str) -> bool:
        """Read a walk file off the GUI thread and draft from it; False while a walk runs."""
        if self.job is not None or self.owner.index is None:
            return False
        self.job = WalkJob()
        index = self.owner.index

        def read() -> Proposed:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
            entries = drafting.parse_walk(text)
            if not entries:
                raise drafting.DraftError(i18n.t("{path} holds no walk (snmpwalk -On output or an .snmprec file).",
                                                 path=path))
            return _draft_of(index, DeviceWalk(entries))

        self._started(self.tr("Reading {file}…").format(file=Path(path).name))
        run_in_background(read, self._on_walked, self._on_failed)
        return True

    def cancel(self) -> None:
        """Stop the walk: it ends after the response it waits for, or at once when none comes."""
        if self.job is not None:
            self.job.cancel.set()
            self.cancel_button.setEnabled(False)
            self.rows_label.setText(self.tr("Stopping the walk…"))

    def _started(self, text: str) -> None:
        self.owner.set_draft(None, ())
        self.error_label.hide()
        self.rows_label.setText(text)
        self.progress.setRange(0, 0)  # busy: how many rows a device has is not known before
        self.walk_button.setEnabled(False)
        self.file_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.timer.start()
        self.completeChanged.emit()
        # after completeChanged, which has the wizard set its buttons again: no going back to change
        # the MIB files under a running walk (its end gives Back back, through completeChanged)
        self.owner.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def _ended(self) -> None:
        self.job = None
        self.timer.stop()
        self.progress.setRange(0, 1)
        self.walk_button.setEnabled(True)
        self.file_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    def _on_timer(self) -> None:
        job = self.job
        if job is not None and not job.cancel.is_set():
            self.rows_label.setText(self.tr("{n} rows read so far…").format(n=job.rows))

    def _on_walked(self, proposed: Proposed) -> None:
        self._ended()
        n = len(proposed.walk.entries)
        if proposed.index is not self.owner.index:  # the MIB files changed meanwhile (page 1): walk again
            self.rows_label.setText(self.tr("The MIB files changed during the walk: walk again."))
            self.sig_walk_ended.emit("cancelled")
            return
        if proposed.draft is None:
            self.rows_label.setText(self.tr("Walk cancelled ({n} rows read); walk again or load a walk file.")
                                    .format(n=n))
            self.sig_walk_ended.emit("cancelled")
            return
        self.owner.set_draft(proposed.draft, proposed.rows)
        text = self.tr("{n} rows read; {m} readings proposed.").format(n=n, m=len(proposed.rows))
        if proposed.walk.truncated:
            text += " " + self.tr("The walk stopped at the row limit: the rest of the subtree was not read.")
        self.rows_label.setText(text)
        self.completeChanged.emit()
        self.sig_walk_ended.emit("done")

    def _on_failed(self, exc: BaseException) -> None:
        self._ended()
        self.rows_label.setText("")
        self.error_label.setText(_error_text(exc))
        self.error_label.show()
        self.sig_walk_ended.emit("failed")

    def _on_walk_clicked(self) -> None:
        self.start_walk()

    def _on_cancel_clicked(self) -> None:
        self.cancel()

    def _on_file_clicked(self) -> None:
        dialog = file_dialog(self, self.tr("Load a walk file"),
                             self.tr("Walk files (*.walk *.snmprec *.txt);;All files (*)"), save=False)
        dialog.accepted.connect(lambda: dialog.selectedFiles() and self.load_file(dialog.selectedFiles()[0]))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()


# ================================================================ page 3: the proposed readings

class ProposalsPage(QWizardPage):
    """The proposed readings: tick, rename in Chinese; the profile's id and name."""

    def __init__(self, wizard: ProfileWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Proposed readings"))
        self.setSubTitle(self.tr("Tick the readings to keep and give each the name the duty room uses "
                             "(double-click a name to change it)."))
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("profileIdEdit")
        self.id_edit.textChanged.connect(self._on_edited)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("profileNameEdit")
        self.name_edit.textChanged.connect(self._on_edited)
        form = QFormLayout()
        form.addRow(self.tr("Profile id"), self.id_edit)
        form.addRow(self.tr("Profile name"), self.name_edit)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("proposalTable")
        self.table.setHorizontalHeaderLabels([self.tr("Keep"), self.tr("Name"), self.tr("Role"), self.tr("Unit"),
                                              self.tr("Value now"), self.tr("Severity"), self.tr("MIB object")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((48, 220, 90, 50, 330, 60)):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self._on_edited)
        self.count_label = QLabel()
        self.count_label.setObjectName("keptCount")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.shown: drafting.Draft | None = None

    def initializePage(self) -> None:
        draft = self.owner.draft
        if draft is None or draft is self.shown:
            return  # back and forth: the user's ticks and names stay
        self.shown = draft
        self.id_edit.setText(draft.id)
        self.name_edit.setText(draft.name_zh)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.owner.preview))
        for row, p in enumerate(self.owner.preview):
            keep = QTableWidgetItem()
            keep.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            keep.setCheckState(Qt.CheckState.Checked)
            keep.setData(Qt.ItemDataRole.UserRole, p.key)
            name = QTableWidgetItem(p.name_zh)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
            name.setToolTip(p.name_en)
            role = ROLES.get(p.role)
            value = p.value or self.tr("(not in the walk)")
            if p.rows > 1:
                value = self.tr("{value} (and {n} more rows)").format(value=value, n=p.rows - 1)
            cells = [keep, name, self._fixed(role_name(p.role, i18n.language()) if role else ""),
                     self._fixed(p.unit), self._fixed(value), self._fixed(self._severity(p.severity)),
                     self._fixed(p.object)]
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self._on_edited()

    @staticmethod
    def _fixed(text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(text)
        return item

    def _severity(self, severity: str) -> str:
        if severity == "ok":
            return self.tr("Normal")
        if severity == "unknown":
            return self.tr("Unknown")
        return severity_label(severity)

    def cell(self, row: int, column: str) -> QTableWidgetItem:
        item = self.table.item(row, COLUMNS.index(column))
        if item is None:
            raise LookupError(f"no {column} cell in row {row}")
        return item

    def row_of(self, key: str) -> int:
        return next(r for r in range(self.table.rowCount())
                    if self.cell(r, "keep").data(Qt.ItemDataRole.UserRole) == key)

    def kept(self) -> list[str]:
        return [self.cell(r, "keep").data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())
                if self.cell(r, "keep").checkState() == Qt.CheckState.Checked]

    def names(self) -> dict[str, str]:
        """Metric key -> the name in the table (the proposed one or the user's)."""
        return {self.cell(r, "keep").data(Qt.ItemDataRole.UserRole): self.cell(r, "name").text()
                for r in range(self.table.rowCount())}

    def isComplete(self) -> bool:
        return bool(self.kept()) and bool(self.id_edit.text().strip()) and bool(self.name_edit.text().strip())

    def _on_edited(self, *_args: object) -> None:
        self.count_label.setText(self.tr("{n} of {m} readings kept.").format(n=len(self.kept()),
                                                                         m=self.table.rowCount()))
        self.completeChanged.emit()


# ================================================================ page 4: save

class SavePage(QWizardPage):
    """保存: the ticked readings with their names, as the site profile's next version."""

    sig_profile_saved = Signal(str, int)
    """The saved profile's id and version."""

    def __init__(self, wizard: ProfileWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Save"))
        self.setSubTitle(self.tr("Saved in the database as the profile's next version, in the audit trail; "
                             "the poller reads it from its next cycle."))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("saveSummary")
        self.summary_label.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("saveNote")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveProfileButton")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.may_save = wizard.ctx.can(Perm.EDIT_PROFILES)
        if not self.may_save:
            self.save_button.setToolTip(self.tr("Only a supervisor or an administrator may save a device profile."))
        self.result_label = QLabel()
        self.result_label.setObjectName("saveResult")
        self.result_label.setWordWrap(True)
        self.error_label = _error_label("saveError")
        form = QFormLayout()
        form.addRow(self.tr("Note"), self.note_edit)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.saved: site_profiles.SavedProfile | None = None
        self._allow()

    def _allow(self) -> None:
        self.save_button.setEnabled(self.may_save)

    def initializePage(self) -> None:
        page = self.owner.proposals_page
        self.summary_label.setText(self.tr("{n} readings of {device} as device profile {id} ({name}).").format(
            n=len(page.kept()), device=self.owner.device.asset_tag, id=page.id_edit.text().strip(),
            name=page.name_edit.text().strip()))
        if not self.note_edit.text():
            self.note_edit.setText(self.tr("Device type wizard: {device}").format(device=self.owner.device.asset_tag))
        self.saved = None
        self.result_label.setText("")
        self.error_label.hide()
        self._allow()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.saved is not None

    def save(self) -> bool:
        """Save the ticked readings off the GUI thread; a refusal is said on the page, and every
        choice stays as it is. False when the draft cannot be made (said on the page)."""
        draft, page = self.owner.draft, self.owner.proposals_page
        if draft is None:
            return False
        try:
            text = draft.chosen(page.kept(), page.names(), profile_id=page.id_edit.text(),
                                name_zh=page.name_edit.text()).toml()
        except drafting.DraftError as exc:
            self._on_refused(exc)
            return False
        user, note = self.owner.ctx.user, self.note_edit.text()
        self.error_label.hide()
        Write(self, self.owner.ctx.store, lambda session: site_profiles.save_profile(session, user, text, note),
              button=self.save_button, feed=live_feed(self.owner.ctx.store)) \
            .success(self._on_saved).failure(self._on_refused).run()
        return True

    def _on_saved(self, saved: site_profiles.SavedProfile) -> None:
        self._allow()
        self.saved = saved
        self.result_label.setText(self.tr("Saved as version {version}; the poller uses it from its next cycle.")
                                  .format(version=saved.version))
        self.completeChanged.emit()
        self.sig_profile_saved.emit(saved.id, saved.version)

    def _on_refused(self, exc: BaseException) -> None:
        self._allow()
        self.error_label.setText(_error_text(exc))
        self.error_label.show()

    def _on_save_clicked(self) -> None:
        self.save()


# ================================================================ the wizard

class ProfileWizard(QWizard):
    """设备型号向导 of one device, opened from its device panel."""

    def __init__(self, ctx: ConsoleContext, device: DeviceInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileWizard")
        self.setWindowTitle(self.tr("Device type wizard: {device}").format(device=device.asset_tag))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, self.tr("< Back")),
                             (QWizard.WizardButton.NextButton, self.tr("Next >")),
                             (QWizard.WizardButton.CancelButton, self.tr("Close")),
                             (QWizard.WizardButton.FinishButton, self.tr("Finish"))):
            self.setButtonText(button, text)
        self.resize(1100, 660)
        self.ctx = ctx
        self.device = device
        self.index: tuple | None = None  # the compiled MIB files (load_mibs)
        self.draft: drafting.Draft | None = None
        self.preview: tuple[drafting.PreviewRow, ...] = ()
        self.mib_page = MibPage(self)
        self.walk_page = WalkPage(self)
        self.proposals_page = ProposalsPage(self)
        self.save_page = SavePage(self)
        for page in (self.mib_page, self.walk_page, self.proposals_page, self.save_page):
            self.addPage(page)

    def set_index(self, index: tuple | None) -> None:
        if index is not self.index:
            self.index = index
            self.set_draft(None, ())

    def set_draft(self, draft: drafting.Draft | None, rows: tuple[drafting.PreviewRow, ...]) -> None:
        self.draft, self.preview = draft, rows

    def done(self, result: int) -> None:
        self.walk_page.cancel()  # closed during a walk: the walk stops too
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.walk_page.cancel()
        super().closeEvent(event)
