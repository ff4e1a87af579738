"""The alarm tone: a new critical alarm sounds until every critical alarm is
acknowledged or the person on duty mutes it (muted until the next new critical
alarm). A critical alarm that cleared on its own rings on until acknowledged
(ISA-18.2); one that comes back is the same alarm, so a mute holds over it. Settings ``alarm.tone`` (on/off) and ``alarm.tone_repeat_seconds``.

:class:`AlarmTone` decides (which alarms are new and critical, repeat, mute,
stop); a player makes the sound. :class:`SoundEffectPlayer` plays
``resources/sounds/alarm.wav`` through QtMultimedia and falls back to
``QApplication.beep()`` when there is no audio device or QtMultimedia cannot
load — never a crash, never a wait.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QApplication, QPushButton, QSizePolicy, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.models import settings as settings_model
from opsdesk.models.monitoring import Alarm
from opsdesk.paths import RESOURCES
from opsdesk.store import Store
from opsdesk.ui.alarm_events import alarm_events
from opsdesk.ui.alarms.banner import REFRESH_MS

log = logging.getLogger(__name__)

TONE_FILE = RESOURCES / "sounds" / "alarm.wav"


class TonePlayer(Protocol):
    def play(self) -> None: ...

    def stop(self) -> None: ...


def unacknowledged_critical_ids(session: Session) -> set[int]:
    """The alarms the banner counts as 严重 (current — active, or cleared and waiting —
    not acknowledged, not in a maintenance window; see rows.unacknowledged_counts), by
    id, so a new one is seen."""
    query = select(Alarm.id).where(Alarm.severity == "critical", Alarm.current,
                                   Alarm.acked_at.is_(None), Alarm.in_maintenance.is_(False))
    return set(session.scalars(query))


class BeepPlayer:
    """The system bell: silent on most Linux desktops, but better than nothing."""

    def play(self) -> None:
        QApplication.beep()

    def stop(self) -> None:
        pass


class SoundEffectPlayer:
    """QSoundEffect on the default audio output, made on first use (a console
    without a critical alarm never opens the audio device). Any failure — no
    QtMultimedia, no output device, a device that refuses the format — is logged
    once and the system bell is used from then on."""

    def __init__(self, source=TONE_FILE) -> None:
        self.source = source
        self.effect = None  # QSoundEffect once made
        self.fallback: BeepPlayer | None = None
        self._broken = None
        self._playing = False  # asked to play: a failure while loading rings the bell instead

    def _make(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError as exc:  # libpulse0 missing, or PySide6-Addons not installed
            self._fail("QtMultimedia unavailable: %s", exc)
            return
        if not QMediaDevices.audioOutputs():
            self._fail("no audio output device")
            return
        self.effect = self.make_effect()
        # Listen before loading: a file that fails to decode may say so at once.
        self.effect.statusChanged.connect(self._on_status_changed)
        self.effect.setSource(QUrl.fromLocalFile(str(self.source)))
        self._on_status_changed()

    def make_effect(self):
        """The QSoundEffect the tone is loaded into (loading is asynchronous)."""
        from PySide6.QtMultimedia import QSoundEffect

        return QSoundEffect()

    def _fail(self, why: str, *args: object) -> None:
        log.warning("alarm tone: " + why + "; using the system bell", *args)
        self.fallback = BeepPlayer()
        # Kept, not dropped: this may run inside the effect's own statusChanged.
        self._broken, self.effect = self.effect, None

    def _failed(self) -> bool:
        """The effect could not load or play: switch to the bell (True once switched)."""
        from PySide6.QtMultimedia import QSoundEffect

        if self.effect is not None and self.effect.status() == QSoundEffect.Status.Error:
            self._fail("cannot play %s on the audio device", self.source)
            return True
        return False

    def _on_status_changed(self) -> None:
        if self._failed() and self._playing:
            self.fallback.play()  # the play that just failed

    def play(self) -> None:
        if self.effect is None and self.fallback is None:
            self._make()
        else:
            self._failed()  # an error the effect never signalled
        self._playing = True
        if self.fallback is not None:
            self.fallback.play()
        elif self.effect is not None:
            self.effect.play()  # asynchronous: returns at once, also while still loading

    def stop(self) -> None:
        self._playing = False
        if self.effect is not None:
            self.effect.stop()


def default_player() -> TonePlayer:
    """What a console rings with (tests put a recorder here)."""
    return SoundEffectPlayer()


class AlarmTone(QObject):
    """Watches the unacknowledged critical alarms and rings for new ones."""

    sig_ringing_changed = Signal(bool)
    """True when the tone starts sounding (and repeating), False when it stops."""

    def __init__(self, store: Store | None, player: TonePlayer | None = None, *, watch: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.player: TonePlayer = player if player is not None else default_player()
        self.ringing = False
        self.muted = False
        self.enabled = True
        self._seen: set[int] = set()
        self.repeat_timer = QTimer(self)
        self.repeat_timer.timeout.connect(self.tick)
        self.repeat_timer.setInterval(10_000)
        self._poll = QTimer(self)
        self._poll.setInterval(REFRESH_MS)
        self._poll.timeout.connect(self.refresh)
        if watch and store is not None:
            alarm_events().sig_alarms_changed.connect(self.refresh)
            self._poll.start()
            # A console opened while a critical alarm waits rings for it: whoever logs in should know.
            self.refresh()

    def refresh(self) -> None:
        """Read the alarms and the settings again (the banner's query, by id)."""
        if self._store is None:
            return
        try:
            with self._store.read() as session:
                ids = unacknowledged_critical_ids(session)
                enabled = bool(settings_model.get(session, "alarm.tone"))
                repeat = int(settings_model.get(session, "alarm.tone_repeat_seconds"))
        except Exception as exc:  # noqa: BLE001 - a busy database: the next tick tries again
            log.warning("alarm tone: cannot read alarms: %s", exc)
            return
        self.update(ids, enabled=enabled, repeat_seconds=repeat)

    def update(self, critical_ids: Iterable[int], *, enabled: bool = True, repeat_seconds: int = 10) -> None:
        """The decision: ring on a new critical alarm, stop when none is left
        unacknowledged or the tone is switched off; a mute holds until a new one."""
        ids = set(critical_ids)
        new = ids - self._seen
        self._seen = ids
        self.enabled = enabled
        self.repeat_timer.setInterval(max(1, repeat_seconds) * 1000)
        if not ids:
            self.muted = False
        if not enabled or not ids:
            self._set_ringing(False)
            return
        if new:
            self.muted = False
            if self.ringing:
                self.player.play()  # another one: sound it now, not on the next repeat
                self.repeat_timer.start()
            else:
                self._set_ringing(True)

    def tick(self) -> None:
        """The repeat: sound again while ringing."""
        if self.ringing and not self.muted:
            self.player.play()

    def mute(self) -> None:
        """Silence until the next new critical alarm."""
        if self.ringing:
            self.muted = True
            self._set_ringing(False)

    def stop(self) -> None:
        self._poll.stop()
        self._set_ringing(False)

    def _set_ringing(self, ringing: bool) -> None:
        if ringing == self.ringing:
            return
        self.ringing = ringing
        if ringing:
            self.player.play()
            self.repeat_timer.start()
        else:
            self.repeat_timer.stop()
            self.player.stop()
        self.sig_ringing_changed.emit(ringing)


class MuteButton(QPushButton):
    """静音 beside the banner, shown only while the tone sounds."""

    def __init__(self, tone: AlarmTone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmMuteButton")
        self.setText(self.tr("Mute tone"))
        self.setToolTip(self.tr("Silence the alarm tone until the next new critical alarm. "
                                "Acknowledging every critical alarm stops it too."))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)  # as tall as the banner
        # Sits on the red critical banner: white on the banner's darker red.
        self.setStyleSheet("#alarmMuteButton { background: #9b2c2c; color: #ffffff; border: none;"
                           " border-left: 1px solid #7f1d1d; padding: 7px 18px; font-weight: bold; }"
                           "#alarmMuteButton:hover { background: #7f1d1d; }")
        self._tone = tone
        self.clicked.connect(tone.mute)
        tone.sig_ringing_changed.connect(self._on_ringing_changed)
        self.setVisible(tone.ringing)

    def _on_ringing_changed(self, ringing: bool) -> None:
        self.setVisible(ringing)

