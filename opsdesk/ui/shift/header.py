"""The head of the shift page: which shift, who is on it, how far the checklist is
(late in red), and — once signed — the lock with its revision, or after a correction
the request that both engineers sign again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from opsdesk.clock import to_local
from opsdesk.models import labels
from opsdesk.ops.shift_rows import ShiftState
from opsdesk.ui.labels import shift_code_label, shift_status_label
from opsdesk.ui.style import repolish


class ShiftHeader(QWidget):
    """Shows a :class:`ShiftState`; asks for 更正 and 签字 through signals."""

    sig_correct_requested = Signal()
    """更正… was pressed on a signed shift."""
    sig_sign_requested = Signal()
    """签字… was pressed on a corrected shift."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = QFrame()
        self.card.setObjectName("shiftHeader")
        self.heading_label = QLabel()
        self.heading_label.setObjectName("shiftHeading")
        self.status_badge = QLabel()
        self.status_badge.setObjectName("shiftStatusBadge")
        self.people_label = QLabel()
        self.people_label.setObjectName("shiftPeople")
        self.completion_label = QLabel()
        self.completion_label.setObjectName("completionLabel")
        self.completion_bar = QProgressBar()
        self.completion_bar.setObjectName("completionBar")
        self.completion_bar.setTextVisible(False)
        self.completion_bar.setFixedSize(280, 8)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdueLabel")
        self.overdue_label.hide()
        heading_line = QHBoxLayout()
        heading_line.addWidget(self.heading_label)
        heading_line.addSpacing(10)
        heading_line.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        heading_line.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addLayout(heading_line)
        left.addWidget(self.people_label)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.completion_label, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.completion_bar, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.overdue_label, 0, Qt.AlignmentFlag.AlignRight)
        card_layout = QHBoxLayout(self.card)
        card_layout.setContentsMargins(16, 10, 16, 10)
        card_layout.addLayout(left, 1)
        card_layout.addLayout(right)

        self.lock_banner = QFrame()
        self.lock_banner.setObjectName("lockBanner")
        self.lock_label = QLabel()
        self.lock_label.setObjectName("lockLabel")
        self.lock_label.setWordWrap(True)
        self.correct_button = QPushButton(self.tr("Correct…"))
        self.correct_button.setObjectName("correctButton")
        self.correct_button.clicked.connect(self.sig_correct_requested)
        self.sign_again_button = QPushButton(self.tr("Sign…"))
        self.sign_again_button.setObjectName("signAgainButton")
        self.sign_again_button.setProperty("primary", True)
        self.sign_again_button.clicked.connect(self.sig_sign_requested)
        banner_layout = QHBoxLayout(self.lock_banner)
        banner_layout.setContentsMargins(16, 8, 12, 8)
        banner_layout.addWidget(self.lock_label, 1)
        banner_layout.addWidget(self.sign_again_button)
        banner_layout.addWidget(self.correct_button)
        self.lock_banner.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.card)
        layout.addWidget(self.lock_banner)

    def show_state(self, state: ShiftState, *, can_correct: bool, can_sign: bool) -> None:
        self.heading_label.setText(self.tr("{site} · {day} {shift} {window}").format(
            site=state.site_name, day=state.day.isoformat(), shift=shift_code_label(state.code),
            window=state.window_text()))
        self.status_badge.setText(shift_status_label(state.status))
        self.status_badge.setProperty("state", state.status)
        repolish(self.status_badge)
        self.people_label.setText(self.tr("On duty: {people} · Checklist version {version}").format(
            people=labels.listing(state.on_duty_names) or "—", version=state.template_version))
        self._show_completion(state)
        self._show_banner(state, can_correct, can_sign)

    def _show_completion(self, state: ShiftState) -> None:
        done = state.completion
        if done.open_required:
            text = self.tr("Done {done}/{total}, required open {n}").format(done=done.done, total=done.total,
                                                                            n=len(done.open_required))
        else:
            text = self.tr("Done {done}/{total}, all required items done").format(done=done.done, total=done.total)
        self.completion_label.setText(text)
        self.completion_bar.setRange(0, max(done.total, 1))
        self.completion_bar.setValue(done.done)
        for widget in (self.completion_label, self.completion_bar):
            widget.setProperty("state", "open" if done.open_required else "done")
            repolish(widget)
        end = to_local(state.window[1], state.timezone)
        self.overdue_label.setText(self.tr("Past the shift's end ({end}) with required items open").format(
            end=f"{end:%m-%d %H:%M}"))
        self.overdue_label.setVisible(done.overdue and not state.signed)

    def _show_banner(self, state: ShiftState, can_correct: bool, can_sign: bool) -> None:
        if state.signed:
            last = state.revisions[-1] if state.revisions else None
            signers = "　".join(f"{s.meaning} {s.name} {s.signed_at}" for s in last.signers) if last else ""
            self.lock_label.setText(self.tr("Signed and locked, revision {n}").format(n=state.revision)
                                    + (f"　{signers}" if signers else ""))
            kind = "signed"
            self.correct_button.setVisible(can_correct)
            self.sign_again_button.hide()
        elif state.awaiting_signatures:
            last = state.revisions[-1]
            self.lock_label.setText(self.tr("Corrected: revision {n} ({reason}) needs both signatures again").format(
                n=last.revision, reason=last.reason))
            kind = "corrected"
            self.correct_button.hide()
            self.sign_again_button.setVisible(can_sign)
        else:
            self.lock_banner.hide()
            return
        for widget in (self.lock_banner, self.lock_label):
            widget.setProperty("state", kind)
            repolish(widget)
        self.lock_banner.show()
