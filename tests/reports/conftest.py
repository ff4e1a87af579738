"""A real signed shift in the demo database, built through the shift operations."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from opsdesk.models import Site, Unit
from opsdesk.models.monitoring import Alarm
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import shift as shifts
from opsdesk.ops.users import find_user
from opsdesk.reports import fonts
from tests.shift.fill import MANUAL_RESULT, clear_demo_duty

DAY = dt.date(2026, 11, 20)  # a Friday
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 20, hour, minute, second, tzinfo=SHANGHAI)


def feed_readings(store, when: dt.datetime, temperature: float = 24.5, humidity: float = 48.0) -> None:
    from tests.readings import D, R

    with store.read() as s:
        ac = s.scalars(select(Unit.id).where(Unit.asset_tag == "YHL-AC-0001")).one()
    with store.write() as s:
        m = Monitor(s, when)
        m.apply(ac, "1号精密空调", D([
            R("cooling.return_temperature", temperature),
            R("cooling.return_humidity", humidity, cls="humidity", unit="%RH", label="回风湿度")]))
        m.flush()


def build_signed_shift(store, clock) -> int:
    """2026-11-20 白班 on 永和路数据中心: live values, an override, an abnormal item with
    its follow-up, one item not applicable, one left unchecked, an open alarm in the
    handover, signed by 张伟 (交班人) and 李娜 (接班人)."""
    clear_demo_duty(store)  # that day is one of the demo's own
    clock.set(at(8, 40))
    feed_readings(store, at(8, 38, 12))
    with store.read() as s:
        zhang, li = find_user(s, "zhangwei"), find_user(s, "lina")
        site_id = s.scalars(select(Site.id).where(Site.name == "永和路数据中心")).one()
    with store.write() as s:
        shift_id = shifts.start_shift(s, zhang, site_id, DAY, "day").id
        ac = s.scalars(select(Unit).where(Unit.asset_tag == "YHL-AC-0001")).one()
        s.add(Alarm(unit_id=ac.id, kind="threshold", severity="warning", message="1号精密空调 回风温度 27.9 ℃ 接近上限",
                    value=27.9, raised_at=at(9, 12), acked_by="zhangwei", acked_at=at(9, 15)))
    with store.read() as s:
        shift = shifts.get_shift(s, shift_id)
        ticks = {tk.item_key: tk.id for tk in shift.ticks}
        manual = {key for key, item in shifts.items_by_key(shift).items() if item.get("source", "manual") == "manual"}
    special = {
        "room_humidity": dict(status="normal", value="46 %RH", override_reason="手持温湿度计复测"),
        "backup_full": dict(status="abnormal", note="PACS 库全量备份失败（磁带库报错）",
                            followup="已重跑备份并通知厂商，预计 14:00 完成"),
        "space_trend": dict(status="na", note="本周由 DBA 统一检查"),
    }
    with store.write() as s:
        for n, (key, tick_id) in enumerate(ticks.items()):
            if key in ("room_temperature", "audit_logs"):
                continue  # the live value stays; one optional item left unchecked
            clock.set(at(9, n * 2))
            plain = dict(status="normal", value=MANUAL_RESULT) if key in manual else dict(status="normal")
            shifts.tick(s, zhang, tick_id, **special.get(key, plain))
    clock.set(at(17, 25))
    with store.write() as s:
        shifts.hand_over(s, zhang, shift_id,
                         "PACS 前置机夜间需关注备份重跑结果；1号精密空调回风温度偏高，已通知厂商周一巡检。")
    clock.set(at(17, 32))
    with store.write() as s:
        shifts.sign_off(s, zhang, "duty-2026", li, "duty-2026", shift_id)
    return shift_id


@pytest.fixture
def signed_shift(demo_store, fixed_clock) -> int:
    return build_signed_shift(demo_store, fixed_clock)


@pytest.fixture(scope="session", autouse=True)
def _font_once() -> None:
    """Register the embedded font once for the whole run (about 0.5 s)."""
    fonts.register()


# -- checking a PDF as a reader would -------------------------------------------------------

def page_texts(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def pdf_fonts(path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, type and whether the font is embedded."""
    import subprocess

    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cols = line.split()
        # name, type (one or two words), encoding, emb, sub, uni, object, generation
        rows.append({"name": cols[0], "emb": cols[-5], "line": line})
    return rows


def assert_printable_pdf(path) -> list[str]:
    """Every font embedded and none of them STSong; every character the papers drew and
    every character a reader extracts exists in the font. Returns the page texts."""
    rows = pdf_fonts(path)
    assert rows, "no fonts in the PDF"
    for row in rows:
        assert row["emb"] == "yes", row["line"]
        assert "STSong" not in row["name"], row["line"]
    drawn = "".join(fonts.drawn_chars())
    assert fonts.missing_glyphs(drawn) == set()
    texts = page_texts(path)
    assert fonts.missing_glyphs("".join(texts)) == set()
    return texts


@pytest.fixture(autouse=True)
def _fresh_glyph_audit():
    fonts.reset_drawn()
    yield
