"""An invalid reading's event keeps the probe's reason as a code and the reading's name in both languages
(issue 16, item 2): raised while the poller runs in English, it reads wholly in the reader's language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from opsdesk import i18n
from opsdesk.models import Alarm, Unit
from opsdesk.models.alarm_text import alarm_text, invalid_text
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import alarm_rows
from opsdesk.poller import unit_label
from tests.readings import D, R

T0 = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)


def _quiet_unit(store) -> tuple[int, str]:
    """A unit with no open alarm: (id, label)."""
    with store.read() as s:
        alarmed = set(s.scalars(select(Alarm.unit_id).where(Alarm.cleared_at.is_(None))))
        unit = next(u for u in s.scalars(select(Unit).order_by(Unit.id)) if u.id not in alarmed)
        return unit.id, unit_label(unit)


def _poll_in(store, lang: str, unit_id: int, label: str, result) -> None:
    i18n.set_language(lang)
    try:
        with store.write() as s:
            monitor = Monitor(s, T0)
            monitor.apply(unit_id, label, result)
            monitor.flush()
    finally:
        i18n.set_language("zh")


def test_an_invalid_reading_s_event_reads_in_the_reader_s_language(demo_store, demo_users):
    unit_id, label = _quiet_unit(demo_store)
    runtime = R("ups.battery.runtime", None, cls="runtime", unit="min", label="Battery runtime",
                labels={"zh": "预计后备时间", "en": "Battery runtime"},
                invalid_reason="4294967295: the agent reports no value (not available)",
                invalid_code="not_available", invalid_params={"raw": "4294967295"})
    _poll_in(demo_store, "en", unit_id, label, D([runtime]))
    texts = {}
    for lang in ("zh", "en"):
        i18n.set_language(lang)
        try:
            with demo_store.read() as s:
                texts[lang] = [r.text for r in alarm_rows.load_rows(s, demo_users["duty"], history=True,
                                                                      unit_id=unit_id) if r.kind == "event"]
        finally:
            i18n.set_language("zh")
    assert texts["zh"] == ["预计后备时间：读数无效（4294967295：设备表示无数值（不可用））"]
    assert texts["en"] == ["Battery runtime: invalid reading (4294967295: the agent reports no value (not available))"]


def test_a_table_that_did_not_answer_says_its_reason_as_a_code(demo_store, demo_users):
    unit_id, label = _quiet_unit(demo_store)
    temp = R("env.temperature", 24.0, labels={"zh": "回风温度", "en": "Return air temperature"})
    _poll_in(demo_store, "en", unit_id, label, D([temp]))
    failed = D([])
    failed.failed = {"env.temperature": "timeout: no response before timeout"}
    _poll_in(demo_store, "en", unit_id, label, failed)  # the same time: only the event matters here
    with demo_store.read() as s:
        event = s.scalars(select(Alarm).where(Alarm.unit_id == unit_id, Alarm.kind == "event")).one()
        assert event.params["why"] == "no_answer" and event.params["reason"] == "timeout"
        assert "本次无应答（超时）" in alarm_text(event.code, event.params, "zh")
        # the series' name too, from the names it keeps, though the poller ran in English and no
        # reading came this time to give them
        assert "回风温度" in alarm_text(event.code, event.params, "zh")
        assert "Return air temperature" in alarm_text(event.code, event.params, "en")


def test_the_renderer_says_the_probe_s_reasons_in_both_languages():
    assert invalid_text("not_available", {"raw": "-1"}, "zh") == "-1：设备表示无数值（不可用）"
    assert invalid_text("no_answer", {"reason": "timeout", "detail": "x"}, "en") == "no answer this time (timeout)"
    assert invalid_text("over_100", {"value": "104"}, "en") == "104 % is more than 100 %"
    assert invalid_text("no_input", {"name": "scale"}, "en") == "no value for scale (?)"  # a parameter missing
    assert invalid_text("expr", {"text": "division by zero"}, "zh") == "division by zero"  # as the probe said it


def test_a_reason_stored_as_text_is_said_again_in_the_readers_language():
    """MetricSeries.invalid_reason keeps the poller's words; the device window says them in its own."""
    from opsdesk.models.alarm_text import reread_invalid

    assert reread_invalid("4294967295: the agent reports no value (not available)", "zh") == \
        "4294967295：设备表示无数值（不可用）"
    assert reread_invalid("本次无应答（超时）", "en") == "no answer this time (timeout)"
    assert reread_invalid("-300 低于绝对零度，不是测量值", "en") == "-300 is below absolute zero"
    assert reread_invalid("division by zero", "zh") == "division by zero"  # an expression's own words
