"""Migration 0013: alarm rows written before codes (a sentence in the poller's language, English or
Chinese) get their code and parameters where the message is one of the monitor's templates; any
other message stays as text and is shown as stored."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from opsdesk.models import Alarm, MetricSeries, Unit
from opsdesk.models.alarm_text import shown
from opsdesk.poller import unit_label
from opsdesk.store import Store
from tests.migrations import downgrade

AT = "2026-11-20 02:00:00.000000"




def _old_rows(path) -> dict[str, int]:
    """Alarm rows as releases before 0013 wrote them, in both languages, and one garbage message."""
    store = Store(str(path))
    with store.read() as s:
        series = s.scalars(select(MetricSeries).where(MetricSeries.metric == "cooling.return_temperature")).first()
        ac = s.get(Unit, series.unit_id)
        other = s.scalars(select(Unit).where(Unit.id != ac.id).order_by(Unit.id)).first()
        ac_label, other_label, series_id = unit_label(ac), unit_label(other), series.id
        ac_id, other_id = ac.id, other.id
    store.close()
    downgrade(path, "0012")
    rows = {  # name: (unit, series, kind, message, value, low, high)
        "threshold_zh": (ac_id, series_id, "threshold", f"{ac_label} 回风温度 29.4417 ℃，超出 18–28", 29.4417, 18, 28),
        "threshold_en": (other_id, None, "threshold",
                         f"{other_label} Virtual memory 93.0417 % outside –90 (maintenance window)", None, None, None),
        "unreachable_en": (other_id, None, "unreachable",
                           f"{other_label} does not answer: no answer in time：no response before timeout",
                           None, None, None),
        "unreachable_zh": (other_id, None, "unreachable", f"{other_label} 无响应：网络不可达", None, None, None),
        "state_en": (other_id, None, "state", f"{other_label} Output source: On battery", 5, None, None),
        "restarted_zh": (other_id, None, "event", f"{other_label} 已重启（运行时间回退）。", None, None, None),
        "invalid_zh": (ac_id, series_id, "event",
                       f"{ac_label} 回风温度：读数无效（本次无应答（timeout: no answer in 2 s））", None, None, None),
        "no_profile_en": (other_id, None, "no_profile",
                          f"{other_label}: no profile reads this device (无匹配型号); it answers as Linux box",
                          None, None, None),
        "garbage": (ac_id, series_id, "threshold", "空调报警 something odd", 31.0, 18, 28),
    }
    ids = {}
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM alarm")
        for name, (unit, series, kind, message, value, low, high) in rows.items():
            ids[name] = db.execute(
                "INSERT INTO alarm (unit_id, series_id, kind, severity, message, value, limit_low, limit_high, "
                "raised_at, last_raised_at, occurrences, latched, in_maintenance, version) "
                "VALUES (?, ?, ?, 'warning', ?, ?, ?, ?, ?, ?, 1, 0, 0, 1)",
                (unit, series, kind, message, value, low, high, AT, AT)).lastrowid
    return ids


def test_old_messages_are_parsed_into_codes_and_garbage_stays_text(demo_db_path):
    ids = _old_rows(demo_db_path)
    store = Store(str(demo_db_path))  # upgrades to the head
    try:
        with store.read() as s:
            alarm = {name: s.get(Alarm, alarm_id) for name, alarm_id in ids.items()}
            codes = {name: a.code for name, a in alarm.items()}
            zh = {name: shown(a, "zh", device=False) for name, a in alarm.items()}
            en = {name: shown(a, "en", device=False) for name, a in alarm.items()}
            params = {name: a.params for name, a in alarm.items()}
    finally:
        store.close()
    assert codes == {"threshold_zh": "threshold", "threshold_en": "threshold", "unreachable_en": "unreachable",
                     "unreachable_zh": "unreachable", "state_en": "state", "restarted_zh": "restarted",
                     "invalid_zh": "invalid", "no_profile_en": "no_profile", "garbage": None}
    # the value and limits from the row's columns where it has them, the unit from its series
    assert params["threshold_zh"]["breach"] == "high"
    assert params["threshold_zh"]["metric"] == "cooling.return_temperature"
    assert zh["threshold_zh"] == "回风温度 29.4 ℃，高于上限 28 ℃"
    assert en["threshold_zh"] == "回风温度 29.4 ℃, above the upper limit 28 ℃"  # the old label: one language
    assert zh["threshold_en"] == "Virtual memory 93 %，高于上限 90 %（维护窗口内）"
    assert params["threshold_en"]["maintenance"] is True and params["threshold_en"]["low"] is None
    # the reason's code, not the agent's English words
    assert zh["unreachable_en"] == "无应答（超时）"
    assert params["unreachable_en"]["detail"] == "no response before timeout"
    assert en["unreachable_zh"] == "Does not answer (not reachable)"
    assert en["state_en"] == "Output source: On battery" and zh["state_en"] == "Output source：On battery"
    assert en["restarted_zh"] == "Restarted (uptime went back)."
    assert en["invalid_zh"] == "回风温度: invalid reading (no answer this time (timeout))"
    assert zh["no_profile_en"] == "无匹配型号，没有型号档案能读取此设备（设备自报：Linux box）"
    # not a template: shown as stored, in either language
    assert zh["garbage"] == en["garbage"] == "空调报警 something odd" and params["garbage"] is None
