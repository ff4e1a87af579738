"""A metric series' name and state text in both languages (migration 0018, issue 16 item 2): the monitor
writes them from the readings, in their own statement and only when they change; the readers (the floor's
unit line, the device window, the environment points and a trend's title, the shift checklist) say them
in the reader's language whichever language the poller ran in; a row written before them (or a free-text
reading, which is device data) reads as stored; the inspection sheet's filled-in text stays Chinese.
Real store (the demo's SQLite file)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time

import pytest
from sqlalchemy import select, update

from opsdesk import i18n
from opsdesk.models import Unit
from opsdesk.models.monitoring import MetricSeries, series_name, series_text
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import device_snapshot, floor, trends
from opsdesk.poller import Device, unit_label, write_cycle
from opsdesk.store import Store
from tests.migrations import downgrade
from tests.readings import D, R

T0 = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=30)
SOURCE = {"zh": "输出来源", "en": "Output source"}
ON_BATTERY = {"zh": "电池供电", "en": "On battery"}
LOAD = {"zh": "输出负载", "en": "Output load"}
AIR = {"zh": "回风温度", "en": "Return air temperature"}


def ups(lang: str, load: float = 41.0) -> D:
    """A UPS on battery, read with the poller in ``lang``."""
    return D([R("ups.output.source", 5, cls="state", unit="", label=SOURCE[lang], labels=SOURCE,
                state_meaning=ON_BATTERY[lang], meanings=ON_BATTERY, severity="critical", text="onBattery"),
              R("ups.output.load", load, cls="load", unit="%", label=LOAD[lang], labels=LOAD)],
             sys_object_id=".1.3.6.1.2.1.33", profiles=("ups-mib",))


def room(lang: str, value: float = 23.5) -> D:
    return D([R("env.temperature", value, label=AIR[lang], labels=AIR)])


@pytest.fixture
def devices(demo_store) -> tuple[tuple[int, str], tuple[int, str]]:
    with demo_store.read() as s:
        first, second = s.scalars(select(Unit).order_by(Unit.id).limit(2)).all()
        return (first.id, unit_label(first)), (second.id, unit_label(second))


def _poll(store: Store, devices, lang: str, cycles: int = 1, start: int = 0) -> None:
    """``cycles`` polls of the room point and the UPS with the poller running in ``lang``."""
    (ac, ac_label), (ups_id, ups_label) = devices
    i18n.set_language(lang)
    try:
        for n in range(start, start + cycles):
            with store.write() as s:
                m = Monitor(s, T0 + n * STEP)
                m.apply(ac, ac_label, room(lang))
                m.apply(ups_id, ups_label, ups(lang))
                m.flush()
    finally:
        i18n.set_language("zh")


def _read(store: Store, devices, user, lang: str) -> dict[str, object]:
    """What the readers show of the two devices, with the console in ``lang``."""
    (ac, _), (ups_id, _) = devices
    i18n.set_language(lang)
    try:
        with store.read() as s:
            states = floor.unit_states(s, [floor._Row(ups_id, "ups")], T0 + STEP)
            snapshot = device_snapshot.load_snapshot(s, user, ups_id)
            points = [p for p in trends.env_points(s, at=T0 + STEP) if p.unit_id == ac]
            info = trends.series_info(s, points[0].series_id)
    finally:
        i18n.set_language("zh")
    return {"floor": states[ups_id].reading,
            "snapshot": sorted((r.label, r.text) for r in snapshot.readings),
            "points": [p.label for p in points], "title": info.title}


def test_polled_in_chinese_read_in_english(demo_store, demo_users, devices):
    _poll(demo_store, devices, "zh")
    shown = _read(demo_store, devices, demo_users["duty"], "en")
    assert shown["floor"] == "41 % load · On battery"
    assert shown["snapshot"] == [("Output load", None), ("Output source", "On battery")]
    assert shown["points"] == ["Return air temperature"] and shown["title"] == "Return air temperature"
    with demo_store.read() as s:  # label and last_text stay in the poller's language, for old readers
        source = s.scalars(select(MetricSeries).where(MetricSeries.metric == "ups.output.source")).one()
        assert (source.label, source.last_text) == ("输出来源", "电池供电")
        assert (source.names, source.meanings) == (SOURCE, ON_BATTERY)


def test_polled_in_english_read_in_chinese(demo_store, demo_users, devices):
    _poll(demo_store, devices, "en")
    shown = _read(demo_store, devices, demo_users["duty"], "zh")
    assert shown["floor"] == "41 % 负载 · 电池供电"
    assert shown["snapshot"] == [("输出来源", "电池供电"), ("输出负载", None)]
    assert shown["points"] == ["回风温度"] and shown["title"] == "回风温度"


def test_a_row_written_before_names_reads_as_stored(demo_store, demo_users, devices):
    _poll(demo_store, devices, "zh")
    with demo_store.write() as s:
        s.execute(update(MetricSeries).values(names=None, meanings=None))
    shown = _read(demo_store, devices, demo_users["duty"], "en")
    assert shown["floor"] == "41 % load · 电池供电"  # the poller's words, as before 0018
    assert shown["snapshot"] == [("输出来源", "电池供电"), ("输出负载", None)]
    assert shown["title"] == "回风温度"
    _poll(demo_store, devices, "zh", start=1)  # the next poll gives both languages again
    assert _read(demo_store, devices, demo_users["duty"], "en")["floor"] == "41 % load · On battery"


def test_a_free_text_reading_is_device_data(demo_store, devices):
    (ac, ac_label), _ = devices
    reading = R("ups.identity.model", None, cls="text", unit="", text="Smart-UPS 3000", label="型号",
                labels={"zh": "型号", "en": "Model"})
    with demo_store.write() as s:
        m = Monitor(s, T0)
        m.apply(ac, ac_label, D([reading]))
        m.flush()
    with demo_store.read() as s:
        series = s.scalars(select(MetricSeries).where(MetricSeries.metric == "ups.identity.model")).one()
        assert series.meanings is None
        assert series_text(series, "en") == series_text(series, "zh") == "Smart-UPS 3000"
        assert (series_name(series, "en"), series_name(series, "zh")) == ("Model", "型号")


def test_names_are_written_only_when_they_change(demo_store, devices):
    (ac, ac_label), (ups_id, ups_label) = devices
    renamed = []
    for n, (lang, source) in enumerate([("zh", ups("zh")), ("en", ups("en", 50)), ("zh", ups("zh", 60))]):
        i18n.set_language(lang)
        try:
            with demo_store.write() as s:
                m = Monitor(s, T0 + n * STEP)
                m.apply(ups_id, ups_label, source)
                renamed.append((len(m._touched), len(m._renamed)))  # what flush writes
                m.flush()
        finally:
            i18n.set_language("zh")
    # new series (their names inserted with them): the state's meanings; then the same words whichever
    # language the poller runs in, nothing more to write
    assert renamed == [(2, 1), (2, 0), (2, 0)]
    i18n.set_language("en")
    try:
        with demo_store.write() as s:
            m = Monitor(s, T0 + 3 * STEP)
            back = ups("en")
            back.readings[0] = R("ups.output.source", 3, cls="state", unit="", label="Output source", labels=SOURCE,
                                 state_meaning="Normal", meanings={"zh": "市电", "en": "Normal"}, severity="ok")
            m.apply(ups_id, ups_label, back)
            assert len(m.take_pending()[2]) == 1  # the state changed: its meanings are written
    finally:
        i18n.set_language("zh")


def test_the_poller_s_chunked_cycle_writes_them(demo_store, demo_users, devices):
    (ac, ac_label), (ups_id, ups_label) = devices
    targets = [Device(ac, ac_label, None, 0), Device(ups_id, ups_label, None, 0)]
    for n, lang in enumerate(["en", "en", "zh"]):  # the first inserts the series; then prepared, judged unlocked
        i18n.set_language(lang)
        try:
            write_cycle(demo_store, targets, [room(lang), ups(lang, 30 + n)], at=T0 + n * STEP,
                        started=time.monotonic(), pause=0)
        finally:
            i18n.set_language("zh")
    with demo_store.read() as s:
        source = s.scalars(select(MetricSeries).where(MetricSeries.metric == "ups.output.source")).one()
        assert (source.label, source.names, source.meanings) == ("输出来源", SOURCE, ON_BATTERY)
    assert _read(demo_store, devices, demo_users["duty"], "en")["floor"] == "32 % load · On battery"


def test_migration_0018_upgrades_a_0017_database(demo_db_path):
    store = Store(str(demo_db_path))
    with store.read() as s:
        series_id, label = s.execute(select(MetricSeries.id, MetricSeries.label).limit(1)).one()
    store.close()
    downgrade(demo_db_path, "0017")
    with sqlite3.connect(demo_db_path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(metric_series)")}
        assert "names" not in columns and "meanings" not in columns
        db.execute("UPDATE metric_series SET last_text = '电池供电' WHERE id = ?", (series_id,))
    store = Store(str(demo_db_path))  # upgrades to the head
    try:
        with store.read() as s:
            series = s.get(MetricSeries, series_id)
            assert (series.names, series.meanings) == (None, None)
            assert series_name(series, "en") == label and series_text(series, "en") == "电池供电"
    finally:
        store.close()
