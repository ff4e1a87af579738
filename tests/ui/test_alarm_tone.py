"""The alarm tone: a new critical alarm rings and repeats until every critical
alarm is acknowledged or the tone is muted; off by setting; warnings are silent.
The decision is checked with a recording player; the real player once."""

from __future__ import annotations

import datetime as dt
import wave

import pytest
from PySide6.QtCore import Qt, QUrl

from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops import settings_ops
from opsdesk.ui.alarms import tone as tone_mod
from opsdesk.ui.alarms.tone import TONE_FILE, AlarmTone, SoundEffectPlayer
from opsdesk.ui.live_feed import live_feed
from tests.ui.conftest import settle as settle_ops
from tests.ui.conftest import write_off_gui
from tests.ui.monitoring_data import START, STEP, ac, cycle, feed_scenario, unit_ids


class RecordingPlayer:
    def __init__(self) -> None:
        self.plays = 0
        self.stops = 0

    def play(self) -> None:
        self.plays += 1

    def stop(self) -> None:
        self.stops += 1


@pytest.fixture
def player() -> RecordingPlayer:
    return RecordingPlayer()


@pytest.fixture
def settle(qtbot):
    """Let the live feed read the store again and the tone decide on it (what its timer and the
    feed's signals do in the console)."""

    def settle(tone: AlarmTone) -> None:
        feed = live_feed(tone._store)
        qtbot.waitUntil(lambda: not feed._read.reading, timeout=5000)
        with qtbot.waitSignal(feed.sig_snapshot_read, timeout=5000):
            feed.poke()
        qtbot.waitUntil(lambda: not tone._settings.reading and tone._tone_settings is not None, timeout=5000)
        tone.refresh()

    return settle


@pytest.fixture
def make_tone(qtbot, demo_store, player, settle):
    tones = []

    def make() -> AlarmTone:
        tone = AlarmTone(demo_store, player)
        tones.append(tone)
        settle(tone)
        return tone

    yield make
    for tone in tones:
        tone.stop()


def set_setting(store, admin, key, value) -> None:
    write_off_gui(store, lambda s: settings_ops.set_setting(s, admin, key, value))


def acknowledge(store, user, alarm_id) -> None:
    write_off_gui(store, lambda s: alarm_ops.acknowledge(s, user, alarm_id, "已到现场处理"))


def raise_new_critical(store) -> None:
    """YHL-AC-0002 return air at 31 ℃ for a minute (critical from 30 ℃)."""
    unit = unit_ids(store, "YHL-AC-0002")["YHL-AC-0002"]
    for i in range(3):
        cycle(store, START + dt.timedelta(minutes=15) + i * STEP, {unit: ("YHL-AC-0002 精密空调", ac(31.0))})


def test_a_new_critical_alarm_rings_and_repeats_on_the_timer(make_tone, player, demo_store, demo_users, fixed_clock,
                                                              settle):
    set_setting(demo_store, demo_users["admin"], "alarm.tone_repeat_seconds", 3)
    tone = make_tone()
    assert player.plays == 0 and not tone.ringing  # nothing critical yet

    feed_scenario(demo_store)  # AC-0001 at 31 ℃ and SRV-0001 unreachable: two critical alarms
    settle(tone)
    assert tone.ringing and player.plays == 1
    assert tone.repeat_timer.isActive() and tone.repeat_timer.interval() == 3000

    tone.repeat_timer.timeout.emit()
    tone.repeat_timer.timeout.emit()
    assert player.plays == 3
    settle(tone)  # the same alarms again: no extra sound
    assert player.plays == 3


def test_acknowledging_every_critical_alarm_stops_it(make_tone, player, demo_store, demo_users, settle):
    scenario = feed_scenario(demo_store)
    tone = make_tone()
    assert tone.ringing and player.plays == 1

    acknowledge(demo_store, demo_users["duty"], scenario.alarm_id("YHL-AC-0001"))
    settle(tone)
    assert tone.ringing  # the server is still unacknowledged

    acknowledge(demo_store, demo_users["duty"], scenario.alarm_id("YHL-SRV-0001"))
    settle(tone)
    assert not tone.ringing and player.stops == 1
    tone.tick()
    assert player.plays == 1  # the warning (UPS on battery) left does not ring


def test_mute_stops_until_the_next_new_critical_alarm(make_tone, player, demo_store, settle):
    feed_scenario(demo_store)
    tone = make_tone()
    assert tone.ringing

    tone.mute()
    assert not tone.ringing and tone.muted and player.stops == 1
    assert not tone.repeat_timer.isActive()
    tone.tick()
    settle(tone)  # the same unacknowledged alarms: still muted
    assert player.plays == 1

    raise_new_critical(demo_store)
    settle(tone)
    assert tone.ringing and not tone.muted and player.plays == 2


def test_tone_switched_off_is_silent(make_tone, player, demo_store, demo_users, settle):
    set_setting(demo_store, demo_users["admin"], "alarm.tone", False)
    feed_scenario(demo_store)
    tone = make_tone()
    tone.tick()
    assert player.plays == 0 and not tone.ringing

    set_setting(demo_store, demo_users["admin"], "alarm.tone", True)  # on again: the next new one rings
    raise_new_critical(demo_store)
    settle(tone)
    assert tone.ringing and player.plays == 1


def test_warnings_alone_are_silent(make_tone, player, demo_store, demo_users):
    scenario = feed_scenario(demo_store)
    for tag in ("YHL-AC-0001", "YHL-SRV-0001"):
        acknowledge(demo_store, demo_users["duty"], scenario.alarm_id(tag))
    tone = make_tone()  # the UPS-on-battery warning is unacknowledged
    tone.tick()
    assert player.plays == 0 and not tone.ringing


def test_main_window_mute_button_follows_the_tone(qtbot, monkeypatch, player, alarm_store, main_window):
    monkeypatch.setattr(tone_mod, "default_player", lambda: player)
    window = main_window("duty")
    assert window.alarm_tone.ringing and player.plays == 1
    assert window.mute_button.isVisible() and window.mute_button.text() == "静音"
    assert window.mute_button.height() >= window.alarm_banner.height()

    qtbot.mouseClick(window.mute_button, Qt.MouseButton.LeftButton)
    assert not window.alarm_tone.ringing and not window.mute_button.isVisible()
    assert window.alarm_banner.state == "critical"  # muting is not acknowledging


def test_main_window_ack_through_the_dialog_stops_the_tone(qtbot, monkeypatch, player, alarm_store, main_window):
    monkeypatch.setattr(tone_mod, "default_player", lambda: player)
    window = main_window("duty")
    alarms = window.show_panel("alarms")
    settle_ops(qtbot)  # the list is read off the GUI thread
    for tag in ("YHL-AC-0001", "YHL-SRV-0001"):
        alarms.select_alarm(alarm_store.alarm_id(tag))
        dialog = alarms.acknowledge_selected()
        qtbot.addWidget(dialog)
        dialog.note_edit.setPlainText("已到现场检查")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.alarm_tone.ringing, timeout=3000)  # the feed reads again at once
    assert not window.mute_button.isVisible()


def test_the_real_player_loads_the_tone_file(qtbot, monkeypatch):
    from PySide6.QtMultimedia import QMediaDevices

    with wave.open(str(TONE_FILE)) as wav:  # 16-bit PCM that QSoundEffect plays everywhere
        assert wav.getsampwidth() == 2 and wav.getframerate() == 44_100
        assert 0.5 < wav.getnframes() / wav.getframerate() < 3
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: ["a speaker"]))
    player = SoundEffectPlayer()
    player.stop()
    player._make()  # what the first play does
    effect = player.effect or player._broken
    assert effect.source() == QUrl.fromLocalFile(str(TONE_FILE))
    assert effect.source().isLocalFile() and TONE_FILE.is_file()


def test_without_an_audio_device_the_real_player_beeps_at_once(monkeypatch):
    from PySide6.QtMultimedia import QMediaDevices

    beeps = []
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    monkeypatch.setattr(tone_mod.BeepPlayer, "play", lambda self: beeps.append(1))
    player = SoundEffectPlayer()
    player.play()
    player.play()
    player.stop()
    assert beeps == [1, 1] and player.effect is None


def test_a_tone_the_device_cannot_play_falls_back_to_the_bell(qtbot, monkeypatch, tmp_path):
    from PySide6.QtMultimedia import QMediaDevices

    beeps = []
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: ["a speaker"]))
    monkeypatch.setattr(tone_mod.BeepPlayer, "play", lambda self: beeps.append(1))
    broken = tmp_path / "alarm.wav"
    broken.write_bytes(b"not a wave file")
    player = SoundEffectPlayer(broken)
    player.play()  # returns at once; the failure comes as a status change
    assert player.effect is not None or beeps
    qtbot.waitUntil(lambda: player.fallback is not None, timeout=10_000)
    assert beeps == [1]  # the failed play is made up for at once
    player.play()
    assert beeps == [1, 1]


def clear_ac1(store, when) -> None:
    unit = unit_ids(store, "YHL-AC-0001")["YHL-AC-0001"]
    cycle(store, when, {unit: ("YHL-AC-0001 精密空调", ac(25.0))})


def test_a_critical_alarm_that_cleared_unacknowledged_rings_until_acknowledged(make_tone, player, demo_store,
                                                                                demo_users, settle):
    scenario = feed_scenario(demo_store)
    acknowledge(demo_store, demo_users["duty"], scenario.alarm_id("YHL-SRV-0001"))
    ac1 = scenario.alarm_id("YHL-AC-0001")
    tone = make_tone()
    assert tone.ringing
    clear_ac1(demo_store, START + dt.timedelta(minutes=16))  # back to 25 ℃ before anyone acknowledged it
    settle(tone)
    assert tone.ringing  # cleared is not seen: it rings on (ISA-18.2)
    tone.tick()
    assert player.plays == 2
    acknowledge(demo_store, demo_users["duty"], ac1)
    settle(tone)
    assert not tone.ringing and player.stops == 1


def test_a_muted_alarm_that_comes_back_stays_muted(make_tone, player, demo_store, demo_users, settle):
    scenario = feed_scenario(demo_store)
    acknowledge(demo_store, demo_users["duty"], scenario.alarm_id("YHL-SRV-0001"))
    tone = make_tone()
    tone.mute()
    clear_ac1(demo_store, START + dt.timedelta(minutes=16))
    unit = scenario.units["YHL-AC-0001"]
    for i in range(3):  # 31 ℃ again: the same alarm, raised a second time, not a new one
        cycle(demo_store, START + dt.timedelta(minutes=17) + i * STEP, {unit: ("YHL-AC-0001 精密空调", ac(31.0))})
    settle(tone)
    assert tone.muted and not tone.ringing and player.plays == 1
