"""The trend of one point (R-ENV-2): pyqtgraph, time axis in the site's local time, the limits
as lines over a green band, alarms marked on the time axis, a crosshair that reads out time
and value, ranges 1 h … 1 y, export of the view to PNG and CSV."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TypedDict

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from opsdesk.clock import DEFAULT_TZ, UTC, now, to_local
from opsdesk.ops import trends
from opsdesk.paths import write_atomically
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.environment.gauge import AMBER, RED
from opsdesk.ui.labels import format_quantity
from opsdesk.ui.operations import Query, reading
from opsdesk.ui.worker import run_in_background

RANGE_KEYS = ("1h", "24h", "7d", "30d", "1y")


def range_label(key: str) -> str:
    return {
        "1h": QCoreApplication.translate("TrendChart", "1 hour"),
        "24h": QCoreApplication.translate("TrendChart", "24 hours"),
        "7d": QCoreApplication.translate("TrendChart", "7 days"),
        "30d": QCoreApplication.translate("TrendChart", "30 days"),
        "1y": QCoreApplication.translate("TrendChart", "1 year"),
    }[key]


def utc_offset(tz: str, when: dt.datetime) -> int:
    """pyqtgraph's utcOffset: seconds west of UTC, as time.timezone counts them."""
    offset = to_local(when, tz).utcoffset()  # never None: to_local gives a time in the zone
    return -int(offset.total_seconds()) if offset is not None else 0


DAY = 86400
# Tick steps from fine to coarse: seconds (aligned to local midnight), then whole days picked
# by day of month (2: the odd days; 7: the 1st, 8th, 15th, 22nd), then months (every k-th).
TICK_STEPS = ([("s", n) for n in (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, DAY)]
              + [("d", 2), ("d", 7)] + [("m", n) for n in (1, 2, 3, 6, 12)])
LABEL_PX = 80  # room a label like 11-22 or 2026-11 needs, with air


class LocalDateAxis(pg.DateAxisItem):
    """pyqtgraph's date axis with labels as Chinese users write them: 10:00, 11-22, 2026-11,
    on round local times: whole hours, midnights, the 1st/8th/15th/22nd, first days of months,
    as many as the axis has room for (pyqtgraph's own choice left a 30-day axis one label)."""

    def tickValues(self, minVal, maxVal, size):
        if not (maxVal > minVal) or size <= 0:
            return []
        return [local_ticks(minVal, maxVal, -(self.utcOffset or 0), max(2, int(size // LABEL_PX)))]

    def tickStrings(self, values, scale, spacing):
        offset = self.utcOffset or 0
        out = []
        for value in values:
            try:
                when = dt.datetime.fromtimestamp(value - offset, tz=UTC)
            except (OverflowError, OSError, ValueError):
                out.append("")
                continue
            if spacing < 60:
                out.append(f"{when:%H:%M:%S}")
            elif spacing < 86400:
                out.append(f"{when:%m-%d}" if (when.hour, when.minute) == (0, 0) else f"{when:%H:%M}")
            elif spacing < 28 * 86400:
                out.append(f"{when:%m-%d}")
            else:
                out.append(f"{when:%Y-%m}")
        return out


def local_ticks(start: float, end: float, east: float, most: int) -> tuple[float, list[float]]:
    """(spacing, tick times) for [start, end] (epoch seconds) in a zone ``east`` seconds ahead
    of UTC: the finest round step that gives at most ``most`` ticks."""
    span = end - start
    kind, n = TICK_STEPS[-1]
    for kind, n in TICK_STEPS:
        approx = n if kind == "s" else n * DAY if kind == "d" else n * 30.44 * DAY
        if span / approx <= most:
            break
    if kind == "s":
        first = math.ceil((start + east) / n) * n
        return float(n), [x - east for x in np.arange(first, end + east + 1e-6, n).tolist()]
    day = dt.datetime.fromtimestamp(start + east, tz=UTC).date()
    last = dt.datetime.fromtimestamp(end + east, tz=UTC).date()
    values = []
    if kind == "d":
        days = (1, 8, 15, 22) if n == 7 else tuple(range(1, 30, 2))
        while day <= last:
            if day.day in days:
                values.append(dt.datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() - east)
            day += dt.timedelta(days=1)
        return float(n * DAY), [v for v in values if start <= v <= end]
    month = dt.date(day.year, day.month, 1)
    while month <= last:
        if (month.month - 1) % n == 0:
            values.append(dt.datetime(month.year, month.month, 1, tzinfo=UTC).timestamp() - east)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return float(n * 30 * DAY), [v for v in values if start <= v <= end]


def make_plot(tz: str = DEFAULT_TZ, when: dt.datetime | None = None) -> pg.PlotWidget:
    """A white plot with a date axis in the site's local time (shared with bench/trend.py)."""
    axis = LocalDateAxis(orientation="bottom", utcOffset=utc_offset(tz, when or now()))
    plot = pg.PlotWidget(axisItems={"bottom": axis}, background="w")
    plot.showGrid(x=True, y=True, alpha=0.15)
    # Values ruled at the major and minor steps only (2 ℃ and 1 ℃ across the 18–28 band):
    # pyqtgraph's third level (every 0.2 ℃) was noise, and the slowest thing painted.
    plot.getAxis("left").setStyle(maxTickLevel=1)
    for name in ("left", "bottom"):
        plot.getAxis(name).setPen(pg.mkPen("#7b8794"))
        plot.getAxis(name).setTextPen(pg.mkPen("#52606d"))
    plot.setMenuEnabled(False)
    plot.hideButtons()
    return plot


def make_curve(plot: pg.PlotWidget, colour: str = "#1f6feb") -> pg.PlotDataItem:
    curve = plot.plot(pen=pg.mkPen(colour, width=1.6))
    curve.setDownsampling(auto=True, method="peak")  # PLATFORM.md: 'mode=' is for PlotItem
    curve.setClipToView(True)
    return curve


def envelope_columns(t: np.ndarray, lo: np.ndarray, hi: np.ndarray, x0: float, x1: float, columns: int):
    """The min/max band as it covers the pixel columns of the view [x0, x1]: per column its
    centre, lowest and highest (the band linearly joined between samples, as a filled path would
    be), columns outside the data left out."""
    n = len(t)
    if n == 0 or columns < 1 or not x1 > x0:
        return np.empty(0), np.empty(0), np.empty(0)
    edges = np.linspace(x0, x1, columns + 1)
    keep = (edges[1:] >= t[0]) & (edges[:-1] <= t[-1])
    e_lo, e_hi = np.interp(edges, t, lo), np.interp(edges, t, hi)
    col_lo, col_hi = np.minimum(e_lo[:-1], e_lo[1:]), np.maximum(e_hi[:-1], e_hi[1:])
    first = np.searchsorted(t, edges)  # samples inside column c: first[c] .. first[c + 1] - 1
    filled = np.flatnonzero(first[1:] > first[:-1])
    if len(filled):
        starts = first[filled]
        col_lo[filled] = np.minimum(col_lo[filled], np.minimum.reduceat(lo, starts))
        col_hi[filled] = np.maximum(col_hi[filled], np.maximum.reduceat(hi, starts))
    centres = (edges[:-1] + edges[1:]) / 2
    return centres[keep], col_lo[keep], col_hi[keep]


class EnvelopeItem(pg.PlotCurveItem):
    """The roll-ups' min/max band: one vertical stroke per pixel column of the view, recomputed
    when the view moves or is resized. Looks like a filled path between the lows and the highs,
    but a filled path of a year's daily swing (thousands of near-vertical edges) costs Qt's
    raster engine 100+ ms to fill; about a thousand one-pixel lines cost about 2 ms."""

    def __init__(self, colour: QColor) -> None:
        super().__init__(pen=pg.mkPen(colour, width=1), connect="pairs", antialias=False)
        self._band = (np.empty(0), np.empty(0), np.empty(0))
        self._drawn_for: tuple | None = None

    def set_band(self, t, lo, hi) -> None:
        self._band = (np.asarray(t, dtype=np.float64), np.asarray(lo, dtype=np.float64),
                      np.asarray(hi, dtype=np.float64))
        self._drawn_for = None
        self._refresh()

    def _refresh(self) -> None:
        vb = self.getViewBox()
        t, lo, hi = self._band
        if vb is None or not len(t):
            if self._drawn_for != ():
                self._drawn_for = ()
                self.setData([], [])
            return
        (x0, x1), _ = vb.viewRange()
        columns = max(int(round(vb.width())), 1)
        key = (x0, x1, columns)
        if key == self._drawn_for:
            return
        self._drawn_for = key
        x, ylo, yhi = envelope_columns(t, lo, hi, x0, x1, columns)
        y = np.empty(2 * len(x))
        y[0::2], y[1::2] = ylo, yhi
        self.setData(np.repeat(x, 2), y, connect="pairs")

    def viewRangeChanged(self) -> None:
        super().viewRangeChanged()
        self._refresh()

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self._refresh()


class LoadedTrend(TypedDict):
    """What :func:`load_trend` reads for the chart."""

    data: trends.Trend
    tz: str
    symbol: str
    cls: str
    title: str
    device: str
    limits: trends.EnvLimits | None
    marks: list[trends.AlarmMark]


def load_trend(session, series_id: int, range_key: str, end: dt.datetime | None = None, *,
               columns: int | None = None, start: dt.datetime | None = None) -> LoadedTrend:
    """Everything the chart draws for one series and range (run off the GUI thread; the
    benchmark times the same call). ``columns``: the plot's width in pixels, to which a dense
    range is reduced by the database; ``start``: a zoomed part of the range."""
    info = trends.series_info(session, series_id)
    data = trends.trend(session, series_id, range_key, end, start=start, columns=columns)
    return {"data": data, "tz": info.tz, "symbol": info.unit_symbol, "cls": info.cls,
            "title": info.title, "device": info.device,
            "limits": trends.env_limits(session, info.room_id).get(info.cls),
            "marks": trends.alarm_marks(session, series_id, data.start, data.end)}


class TrendChart(QWidget):
    """The trend of the selected point; load with :meth:`set_series`."""

    sig_trend_applied = Signal(int)
    """Number of points drawn after a load."""
    sig_crosshair_moved = Signal(str)
    """The read-out text under the crosshair."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.series_id: int | None = None
        self.range_key = "24h"
        self.data: trends.Trend | None = None
        self.limits: trends.EnvLimits | None = None
        self.marks: list[trends.AlarmMark] = []
        self.symbol = ""
        self.tz = DEFAULT_TZ
        self.title = ""
        self._generation = 0
        self._span: tuple[float, float] | None = None  # the chosen range (epoch seconds), zoomed or not
        self._window: tuple[float, float] | None = None  # the part of it the rows in self.data cover
        self._columns_read = 0  # the plot's width the rows in self.data were reduced for
        self._loading = False  # a whole range is being read: the view it gets is set when it comes
        self._decor: list = []  # the alarm marks shown now
        self._mark_pool: dict[str, list] = {}

        self.title_label = QLabel()
        self.title_label.setObjectName("trendTitle")
        self.title_label.setStyleSheet("font-weight:bold;")
        self.readout = QLabel()
        self.readout.setObjectName("trendReadout")
        self.readout.setStyleSheet("color:#52606d;")
        self.range_group = QButtonGroup(self)
        self.range_group.setExclusive(True)
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addSpacing(12)
        top.addWidget(self.readout, 1)
        self.range_buttons: dict[str, QPushButton] = {}
        for key in RANGE_KEYS:
            button = QPushButton(range_label(key))
            button.setObjectName(f"range_{key}")
            button.setCheckable(True)
            button.setProperty("segment", True)  # style.qss: the chosen range stands out
            button.setChecked(key == self.range_key)
            button.clicked.connect(lambda _c=False, k=key: self.set_range(k))
            self.range_group.addButton(button)
            self.range_buttons[key] = button
            top.addWidget(button)
        top.addSpacing(12)
        self.png_button = QPushButton(self.tr("Export PNG…"))
        self.png_button.setObjectName("exportPngButton")
        self.png_button.clicked.connect(self._on_export_png_clicked)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setObjectName("exportCsvButton")
        self.csv_button.clicked.connect(self._on_export_csv_clicked)
        top.addWidget(self.png_button)
        top.addWidget(self.csv_button)

        self.plot = make_plot()
        self.plot.setMinimumHeight(220)
        self.band = pg.LinearRegionItem(orientation="horizontal", movable=False,
                                        brush=pg.mkBrush(QColor(46, 157, 91, 28)), pen=pg.mkPen(None))
        self.band.setZValue(-20)
        self.plot.addItem(self.band, ignoreBounds=True)
        self.envelope = EnvelopeItem(QColor(31, 111, 235, 48))
        self.plot.addItem(self.envelope, ignoreBounds=True)
        self.curve = make_curve(self.plot)
        dash = Qt.PenStyle.DashLine
        self.low_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen(AMBER, width=1.5, style=dash),
            label="", labelOpts={"position": 0.02, "color": AMBER, "anchors": [(0, 1), (0, 1)]})
        self.high_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen(AMBER, width=1.5, style=dash),
            label="", labelOpts={"position": 0.02, "color": AMBER, "anchors": [(0, 1), (0, 1)]})
        for line in (self.low_line, self.high_line):
            self.plot.addItem(line)
        self.cross_v = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#9aa5b1", width=1))
        self.cross_h = pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen("#9aa5b1", width=1))
        self.cross_dot = pg.ScatterPlotItem(size=8, brush=pg.mkBrush("#1f6feb"), pen=pg.mkPen("w"))
        for item in (self.cross_v, self.cross_h, self.cross_dot):
            item.setZValue(30)
            item.hide()
            self.plot.addItem(item, ignoreBounds=True)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        # A range drawn reduced to the plot's columns is read again, finer, for the part zoomed
        # into (mouse wheel, drag), once the view has settled.
        self._zoom_timer = QTimer(self)
        self._zoom_timer.setSingleShot(True)
        self._zoom_timer.setInterval(250)
        self._zoom_timer.timeout.connect(self._on_zoom_settled)
        self.plot.getPlotItem().vb.sigXRangeChanged.connect(self._on_view_changed)
        self.plot.getPlotItem().vb.sigResized.connect(self._on_view_changed)  # wider: more columns

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self._set_buttons_enabled(False)

    # -- loading --------------------------------------------------------------------------
    def set_series(self, series_id: int | None) -> None:
        self.series_id = series_id
        self.reload()

    def set_range(self, key: str) -> None:
        self.range_key = key
        self.range_buttons[key].setChecked(True)
        self.reload()

    def columns(self) -> int:
        """The plot's width in pixel columns: what a dense range is reduced to."""
        return max(int(self.plot.getPlotItem().vb.width()), 200)

    def reload(self) -> None:
        """Read the trend, limits and alarms off the GUI thread; sig_trend_applied when drawn."""
        self._generation += 1
        self._zoom_timer.stop()
        if self.series_id is None:
            self.apply(None)
            return
        self._loading = True
        self._fetch(self.series_id, now(), None, zoomed=False)

    def _fetch(self, sid: int, end: dt.datetime, start: dt.datetime | None, zoomed: bool) -> None:
        generation, store, key, columns = self._generation, self.ctx.store, self.range_key, self.columns()

        fetch = reading(store, lambda session: load_trend(session, sid, key, end, columns=columns, start=start))

        run_in_background(lambda: (generation, zoomed, columns, fetch()), self._on_fetched, self._on_fetch_failed)

    def _on_fetched(self, result) -> None:
        generation, zoomed, columns, loaded = result
        if generation != self._generation:
            return
        self._columns_read = columns
        if zoomed:
            self._apply_zoomed(loaded["data"])
        else:
            self.apply(loaded)

    def _on_view_changed(self, *_args) -> None:
        self._zoom_timer.start()

    def _on_zoom_settled(self) -> None:
        """Read the visible part of the range again when the rows drawn do not fit it: finer
        rows for a part of a reduced range, the whole range again when zoomed back out."""
        data, span, window, series_id = self.data, self._span, self._window, self.series_id
        if self._loading or data is None or span is None or window is None or series_id is None:
            return
        if not (data.reduced or window != span):
            return  # every row of the range is drawn already
        (x0, x1), _ = self.plot.getPlotItem().vb.viewRange()
        x0, x1 = max(x0, span[0]), min(x1, span[1])
        if not x1 > x0:
            return
        wanted = span if x1 - x0 >= 0.95 * (span[1] - span[0]) else (x0, x1)
        wider = data.reduced and self.columns() > 1.2 * self._columns_read  # the plot grew: more columns
        if not wider and (wanted == window
                          or (not data.reduced and window[0] <= x0 and x1 <= window[1])):
            return  # the rows drawn cover the view at their own resolution
        self._generation += 1
        self._fetch(series_id, dt.datetime.fromtimestamp(wanted[1], tz=UTC),
                    dt.datetime.fromtimestamp(wanted[0], tz=UTC), zoomed=True)

    def _apply_zoomed(self, data: trends.Trend) -> None:
        """The finer rows of the zoomed part: the curve and band change, the view stays."""
        self.data = data
        self._window = (data.start.timestamp(), data.end.timestamp())
        self._draw_data(data)
        self.sig_trend_applied.emit(len(data))

    def _on_fetch_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.readout.setText(dialogs.error_text(exc))

    def apply(self, loaded: LoadedTrend | None) -> None:
        """Draw what was loaded (None: nothing selected)."""
        self._clear_decor()
        self._loading = False
        if loaded is None:
            self.data, self.marks, self.limits = None, [], None
            self._span = self._window = None
            self.curve.setData([], [])
            self.envelope.set_band([], [], [])
            self._draw_limits()  # no point, no limit lines either
            self.title_label.setText(self.tr("Click a gauge to see its trend"))
            self.readout.clear()
            self._set_buttons_enabled(False)
            self.sig_trend_applied.emit(0)
            return
        data = loaded["data"]
        self.data, self.marks, self.limits = data, loaded["marks"], loaded["limits"]
        self.symbol, self.tz = loaded["symbol"], loaded["tz"]
        self.title = f"{loaded['device']} {loaded['title']}"
        self.title_label.setText(f"{self.title} · {range_label(data.range_key)}")
        self._span = self._window = (data.start.timestamp(), data.end.timestamp())
        self.plot.getAxis("bottom").utcOffset = utc_offset(self.tz, data.end)
        self._draw_limits()
        self._draw_marks(data)
        self._set_view(data)
        self._draw_data(data)  # after the view is set: the band is drawn for its pixel columns
        self._zoom_timer.stop()  # the view just set is the one loaded for
        self.readout.setText("" if len(data) else self.tr("No readings in this range."))
        self._set_buttons_enabled(True)
        self.sig_trend_applied.emit(len(data))

    def _draw_data(self, data: trends.Trend) -> None:
        """The curve (and the roll-ups' band). Raw readings reduced to the plot's columns are
        drawn as each column's lowest-to-highest stroke, the shape the readings themselves draw."""
        if data.reduced and data.source == "raw":
            y = np.empty(2 * len(data))
            y[0::2], y[1::2] = data.vmin, data.vmax
            self.curve.setData(np.repeat(data.t, 2), y)
            self.envelope.set_band([], [], [])
            return
        self.curve.setData(data.t, data.v)
        if data.vmin is not None:
            self.envelope.set_band(data.t, data.vmin, data.vmax)
        else:
            self.envelope.set_band([], [], [])

    def _set_buttons_enabled(self, enabled: bool) -> None:
        self.png_button.setEnabled(enabled)
        self.csv_button.setEnabled(enabled)

    def _clear_decor(self) -> None:
        for item in self._decor:
            item.hide()
        self._decor = []

    def _draw_limits(self) -> None:
        lim = self.limits
        for line, value, word in ((self.low_line, lim.low if lim is not None else None, self.tr("Low")),
                                  (self.high_line, lim.high if lim is not None else None, self.tr("High"))):
            if value is None:
                line.hide()
                continue
            was_hidden = not line.isVisible()
            line.setValue(value)
            line.show()  # before the text: a hidden line's label ignores a new text
            text = f"{word} {format_quantity(value, self.symbol)}"
            if line.label.format != text or was_hidden:
                line.label.setFormat(text)
        if lim is not None and lim.low is not None and lim.high is not None:
            self.band.setRegion((lim.low, lim.high))
            self.band.show()
        else:
            self.band.hide()

    def _mark_items(self, colour: QColor, n: int) -> tuple:
        """The n-th span and line in this colour: made once, kept on the plot, hidden when unused."""
        pool = self._mark_pool.setdefault(colour.name(), [])
        while len(pool) <= n:
            span = pg.LinearRegionItem((0, 1), movable=False, pen=pg.mkPen(None),
                                       brush=pg.mkBrush(colour.red(), colour.green(), colour.blue(), 40))
            span.setZValue(-10)
            line = pg.InfiniteLine(pos=0, angle=90, movable=False, pen=pg.mkPen(colour, width=2),
                                   label=self.tr("Alarm"),
                                   labelOpts={"position": 0.96, "color": colour, "fill": pg.mkBrush("w")})
            line.setZValue(-5)  # under the curve: a short excursion's needle shows over its mark
            for item in (span, line):
                item.hide()
                self.plot.addItem(item, ignoreBounds=True)
            pool.append((span, line))
        return pool[n]

    def _draw_marks(self, data: trends.Trend) -> None:
        """Each alarm: a shaded span from raised to cleared (or now) and a line at the raise."""
        used: dict[str, int] = {}
        for mark in self.marks:
            colour = RED if mark.severity == "critical" else AMBER
            n = used[colour.name()] = used.get(colour.name(), -1) + 1
            span, line = self._mark_items(colour, n)
            start = max(mark.raised, data.start.timestamp())
            stop = mark.cleared if mark.cleared is not None else data.end.timestamp()
            span.setRegion((start, stop))
            line.setValue(mark.raised)
            line.setToolTip(mark.message)
            for item in (span, line):
                item.show()
                self._decor.append(item)

    def _set_view(self, data: trends.Trend) -> None:
        self.plot.setXRange(data.start.timestamp(), data.end.timestamp(), padding=0.01)
        values = [v for v in (self.limits.low if self.limits else None, self.limits.high if self.limits else None)
                  if v is not None]
        if len(data):
            values += [float(np.nanmin(data.vmin if data.vmin is not None else data.v)),
                       float(np.nanmax(data.vmax if data.vmax is not None else data.v))]
        if values:
            lo, hi = min(values), max(values)
            pad = max((hi - lo) * 0.08, 0.5)
            self.plot.setYRange(lo - pad, hi + pad, padding=0)

    # -- crosshair ------------------------------------------------------------------------
    def readout_at(self, x: float) -> str:
        """Put the crosshair on the point nearest to time ``x`` (epoch seconds); the read-out text."""
        data = self.data
        if data is None or not len(data):
            return ""
        i = int(np.clip(np.searchsorted(data.t, x), 0, len(data) - 1))
        if i > 0 and abs(data.t[i - 1] - x) <= abs(data.t[i] - x):
            i -= 1
        tx, vy = float(data.t[i]), float(data.v[i])
        self.cross_v.setValue(tx)
        self.cross_h.setValue(vy)
        self.cross_dot.setData([tx], [vy])
        for item in (self.cross_v, self.cross_h, self.cross_dot):
            item.show()
        if data.reduced and data.source == "raw":
            self.cross_h.hide()  # the dot marks the column; its range is in the read-out
        when = to_local(dt.datetime.fromtimestamp(tx, tz=UTC), self.tz)
        low, high = "", ""
        if data.vmin is not None and data.vmax is not None:  # roll-ups and reduced rows have both
            low, high = (format_quantity(round(float(a[i]), 2), self.symbol) for a in (data.vmin, data.vmax))
        step = data.step  # seconds per column of a reduced range (None: the rows as stored)
        if step is not None and data.source == "raw":  # a column of readings: its time span and range
            until = to_local(dt.datetime.fromtimestamp(tx + step / 2, tz=UTC), self.tz)
            since = to_local(dt.datetime.fromtimestamp(tx - step / 2, tz=UTC), self.tz)
            text = f"{since:%Y-%m-%d %H:%M}–{until:%H:%M}  " + self.tr("lowest {low}, highest {high}").format(
                low=low, high=high)
        else:
            text = f"{when:%Y-%m-%d %H:%M}" + (f":{when:%S}" if data.source == "raw" else "")
            text += f"  {format_quantity(round(vy, 2), self.symbol)}"
            if data.vmin is not None:
                text += "  " + self.tr("(lowest {low}, highest {high})").format(low=low, high=high)
        self.readout.setText(text)
        self.sig_crosshair_moved.emit(text)
        return text

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.plot.getPlotItem().vb
        if self.data is None or not vb.sceneBoundingRect().contains(pos):
            return
        self.readout_at(vb.mapSceneToView(pos).x())

    # -- export ---------------------------------------------------------------------------
    def _suggested_name(self, ext: str) -> str:
        stamp = to_local(self.data.end, self.tz).strftime("%Y%m%d-%H%M") if self.data else ""
        return f"{self.title} {range_label(self.range_key)} {stamp}.{ext}".replace("/", "-").strip()

    def export_png(self, path: str | Path) -> bool:
        return self.plot.grab().save(str(path), "PNG")

    def export_csv(self, path: str | Path) -> Query:
        """The rows as stored over the part of the range in view (a reduced view is read again
        in full: the file holds every reading, not the drawn buckets) — read and written off the
        GUI thread, the button busy meanwhile; ``.success``/``.failure`` of the returned query
        say what then (it is started by the caller's ``.run()``)."""
        data, series_id, range_key, tz = self.data, self.series_id, self.range_key, self.tz

        def export(session) -> None:
            if data is None or series_id is None:
                raise RuntimeError("no trend is shown")  # the buttons are disabled then
            text = trends.trend_csv(session, series_id, range_key, data.end, tz=tz,
                                    data=None if data.reduced else data, start=data.start)
            write_atomically(path, text.encode("utf-8"))
        return Query(self, self.ctx.store, export, button=self.csv_button)

    def _on_export_png_clicked(self) -> None:
        path = dialogs.ask_save_path(self, self.tr("Export trend as PNG"), self._suggested_name("png"),
                                     self.tr("PNG images (*.png)"))
        if not path:
            return
        if self.export_png(path):
            dialogs.show_done(self, self.tr("Saved {path}").format(path=path))
        else:
            dialogs.show_error(self, self.tr("Could not write {path}").format(path=path))

    def _on_export_csv_clicked(self) -> None:
        path = dialogs.ask_save_path(self, self.tr("Export trend as CSV"), self._suggested_name("csv"),
                                     self.tr("CSV files (*.csv)"))
        if not path:
            return
        self.export_csv(path) \
            .success(lambda _none: dialogs.show_done(self, self.tr("Saved {path}").format(path=path))) \
            .failure(lambda exc: dialogs.show_error(self, dialogs.error_text(exc))) \
            .run()  # a full disk, a locked file: said in its own words, not lost
