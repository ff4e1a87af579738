"""Limits per room (R-ENV-1): a room's own temperature/humidity band judges its points in the
monitor, the gauges and the trend; other rooms keep the site-wide setting; who may set it, how
it is checked, audited, and set from the command line."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.cli import main
from opsdesk.models import Alarm, AuditEntry, Unit
from opsdesk.models.equipment import Room
from opsdesk.models.users import PermissionDenied
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import trends
from opsdesk.ops.errors import ConflictError, ValidationError
from opsdesk.ops.settings_ops import set_room_limits
from tests.readings import D, R

T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


def two_rooms(store) -> tuple[tuple[int, int], tuple[int, int]]:
    """(room id, a unit in it) for two rooms of the demo."""
    with store.read() as s:
        rows = s.execute(select(Unit.room_id, Unit.id).where(Unit.room_id.is_not(None)).order_by(Unit.id)).all()
    firsts: dict[int, int] = {}
    for room_id, unit_id in rows:
        firsts.setdefault(room_id, unit_id)
    (a, ua), (b, ub) = list(firsts.items())[:2]
    return (a, ua), (b, ub)


def cycles(store, readings: dict[int, float], count: int = 4, start: dt.datetime = T0) -> None:
    for i in range(count):
        with store.write() as s:
            monitor = Monitor(s, start + dt.timedelta(seconds=30 * i))
            for unit_id, value in readings.items():
                monitor.apply(unit_id, f"unit {unit_id}", D([R("env.temperature", value),
                                                            R("env.humidity", 50.0, cls="humidity", unit="%RH")]))
            monitor.flush()


def test_a_rooms_own_band_judges_its_points_and_the_other_room_keeps_the_setting(demo_store, demo_users):
    (room_a, unit_a), (room_b, unit_b) = two_rooms(demo_store)
    with demo_store.write() as s:
        limits = set_room_limits(s, demo_users["supervisor"], room_a, {"temperature": (20.0, 25.0)})
    assert (limits["temperature"].low, limits["temperature"].high, limits["temperature"].own) == (20.0, 25.0, True)
    assert limits["humidity"].own is False and (limits["humidity"].low, limits["humidity"].high) == (35.0, 75.0)
    cycles(demo_store, {unit_a: 26.5, unit_b: 26.5})  # over 25 in room A, inside 18–28 in room B
    with demo_store.read() as s:
        alarms = s.scalars(select(Alarm).where(Alarm.kind == "threshold")).all()
        points = {p.unit_id: p for p in trends.env_points(s) if p.cls == "temperature"}
    assert [(a.unit_id, a.severity, a.limit_low, a.limit_high) for a in alarms] == [(unit_a, "warning", 20.0, 25.0)]
    assert points[unit_a].status == "warning" and points[unit_a].limits.own and points[unit_a].limits.high == 25.0
    assert points[unit_b].status == "ok" and not points[unit_b].limits.own and points[unit_b].limits.high == 28.0

    # back to the site-wide setting: the next cycles judge 26.5 as inside 18–28 and clear the alarm
    with demo_store.write() as s:
        limits = set_room_limits(s, demo_users["admin"], room_a, {"temperature": None})
    assert limits["temperature"].own is False
    cycles(demo_store, {unit_a: 26.5}, count=1, start=T0 + dt.timedelta(minutes=5))
    with demo_store.read() as s:
        assert s.scalars(select(Alarm.cleared_at).where(Alarm.unit_id == unit_a)).one() is not None
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "room.limits")).all()
    assert [(e.actor, e.after["temperature"]) for e in entries] == [("wangfang", [20.0, 25.0]), ("admin", None)]


def test_room_limits_are_checked_and_only_supervisors_and_admins_set_them(demo_store, demo_users):
    (room_a, _), _ = two_rooms(demo_store)
    with pytest.raises(PermissionDenied):
        with demo_store.write() as s:
            set_room_limits(s, demo_users["duty"], room_a, {"temperature": (20.0, 25.0)})
    with pytest.raises(ValidationError, match="下限须低于上限"):
        with demo_store.write() as s:
            set_room_limits(s, demo_users["supervisor"], room_a, {"humidity": (60.0, 40.0)})
    with pytest.raises(ValidationError):
        with demo_store.write() as s:
            set_room_limits(s, demo_users["supervisor"], room_a, {"temperature": (20.0, 80.0)})
    with demo_store.read() as s:
        version = s.get(Room, room_a).version
    with demo_store.write() as s:
        set_room_limits(s, demo_users["supervisor"], room_a, {"humidity": (40.0, 60.0)}, version=version)
    with pytest.raises(ConflictError):  # someone else's change in between
        with demo_store.write() as s:
            set_room_limits(s, demo_users["supervisor"], room_a, {"humidity": (45.0, 60.0)}, version=version)
    with demo_store.read() as s:
        room = s.get(Room, room_a)
        assert (room.humidity_low, room.humidity_high, room.temp_low) == (40.0, 60.0, None)


def test_room_limits_from_the_command_line(demo_db_path, demo_store, monkeypatch, capsys):
    (room_a, _), _ = two_rooms(demo_store)
    with demo_store.read() as s:
        room = s.get(Room, room_a)
        site, name = room.site.code, room.name
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "wangfang")
    monkeypatch.setenv("OPSDESK_PASSWORD", "review-2026")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["settings", "room", "--site", site, "--room", name, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("--temp", "20-26")
    assert code == 0 and "温度 20–26 ℃（本机房）" in out and "湿度 35–75 %RH（全局设置）" in out
    code, out, _ = run()
    assert code == 0 and "20–26 ℃（本机房）" in out
    code, _, err = run("--humidity", "高-低")
    assert code != 0 and "不是有效的范围" in err
    code, out, _ = run("--temp", "default")
    assert code == 0 and "温度 18–28 ℃（全局设置）" in out
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    code, _, err = run("--temp", "20-26")
    assert code != 0
