"""Figure ``inspection_pdf``: the signed monthly inspection sheets of the whole seed 002
register printed, against bare reportlab building tables of the same size.

Set-up (untimed): the demo database (``load_demo``: 172 units on three sites); the
demo signs last month's sheet of 永和路数据中心, and the same demo routine fills and signs
it for the other two sites (容灾备份, 区属医疗机构), so every unit of the register is on a
signed sheet. The embedded CJK font is registered once, before either side runs.

OpsDesk's side, per run: ``opsdesk.ops.verify.export_sheet`` for each of the three
sites into memory — reading the signed revision from the store and printing it as a
user exports it (landscape A4, headers and footers, one table per device class with
wrapped cells, signatures, hash, QR code).

The baseline, per run: for each site, reportlab's ``SimpleDocTemplate`` with the same
font building plain tables (strings, a grid, a repeated header row) with as many rows
and columns as the sheet's sections, one per section, and nothing else.

Aim: at most 2× the baseline.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Figure, fmt_ratio, log
from bench.demo_db import opsdesk_home

AIM = 2.0


def _setup(tmp: Path):
    import datetime as dt

    from sqlalchemy import select

    from opsdesk import clock
    from opsdesk.demo.seed import load_demo
    from opsdesk.models.equipment import Site
    from opsdesk.ops import inspection
    from opsdesk.ops.users import find_user
    from opsdesk.reports import fonts
    from opsdesk.store import Store

    previous = clock.set_clock(clock.FixedClock(dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)))
    try:
        store = Store(str(tmp / "inspection.sqlite3"))
        load_demo(store)
        with store.write() as session:
            sites = list(session.scalars(select(Site).order_by(Site.id)))
            for site in sites:
                if inspection.find_sheet(session, site.id, "monthly", "2026-10") is None:
                    inspection.load_demo_inspections(session, find_user(session, "lina"), "duty-2026",
                                                     find_user(session, "wangfang"), "review-2026",
                                                     site_code=site.code)
        shapes: list[list[tuple[int, int]]] = []  # per site: (rows, columns) of each section
        with store.read() as session:
            for site in sites:
                sheet = inspection.find_sheet(session, site.id, "monthly", "2026-10")
                record = inspection.latest_record(session, sheet.id)
                assert record is not None and len(record.signatures) == 2, f"{site.name}: no signed sheet"
                shapes.append([(len(sec["rows"]), 5 + len(sec["columns"])) for sec in record.snapshot["sections"]])
        fonts.register()
    finally:
        clock.set_clock(previous)
    return store, [s.id for s in sites], shapes


def opsdesk_run(store, site_ids: list[int]) -> int:
    from opsdesk.ops.verify import export_sheet

    size = 0
    with store.read() as session:
        for site_id in site_ids:
            buf = io.BytesIO()
            assert export_sheet(session, site_id, "2026-10", buf) == "signed"
            size += len(buf.getvalue())
    return size


def baseline_run(shapes: list[list[tuple[int, int]]]) -> int:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from opsdesk.reports.fonts import FONT_NAME

    size = 0
    for site in shapes:
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                                topMargin=20 * mm, bottomMargin=19 * mm)
        story = []
        for rows, cols in site:
            width = (landscape(A4)[0] - 24 * mm) / cols
            data = [[f"列 {c + 1}" for c in range(cols)]]
            data += [[f"YHL-SRV-{r:04d}" if c == 1 else f"{20 + (r * c) % 10}.5 ℃" for c in range(cols)]
                     for r in range(rows)]
            story.append(Table(data, colWidths=[width] * cols, repeatRows=1, style=TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)])))
        doc.build(story)
        size += len(buf.getvalue())
    return size


def measure(repeat: int, budget: float = 60.0, profile: Path | None = None) -> Figure:
    fig = Figure("inspection_pdf", aim=AIM)
    try:
        with tempfile.TemporaryDirectory(prefix="opsdesk-bench-insp-") as tmp, opsdesk_home(Path(tmp)):
            _measure(Path(tmp), fig, repeat, budget, profile)
    except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured says why and the run goes on
        fig.notes.append(f"inspection_pdf: not measured — {type(exc).__name__}: {exc}")
        fig.opsdesk.clear()
    return fig


def _measure(tmp: Path, fig: Figure, repeat: int, budget: float, profile: Path | None) -> None:
    store, site_ids, shapes = _setup(tmp)
    rows = sum(r for site in shapes for r, _ in site)
    fig.what = (f"{len(site_ids)} signed monthly sheets, {rows} rows in {sum(len(s) for s in shapes)} tables: "
                "export_sheet from the store vs SimpleDocTemplate + plain Tables of the same size")
    opsdesk_run(store, site_ids)  # warm: imports, first layout
    baseline_run(shapes)
    spent = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        ours = opsdesk_run(store, site_ids)
        t1 = time.perf_counter()
        theirs = baseline_run(shapes)
        t2 = time.perf_counter()
        fig.opsdesk.append(t1 - t0)
        fig.baseline.append(t2 - t1)
        spent += t2 - t0
        if spent > budget and len(fig.opsdesk) >= 2:
            break
    fig.notes.append(f"inspection_pdf: {ours // 1024} KB of PDF against the baseline's {theirs // 1024} KB; "
                     f"ratio {fmt_ratio(statistics.median(fig.opsdesk) / statistics.median(fig.baseline))}")
    if profile is not None:
        profiler = cProfile.Profile()
        profiler.enable()
        opsdesk_run(store, site_ids)
        profiler.disable()
        profiler.dump_stats(profile)
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(25)
        log(buf.getvalue())
        fig.notes.append(f"inspection_pdf: profile saved to {profile}")
    store.close()


if __name__ == "__main__":
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    f = measure(3)
    log(f"{f.what}\nOpsDesk {f.opsdesk}\nbaseline {f.baseline}\n" + "\n".join(f.notes))
    if f.ok:
        log(f"ratio {fmt_ratio(f.ratio)} (aim ≤ {AIM:g}×)")
