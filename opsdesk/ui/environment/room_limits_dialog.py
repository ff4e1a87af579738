"""机房限值: a room's own temperature and humidity band (R-ENV-1, "limits are settings per
room"), or the site-wide setting. Supervisors and administrators (EDIT_SETTINGS)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QGridLayout, QLabel, QWidget

from opsdesk.ops.room_views import RoomLimitsForm
from opsdesk.ops.settings_ops import set_room_limits
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.dialogs import FormDialog
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Write, failure_text

_RANGES = {"temperature": (-10.0, 50.0, "℃"), "humidity": (0.0, 100.0, "%RH")}


class RoomLimitsDialog(FormDialog):
    """Per class: "this room's own band" ticked with its low and high, or the site-wide one.
    Made from the room's limits as read off the GUI thread (ops.room_views.room_limits_form)."""

    def __init__(self, ctx: ConsoleContext, form: RoomLimitsForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomLimitsDialog")
        self.setWindowTitle(self.tr("Room limits"))
        self.setMinimumWidth(480)
        self.ctx, self.room_id, self.version = ctx, form.room_id, form.version
        self.add_heading(self.tr("Limits of {room}").format(room=form.name))
        note = QLabel(self.tr("Outside the band the monitor raises an alarm for this room's temperature and "
                              "humidity points; without a band of its own the room follows the site-wide setting."))
        note.setWordWrap(True)
        note.setObjectName("roomLimitsNote")
        self.body.addWidget(note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        grid.addWidget(QLabel(self.tr("Lower limit")), 0, 1)
        grid.addWidget(QLabel(self.tr("Upper limit")), 0, 2)
        self.own: dict[str, QCheckBox] = {}
        self.low: dict[str, QDoubleSpinBox] = {}
        self.high: dict[str, QDoubleSpinBox] = {}
        words = {"temperature": self.tr("Own temperature band"), "humidity": self.tr("Own humidity band")}
        for row, cls in enumerate(("temperature", "humidity"), start=1):
            lo, hi, unit = _RANGES[cls]
            band = form.band(cls)
            check = QCheckBox(words[cls])
            check.setObjectName(f"own_{cls}")
            check.setChecked(band.own)
            grid.addWidget(check, row, 0)
            for col, (store, value) in enumerate(((self.low, band.low), (self.high, band.high)), start=1):
                box = QDoubleSpinBox()
                box.setObjectName(f"{'low' if col == 1 else 'high'}_{cls}")
                box.setRange(lo, hi)
                box.setDecimals(1)
                box.setSingleStep(0.5)
                box.setSuffix(f" {unit}")
                box.setValue(value if value is not None else lo)
                box.setEnabled(band.own)
                check.toggled.connect(box.setEnabled)
                store[cls] = box
                grid.addWidget(box, row, col)
            self.own[cls] = check
        self.body.addLayout(grid)
        self.add_error_line()
        self.add_button_row(self.tr("Save"), self._on_save)

    def bands(self) -> dict[str, tuple[float, float] | None]:
        return {cls: (self.low[cls].value(), self.high[cls].value()) if self.own[cls].isChecked() else None
                for cls in self.own}

    def _on_save(self) -> None:
        """Saved off the GUI thread (Save busy meanwhile); a refusal is said in the dialog, nothing lost."""
        user, room_id, bands, version = self.ctx.user, self.room_id, self.bands(), self.version
        Write(self, self.ctx.store, lambda session: set_room_limits(session, user, room_id, bands, version=version),
              button=self.ok_button, feed=live_feed(self.ctx.store)) \
            .success(lambda _result: self.accept()) \
            .failure(lambda exc: self.show_error(failure_text(exc, log_bug=False))).run()
