"""The alarm tone: a new critical alarm sounds until every critical alarm is
acknowledged or the person on duty mutes it (muted until the next new critical
alarm). A critical alarm that cleared on its own rings on until acknowledged
(ISA-18.2); one that comes back is the same alarm, so a mute holds over it.
Settings ``alarm.tone`` (on/off) and ``alarm.tone_repeat_seconds``.

:class:`AlarmTone` decides (which alarms are new and critical, repeat, mute,
stop); a player makes the sound. :class:`SoundEffectPlayer` plays
``resources/sounds/alarm.wav`` through QtMultimedia and falls back to
``QApplication.beep()`` when there is no audio device or QtMultimedia cannot
load — never a crash, never a wait.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QApplication, QPushButton, QSizePolicy, QWidget

from opsdesk.models import settings as settings_model
from opsdesk.monitor.live import AlarmSummary
from opsdesk.paths import RESOURCES
from opsdesk.store import Store
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import reading
from opsdesk.ui.worker import LatestRead

if TYPE_CHECKING:  # imported when first needed: QtMultimedia may be missing
    from pathlib import Path

    from PySide6.QtMultimedia import QSoundEffect
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

TONE_FILE = RESOURCES / "sounds" / "alarm.wav"


class TonePlayer(Protocol):
    def play(self) -> None: ...

    def stop(self) -> None: ...


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

    def __init__(self, source: Path = TONE_FILE) -> None:
        self.source = source
        self.effect: QSoundEffect | None = None  # made on first use
        self.fallback: BeepPlayer | None = None
        self._broken: QSoundEffect | None = None
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

    def make_effect(self) -> QSoundEffect:
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
        if self._failed() and self._playing and self.fallback is not None:
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
        self._feed = live_feed(store) if watch and store is not None else None
        self._settings = LatestRead(self.read_settings, self._on_settings_read, self._on_read_failed)
        self._critical: frozenset[int] = frozenset()
        self._tone_settings: tuple[bool, int] | None = None
        if self._feed is not None:
            self._feed.sig_alarms_changed.connect(self._on_alarms_changed)
            self._feed.sig_records_changed.connect(self._on_records_changed)
            # A console opened while a critical alarm waits rings for it: whoever logs in should know.
            self.read_settings()

    def refresh(self) -> None:
        """Decide again now, on the feed's newest summary, and ask the feed to read again."""
        if self._feed is None:
            return
        self._on_alarms_changed(self._feed.alarms)
        self._feed.poke()

    def read_settings(self) -> None:
        """``alarm.tone`` and its repeat, read off the GUI thread (again when a setting changes)."""
        store = self._store
        if store is None:
            return  # a tone made without a store has no settings to read

        def read(session: Session) -> tuple[bool, int]:
            return (bool(settings_model.get(session, "alarm.tone")),
                    int(settings_model.get(session, "alarm.tone_repeat_seconds")))
        self._settings.start(reading(store, read))

    def _on_settings_read(self, values: tuple[bool, int]) -> None:
        self._tone_settings = values
        self.update(self._critical, enabled=values[0], repeat_seconds=values[1])

    def _on_read_failed(self, exc: BaseException) -> None:
        log.warning("alarm tone: cannot read its settings: %s", exc)  # the feed's next change tries again

    def _on_records_changed(self, kind: str) -> None:
        if kind == "setting":
            self.read_settings()

    def _on_alarms_changed(self, summary: AlarmSummary) -> None:
        self._critical = summary.critical_ids
        if self._tone_settings is None or self._settings.reading:
            return  # decided when the (changed) settings are in
        enabled, repeat = self._tone_settings
        self.update(summary.critical_ids, enabled=enabled, repeat_seconds=repeat)

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
        if self._feed is not None:
            try:
                self._feed.sig_alarms_changed.disconnect(self._on_alarms_changed)
            except (RuntimeError, TypeError):  # already disconnected
                pass
            self._feed = None
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

