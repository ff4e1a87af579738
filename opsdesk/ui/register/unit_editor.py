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
from sqlalchemy import select

from opsdesk.models.equipment import Institution, Room, Unit
from opsdesk.models.users import Perm
from opsdesk.ops import devices
from opsdesk.ops.errors import ConflictError, NotFound, ValidationError
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
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

        data = self._read()
        self.asset_tag = data["snapshot"]["asset_tag"]
        self.setWindowTitle(self.tr("Unit {tag}").format(tag=self.asset_tag))

        groups = {
            "identity": QGroupBox(self.tr("Identification")),
            "place": QGroupBox(self.tr("Location and power")),
            "snmp": QGroupBox(self.tr("SNMP access")),
        }
        forms = {name: QFormLayout(box) for name, box in groups.items()}
        tag_label = QLabel(self.asset_tag)
        tag_label.setObjectName("assetTagValue")
        tag_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        forms["identity"].addRow(field_label("asset_tag"), tag_label)
        may_set_secrets = self.editable and ctx.can(Perm.EDIT_SECRETS)
        for spec in devices.FIELDS:
            if spec.level not in ("unit", "secret") or spec.key == "asset_tag":
                continue
            group = next((g for g, keys in GROUP_KEYS.items() if spec.key in keys), "identity")
            if spec.level == "secret":
                widget: QWidget = SecretEdit(spec.key, may_set_secrets)
                self.secrets[spec.key] = widget
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
        self._complete(self.fields.get("institution"), data["institutions"])
        self._complete(self.fields.get("room"), data["rooms"])

        self.single_feed_label = QLabel(single_feed_text())
        self.single_feed_label.setObjectName("singleFeedLabel")
        self.single_feed_label.setProperty("role", "error")
        self.single_feed_label.setToolTip(self.tr("A server needs two different PDUs (R-FLOOR-4)."))
        forms["place"].addRow("", self.single_feed_label)
        for key in ("pdu_a", "pdu_b"):
            if key in self.fields:
                self.fields[key].sig_text_edited.connect(self._on_pdu_text_edited)
        self._fill(data)

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

    # -- loading --------------------------------------------------------------------------
    def _read(self) -> dict:
        with self.ctx.store.read() as session:
            unit = session.get(Unit, self.unit_id)
            if unit is None:
                raise NotFound(self.tr("The unit was deleted in the meantime."))
            site_id = unit.line.site_id
            return {
                "snapshot": devices.unit_snapshot(unit),
                "version": unit.version,
                "secret_set": {name: unit.has_secret(name) for name in devices.SECRET_FIELDS},
                "institutions": list(session.scalars(select(Institution.name).where(Institution.site_id == site_id))),
                "rooms": list(session.scalars(select(Room.name).where(Room.site_id == site_id))),
            }

    def _fill(self, data: dict) -> None:
        snapshot = data["snapshot"]
        self.version = data["version"]
        for key, edit in self.fields.items():
            value = snapshot.get(key)
            edit.set_text("" if value is None else str(value))
        for key, combo in self.choices.items():
            combo.setCurrentIndex(max(combo.findData(str(snapshot.get(key) or "")), 0))
            set_invalid(combo, False)
        for key, secret in self.secrets.items():
            secret.set_state(data["secret_set"].get(key, False))
        self._on_pdu_text_edited()

    def reload(self) -> None:
        """Show the unit as it is stored now (after someone else changed it)."""
        try:
            self._fill(self._read())
        except Exception as exc:  # noqa: BLE001
            dialogs.show_error(self, dialogs.error_text(exc))
            self.reject()

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
        values = self.collect_values()
        if values is None:
            return False
        try:
            with self.ctx.store.write() as session:
                devices.save_unit(session, self.ctx.user, self.unit_id, values, expected_version=self.version)
        except ConflictError as exc:
            dialogs.confirm(self, str(exc) + "\n\n" + self.tr("Load the current version now? Your changes here are lost."),
                            self.reload, self.tr("Changed by someone else"))
            return False
        except ValidationError as exc:
            if exc.field in self.fields:
                self.fields[exc.field].show_error(str(exc))
            elif exc.field in self.choices:
                set_invalid(self.choices[exc.field], True)
                dialogs.show_error(self, str(exc))
            else:
                dialogs.show_error(self, str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - permission, database: shown, never a crash
            dialogs.show_error(self, dialogs.error_text(exc))
            return False
        self.sig_unit_saved.emit(self.unit_id)
        self.accept()
        return True
