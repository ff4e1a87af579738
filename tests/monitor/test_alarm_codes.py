"""An alarm keeps a code and its parameters and is read in the reader's language (issue 16, item 2):
raised while the poller runs in English, every reader in a Chinese console shows it wholly Chinese
(no Latin word but units and device data), and the reverse; values to the unit's precision; an
unreachable device's reason in the reader's words, not the agent's English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from opsdesk import i18n
from opsdesk.models import Alarm, Unit
from opsdesk.models.alarm_text import alarm_text
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import alarm_rows, lock_view, shift, trends
from opsdesk.ops import alarms as alarm_ops
from opsdesk.poller import unit_label
from tests.readings import D, R
from tests.ui.latin_check import ALLOWED_WORDS, LATIN_WORD

T0 = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def temperature(value: float) -> R:
    return R("env.temperature", value, label="Return air temperature",
             labels={"zh": "回风温度", "en": "Return air temperature"})


def virtual_memory(value: float) -> R:
    return R("host.memory.virtual", value, cls="percent", unit="%", label="Virtual memory", limits=(None, 90),
             labels={"zh": "虚拟内存", "en": "Virtual memory"})


def on_battery(lang: str) -> R:
    meanings = {"zh": "电池供电", "en": "On battery"}
    return R("ups.output.source", 5, cls="state", unit="", label="Output source" if lang == "en" else "输出来源",
             labels={"zh": "输出来源", "en": "Output source"}, state_meaning=meanings[lang], meanings=meanings,
             severity="critical")


SILENT = D(status="unreachable", error_category="timeout", error_message="no response before timeout",
           uptime_s=None, sys_object_id="", sys_descr="", profiles=())


@pytest.fixture
def raised(demo_store, request):
    """Alarms raised with the poller in ``request.param`` ("en" or "zh"): a room temperature and a
    virtual memory beyond their limits, a UPS on battery, a device that does not answer."""
    lang = request.param
    with demo_store.read() as s:
        units = s.scalars(select(Unit).order_by(Unit.id).limit(3)).all()
        devices = [(u.id, unit_label(u)) for u in units]
    (ac, ac_label), (ups, ups_label), (silent, silent_label) = devices
    i18n.set_language(lang)
    try:
        for i in range(5):
            with demo_store.write() as s:
                m = Monitor(s, T0 + dt.timedelta(seconds=30 * i))
                m.apply(ac, ac_label, D([temperature(29.4417), virtual_memory(93.0417)]))
                m.apply(ups, ups_label, D([on_battery(lang)]))
                m.apply(silent, silent_label, SILENT)
                m.flush()
    finally:
        i18n.set_language("zh")
    return lang, devices


def _data_words(devices) -> frozenset[str]:
    return frozenset(w for _, label in devices for w in LATIN_WORD.findall(label))


def _latin(text: str, data: frozenset[str]) -> list[str]:
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS and w not in data
            and not re.fullmatch(r"[A-Z]{1,4}\d*|[A-Z]?\d+[A-Za-z]{0,3}", w)]


def _readers(store, users, lang: str) -> list[str]:
    """What each reader shows of the current alarms in ``lang``."""
    i18n.set_language(lang)
    try:
        with store.read() as s:
            rows = alarm_rows.load_rows(s, users["duty"], history=False)
            texts = [r.message for r in rows] + [r.text for r in rows]
            texts += [line.message for line in lock_view.newest_alarms(s, limit=20)]
            for a in s.scalars(select(Alarm).where(Alarm.series_id.is_not(None))):
                texts += [m.message for m in trends.alarm_marks(s, a.series_id, T0, T0 + dt.timedelta(hours=1))]
            site = s.get(Unit, rows[0].unit_id).line.site_id
            texts += [a["message"] for a in shift.open_alarms_for(s, site)]
    finally:
        i18n.set_language("zh")
    return texts


@pytest.mark.parametrize("raised", ["en"], indirect=True)
def test_raised_in_english_reads_wholly_chinese(raised, demo_store, demo_users):
    _, devices = raised
    texts = _readers(demo_store, demo_users, "zh")
    assert len(texts) == 4 * 4 + 3  # four alarms in four readers, three of them on trends
    data = _data_words(devices)
    assert [(t, _latin(t, data)) for t in texts if _latin(t, data)] == []
    joined = "\n".join(texts)
    # the unit's precision and which limit was broken, not "29.4417 ℃ outside 18–28"
    assert "回风温度 29.4 ℃，高于上限 28 ℃" in joined and "虚拟内存 93 %，高于上限 90 %" in joined
    assert "输出来源：电池供电" in joined
    assert "无应答（超时）" in joined and "no response" not in joined
    with demo_store.read() as s:  # the stored message stays in the poller's language
        assert any("above the upper limit" in a.message for a in s.scalars(select(Alarm)))


@pytest.mark.parametrize("raised", ["zh"], indirect=True)
def test_raised_in_chinese_reads_in_english(raised, demo_store, demo_users):
    texts = _readers(demo_store, demo_users, "en")
    i18n.set_language("en")
    try:
        with demo_store.read() as s:
            rows = alarm_rows.load_rows(s, demo_users["duty"], history=False)
            lines = lock_view.newest_alarms(s, limit=20)
    finally:
        i18n.set_language("zh")
    # without the device (its own column), nothing Chinese is left: the device's name is its data
    assert [r.text for r in rows if CJK.search(r.text)] == []
    assert [line.message for line in lines if CJK.search(line.message)] == []
    joined = "\n".join(texts)
    assert "Return air temperature 29.4 ℃, above the upper limit 28 ℃" in joined
    assert "Virtual memory 93 %, above the upper limit 90 %" in joined
    assert "Output source: On battery" in joined and "Does not answer (timeout)" in [r.text for r in rows]


@pytest.mark.parametrize("raised", ["en"], indirect=True)
def test_the_cli_lists_alarms_in_its_language(raised, demo_db_path, monkeypatch, capsys):
    from opsdesk.cli import main

    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    assert main(["alarms", "--active"]) == 0
    out = capsys.readouterr().out
    assert "高于上限 28 ℃" in out and "无应答（超时）" in out and "outside" not in out and "above" not in out
    assert main(["--lang", "en", "alarms", "--active"]) == 0
    out = capsys.readouterr().out
    assert "above the upper limit 28 ℃" in out and "does not answer (timeout)" in out


@pytest.mark.parametrize("raised", ["en"], indirect=True)
def test_the_acknowledgement_is_audited_in_the_acknowledging_console_s_words(raised, demo_store, demo_users):
    from opsdesk.models.audit import AuditEntry

    with demo_store.read() as s:
        alarm_id = s.scalars(select(Alarm.id).where(Alarm.kind == "unreachable")).one()
    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], alarm_id, "网线松动，已重新插好")
    with demo_store.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "alarm.ack")).one()
        assert "无应答（超时）" in entry.summary


def test_the_renderer_says_each_code_in_both_languages():
    params = {"device": "YHL-UPS-0001 山特 UPS", "label": {"zh": "电池剩余电量", "en": "Battery charge"},
              "value": 41.26, "unit": "%", "low": 50.0, "high": None, "breach": "low", "maintenance": True}
    assert alarm_text("threshold", params, "zh") == \
        "YHL-UPS-0001 山特 UPS 电池剩余电量 41.3 %，低于下限 50 %（维护窗口内）"
    assert alarm_text("threshold", params, "en", device=False) == \
        "Battery charge 41.3 %, below the lower limit 50 % (maintenance window)"
    silent = {"device": "YHL-SRV-0001", "reason": "auth", "detail": "wrong community"}
    assert alarm_text("unreachable", silent, "zh", device=False) == "无应答（认证失败）"
    assert alarm_text("unreachable", silent, "en") == "YHL-SRV-0001 does not answer (authentication failed)"
    assert alarm_text("restarted", {"device": "X"}, "zh", device=False) == "已重启（运行时间回退）。"
    invalid = {"device": "X", "label": "回风温度", "reason": "timeout", "reason_text": "本次无应答（timeout: …）"}
    assert alarm_text("invalid", invalid, "en", device=False) == \
        "回风温度: invalid reading (no answer this time (timeout))"
    assert alarm_text("no_profile", {"device": "X", "descr": "Linux"}, "zh") == \
        "X：无匹配型号，没有型号档案能读取此设备（设备自报：Linux）"
