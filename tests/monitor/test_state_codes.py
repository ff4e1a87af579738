"""A device's state keeps a code and its parameters (migration 0014) and is read in the reader's language
(issue 16, item 2): a device that stops answering while the poller runs in English shows a Chinese reader
a wholly Chinese state on the floor and in the device window; (tests/monitor/test_invalid_codes.py: an
invalid reading's event)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

from sqlalchemy import select

from opsdesk import i18n
from opsdesk.models import Alarm, DeviceState, Unit
from opsdesk.models.alarm_text import state_text
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import device_snapshot, floor
from opsdesk.poller import unit_label
from opsdesk.store import Store
from tests.migrations import downgrade
from tests.readings import D
from tests.ui.latin_check import ALLOWED_WORDS, LATIN_WORD

T0 = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)
SILENT = D(status="unreachable", error_category="timeout", error_message="no response before timeout",
           uptime_s=None, sys_object_id="", sys_descr="", profiles=())


def _latin(text: str, data: str) -> list[str]:
    """Latin words of ``text`` that are neither allowed (units …) nor the device's own data."""
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS and w not in LATIN_WORD.findall(data)]


def _quiet_unit(store) -> tuple[int, str, int]:
    """A unit on a floor plan with no open alarm: (id, label, room)."""
    with store.read() as s:
        alarmed = set(s.scalars(select(Alarm.unit_id).where(Alarm.cleared_at.is_(None))))
        unit = next(u for u in s.scalars(select(Unit).where(Unit.room_id.is_not(None)).order_by(Unit.id))
                    if u.id not in alarmed)
        return unit.id, unit_label(unit), unit.room_id


def _poll_in(store, lang: str, unit_id: int, label: str, result, times: int = 1) -> None:
    i18n.set_language(lang)
    try:
        for i in range(times):
            with store.write() as s:
                monitor = Monitor(s, T0 + dt.timedelta(seconds=30 * i))
                monitor.apply(unit_id, label, result)
                monitor.flush()
    finally:
        i18n.set_language("zh")


def _shown(store, user, unit_id: int, room_id: int, lang: str) -> tuple[str, str, list[str]]:
    """(the floor's message, the device window's message, its alarms' texts) in ``lang``."""
    i18n.set_language(lang)
    try:
        with store.read() as s:
            on_floor = floor.room_status(s, room_id).units[unit_id].message
            snap = device_snapshot.load_snapshot(s, user, unit_id)
    finally:
        i18n.set_language("zh")
    return on_floor, snap.message, [a.message for a in snap.alarms]


def test_silent_under_english_reads_wholly_chinese_on_the_floor_and_in_the_device_window(demo_store, demo_users):
    unit_id, label, room_id = _quiet_unit(demo_store)
    _poll_in(demo_store, "en", unit_id, label, SILENT)  # one failure: not yet unreachable, no alarm
    with demo_store.read() as s:
        state = s.get(DeviceState, unit_id)
        assert (state.code, state.params) == ("unreachable", {"reason": "timeout",
                                                              "detail": "no response before timeout"})
        assert state.message == "Does not answer (timeout)"  # the poller's language, for old readers
    on_floor, window, _ = _shown(demo_store, demo_users["duty"], unit_id, room_id, "zh")
    assert on_floor == window == "无应答（超时）"  # the reason's words, not the agent's English
    assert _shown(demo_store, demo_users["duty"], unit_id, room_id, "en")[:2] == ("Does not answer (timeout)",) * 2

    _poll_in(demo_store, "en", unit_id, label, SILENT, times=4)  # unreachable now: an alarm
    on_floor, window, alarms = _shown(demo_store, demo_users["duty"], unit_id, room_id, "zh")
    assert window == "无应答（超时）" and on_floor == f"{label} 无应答（超时）" and alarms
    assert [(t, _latin(t, label)) for t in (on_floor, window, *alarms) if _latin(t, label)] == []


def test_a_device_no_profile_reads_says_so_in_the_reader_s_language(demo_store, demo_users):
    with demo_store.read() as s:
        ups = s.scalars(select(Unit).join(Unit.line).where(Unit.asset_tag.like("%UPS%")).order_by(Unit.id)).first()
        unit_id, label = ups.id, unit_label(ups)
    _poll_in(demo_store, "en", unit_id, label, D([], sys_descr="Linux box", kinds=("generic",)))
    with demo_store.read() as s:
        state = s.get(DeviceState, unit_id)
        assert state.status == "no_profile" and (state.code, state.params) == ("no_profile", {"descr": "Linux box"})
        assert state_text(state, "zh") == "无匹配型号，没有型号档案能读取此设备（设备自报：Linux box）"
        assert state_text(state, "en") == "No profile reads this device; it answers as Linux box"
        assert device_snapshot.load_snapshot(s, demo_users["duty"], unit_id).message == state_text(state, "zh")


def _old_states(path) -> dict[str, int]:
    """device_state rows as releases before 0014 wrote them, in both languages, and text from older ones."""
    store = Store(str(path))
    with store.read() as s:
        ids = list(s.scalars(select(Unit.id).order_by(Unit.id).limit(6)))
    store.close()
    downgrade(path, "0013")
    rows = {  # name: (message, sys_descr)
        "timeout_en": ("no answer in time：no response before timeout", ""),
        "auth_zh": ("认证失败（团体名或 SNMPv3 用户/密钥）：wrong community", ""),
        "unreachable_zh": ("网络不可达", ""),
        "no_profile_zh": ("无匹配型号：没有型号档案能读取此设备", "Linux box"),
        "older": ("timeout after 2 s", ""),
        "empty": ("", ""),
    }
    found = {}
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM device_state")
        for unit_id, (name, (message, descr)) in zip(ids, rows.items(), strict=True):
            db.execute("INSERT INTO device_state (unit_id, status, message, failures, sys_object_id, sys_descr, "
                       "profiles, in_maintenance) VALUES (?, 'unreachable', ?, 3, '', ?, '[]', 0)",
                       (unit_id, message, descr))
            found[name] = unit_id
    return found


def test_old_state_messages_are_parsed_into_codes_and_others_stay_text(demo_db_path):
    ids = _old_states(demo_db_path)
    store = Store(str(demo_db_path))  # upgrades to the head
    try:
        with store.read() as s:
            states = {name: s.get(DeviceState, unit_id) for name, unit_id in ids.items()}
            codes = {name: st.code for name, st in states.items()}
            zh = {name: state_text(st, "zh") for name, st in states.items()}
            en = {name: state_text(st, "en") for name, st in states.items()}
            params = {name: st.params for name, st in states.items()}
    finally:
        store.close()
    assert codes == {"timeout_en": "unreachable", "auth_zh": "unreachable", "unreachable_zh": "unreachable",
                     "no_profile_zh": "no_profile", "older": None, "empty": None}
    assert zh["timeout_en"] == "无应答（超时）" and params["timeout_en"]["detail"] == "no response before timeout"
    assert en["auth_zh"] == "Does not answer (authentication failed)"
    assert params["auth_zh"]["detail"] == "wrong community"
    assert en["unreachable_zh"] == "Does not answer (not reachable)"
    assert en["no_profile_zh"] == "No profile reads this device; it answers as Linux box"
    assert zh["older"] == en["older"] == "timeout after 2 s" and zh["empty"] == ""
    assert not any(re.search(r"[A-Za-z]{3,}", zh[n]) for n in ("timeout_en", "auth_zh", "unreachable_zh"))
