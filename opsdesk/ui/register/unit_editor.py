"""The editor of one unit (one physical device): place, power feeds and SNMP access.

Fields come from ``devices.FIELDS`` (level "unit" and "secret"), so a field added
there appears here. Secrets are write-only: the form says 已设置/未设置, never the
value, and an empty box leaves the stored secret unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models.users import Perm
from opsdesk.ops import devices
from opsdesk.ops.errors import ConflictError, ValidationError
from opsdesk.ops.register_rows import UnitDetail, unit_detail
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.register.field_edit import FieldEdit, field_label, set_invalid
from opsdesk.ui.register.units_model import single_feed_text

CHOICES = {
    "snmp_version": devices.SNMP_VERSIONS,
    "snmp_auth_proto": devices.AUTH_PROTOCOLS,
    "snmp_priv_proto": devices.PRIV_PROTOCOLS,
}
GROUP_KEYS = {
    "identity": ("serial", "institution", "mgmt_ip", "note"),
    "place": ("room", "rack", "u_position", "u_height", "x", "y", "pdu_a", "pdu_b"),
    "snmp": ("snmp_version", "snmp_port", "snmp_user", "snmp_auth_proto", "snmp_priv_proto",
             "community", "auth_key", "priv_key", "monitored_ports"),
}


class SecretEdit(QWidget):
    """A write-only secret: a password box and whether one is stored."""

    def __init__(self, key: str, allowed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.edit = QLineEdit()
        self.edit.setObjectName(f"edit_{key}")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMinimumWidth(180)
        self.edit.setPlaceholderText(self.tr("Leave empty to keep unchanged"))
        self.state_label = QLabel()
        self.state_label.setObjectName(f"state_{key}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.state_label)
        self.edit.setEnabled(allowed)
        if not allowed:
            self.edit.setToolTip(self.tr("Only an administrator may set SNMP secrets."))

    def set_state(self, is_set: bool) -> None:
        self.edit.clear()
        self.state_label.setText(self.tr("Set") if is_set else self.tr("Not set"))
        self.state_label.setProperty("secretSet", is_set)

    def value(self) -> str:
        return self.edit.text()


class UnitEditor(QDialog):
    """Edit one unit of a register line; read-only without EDIT_DEVICE."""

    sig_unit_saved = Signal(int)
    """Id of the unit that was saved."""
    sig_unit_loaded = Signal()
    """The unit was read and is shown."""
    sig_load_failed = Signal()
    """The unit could not be read (deleted by someone else meanwhile): the editor closed."""

    def __init__(self, ctx: ConsoleContext, unit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitEditor")
        self.ctx = ctx
        self.unit_id = unit_id
        self.editable = ctx.can(Perm.EDIT_DEVICE)
        self.setMinimumWidth(860)
        self.fields: dict[str, FieldEdit] = {}
        self.choices: dict[str, QComboBox] = {}
        self.secrets: dict[str, SecretEdit] = {}
        self.asset_tag = ""
        self.version: int | None = None
        self.loaded = False

        groups = {
            "identity": QGroupBox(self.tr("Identification")),
            "place": QGroupBox(self.tr("Location and power")),
            "snmp": QGroupBox(self.tr("SNMP access")),
        }
        forms = {name: QFormLayout(box) for name, box in groups.items()}
        self.tag_label = tag_label = QLabel()
        tag_label.setObjectName("assetTagValue")
        tag_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        forms["identity"].addRow(field_label("asset_tag"), tag_label)
        may_set_secrets = self.editable and ctx.can(Perm.EDIT_SECRETS)
        for spec in devices.FIELDS:
            if spec.level not in ("unit", "secret") or spec.key == "asset_tag":
                continue
            group = next((g for g, keys in GROUP_KEYS.items() if spec.key in keys), "identity")
            if spec.level == "secret":
                secret = SecretEdit(spec.key, may_set_secrets)
                self.secrets[spec.key] = secret
                widget: QWidget = secret
            elif spec.key in CHOICES:
                widget = self._choice(spec.key)
            else:
                placeholder = (self.tr("Port names, separated by ; e.g. Gi1/0/49; Gi1/0/50")
                               if spec.key == "monitored_ports" else "")
                widget = FieldEdit(spec.key, placeholder=placeholder)
                widget.setToolTip(self.tr("These ports alarm whenever they are down (uplinks). Any other "
                                          "port alarms only when it goes from up to down.")
                                  if spec.key == "monitored_ports" else "")
                widget.set_read_only(not self.editable)
                self.fields[spec.key] = widget
            forms[group].addRow(field_label(spec.key), widget)

        self.single_feed_label = QLabel(single_feed_text())
        self.single_feed_label.setObjectName("singleFeedLabel")
        self.single_feed_label.setProperty("role", "error")
        self.single_feed_label.setToolTip(self.tr("A server needs two different PDUs (R-FLOOR-4)."))
        forms["place"].addRow("", self.single_feed_label)
        for key in ("pdu_a", "pdu_b"):
            if key in self.fields:
                self.fields[key].sig_text_edited.connect(self._on_pdu_text_edited)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.setVisible(self.editable)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel") if self.editable else self.tr("Close"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        left = QVBoxLayout()
        left.addWidget(groups["identity"])
        left.addWidget(groups["place"])
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(groups["snmp"])
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.reload()

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the unit as it is stored now (off the GUI thread; at first, and after someone
        else changed it); Save waits for it."""
        self.loaded = False
        self.save_button.setEnabled(False)
        unit_id = self.unit_id
        Query(self, self.ctx.store, lambda session: unit_detail(session, unit_id)) \
            .success(self._on_loaded).failure(self._on_load_failed).run()

    def _on_loaded(self, detail: UnitDetail) -> None:
        first = not self.loaded and self.version is None
        self.asset_tag = detail.asset_tag
        self.setWindowTitle(self.tr("Unit {tag}").format(tag=self.asset_tag))
        self.tag_label.setText(self.asset_tag)
        if first:
            self._complete(self.fields.get("institution"), list(detail.institutions))
            self._complete(self.fields.get("room"), list(detail.rooms))
        self._fill(detail)
        self.loaded = True
        self.save_button.setEnabled(True)
        self.sig_unit_loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        dialogs.show_error(self.parentWidget(), dialogs.error_text(exc))
        self.reject()
        self.sig_load_failed.emit()

    def _fill(self, detail: UnitDetail) -> None:
        snapshot = detail.values
        self.version = detail.version
        for key, edit in self.fields.items():
            value = snapshot.get(key)
            edit.set_text("" if value is None else str(value))
        for key, combo in self.choices.items():
            combo.setCurrentIndex(max(combo.findData(str(snapshot.get(key) or "")), 0))
            set_invalid(combo, False)
        for key, secret in self.secrets.items():
            secret.set_state(detail.secret_set.get(key, False))
        self._on_pdu_text_edited()

    def _choice(self, key: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"combo_{key}")
        for choice in CHOICES[key]:
            shown = self.tr("(none)") if not choice else (f"v{choice}" if key == "snmp_version" else choice)
            combo.addItem(shown, choice)
        combo.setEnabled(self.editable)
        self.choices[key] = combo
        return combo

    @staticmethod
    def _complete(edit: FieldEdit | None, names: list[str]) -> None:
        # Offer the site's known names: a typo would otherwise create a new room.
        if edit is not None and names:
            completer = QCompleter(sorted(names), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            edit.edit.setCompleter(completer)

    def _on_pdu_text_edited(self, *_args: object) -> None:
        feeds = {self.fields[k].text().strip() for k in ("pdu_a", "pdu_b") if k in self.fields}
        feeds.discard("")
        self.single_feed_label.setVisible(len(feeds) == 1)

    # -- saving ---------------------------------------------------------------------------
    def collect_values(self) -> dict | None:
        values: dict = {}
        first_bad: FieldEdit | None = None
        for key, edit in self.fields.items():
            try:
                values[key] = edit.value()
            except ValidationError:
                first_bad = first_bad or edit
        for key, combo in self.choices.items():
            values[key] = combo.currentData()
        for key, secret in self.secrets.items():
            if secret.value():  # empty: unchanged
                try:
                    values[key] = devices.parse_field(key, secret.value())
                except ValidationError as exc:
                    secret.edit.setToolTip(str(exc))
                    set_invalid(secret.edit, True)
                    return None
        if first_bad is not None:
            first_bad.edit.setFocus()
            return None
        return values

    def _on_save_clicked(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save (off the GUI thread); False if a value is wrong (said beside it), else True:
        the editor closes with :attr:`sig_unit_saved` once saved, or shows why it was not."""
        values = self.collect_values()
        if values is None or not self.loaded:
            return False
        try:
            devices.validate_unit_values(values)  # rules across fields, said at once (the op checks again)
        except ValidationError as exc:
            self._show_refusal(exc)
            return False
        actor, unit_id, version = self.ctx.user, self.unit_id, self.version

        def run(session) -> None:
            devices.save_unit(session, actor, unit_id, values, expected_version=version)

        Write(self, self.ctx.store, run, button=self.save_button, feed=live_feed(self.ctx.store)) \
            .success(self._on_saved).failure(self._on_save_failed).run()
        return True

    def _on_saved(self, _none: None) -> None:
        self.sig_unit_saved.emit(self.unit_id)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            question = self.tr("Load the current version now? Your changes here are lost.")
            dialogs.confirm(self, str(exc) + "\n\n" + question, self.reload, self.tr("Changed by someone else"))
        elif isinstance(exc, ValidationError):
            self._show_refusal(exc)
        else:  # permission, database: said, never a crash (a bug's traceback is in the log)
            dialogs.show_error(self, dialogs.error_text(exc))

    def _show_refusal(self, exc: ValidationError) -> None:
        if exc.field in self.fields:
            self.fields[exc.field].show_error(str(exc))
        elif exc.field in self.choices:
            set_invalid(self.choices[exc.field], True)
            dialogs.show_error(self, str(exc))
        else:
            dialogs.show_error(self, str(exc))
