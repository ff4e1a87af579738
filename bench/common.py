"""Timing helpers and the result table shared by every figure."""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One benchmark figure: OpsDesk's times against a baseline's, in seconds."""

    name: str
    aim: float  # OpsDesk may take at most this many times the baseline
    opsdesk: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    what: str = ""  # one line: what was timed on each side
    notes: list[str] = field(default_factory=list)
    # An absolute aim instead of the ratio: OpsDesk's worst run must stay under this many seconds.
    limit: float | None = None
    # The OpsDesk, baseline and ratio cells of the table, when "median (min)" is not the view (stall).
    cells: list[str] | None = None

    @property
    def ok(self) -> bool:
        return bool(self.opsdesk and self.baseline)

    @property
    def ratio(self) -> float:
        """Median against median: the figure the aim is judged on."""
        return statistics.median(self.opsdesk) / statistics.median(self.baseline)

    @property
    def ratio_min(self) -> float:
        """Best against best: the least noisy view of the same comparison."""
        return min(self.opsdesk) / min(self.baseline)

    @property
    def met(self) -> bool:
        if self.limit is not None:
            return self.ok and max(self.opsdesk) < self.limit
        return self.ok and self.ratio <= self.aim

    @property
    def aim_text(self) -> str:
        return f"< {fmt_seconds(self.limit)}" if self.limit is not None else f"≤ {self.aim:g}×"


def fmt_seconds(value: float) -> str:
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms" if value >= 0.1 else f"{value * 1000:.1f} ms"


def fmt_ratio(value: float) -> str:
    return f"{value:.0f}×" if value >= 100 else f"{value:.1f}×" if value >= 10 else f"{value:.2f}×"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary(figures: list[Figure]) -> str:
    # runs: "N" or "OpsDesk / baseline"
    rows = [["figure", "OpsDesk median (min)", "baseline median (min)", "ratio median (min)", "aim", "met", "runs"]]
    for f in figures:
        if not f.ok:
            rows.append([f.name, "-", "-", "-", f.aim_text, "n/a", "0"])
            continue
        rows.append([
            f.name,
            *(f.cells or [
                f"{fmt_seconds(statistics.median(f.opsdesk))} ({fmt_seconds(min(f.opsdesk))})",
                f"{fmt_seconds(statistics.median(f.baseline))} ({fmt_seconds(min(f.baseline))})",
                f"{fmt_ratio(f.ratio)} ({fmt_ratio(f.ratio_min)})",
            ]),
            f.aim_text,
            "yes" if f.met else "NO",
            str(len(f.opsdesk)) if len(f.opsdesk) == len(f.baseline) else f"{len(f.opsdesk)} / {len(f.baseline)}",
        ])
    return table(rows)


def log(message: str) -> None:
    print(message, flush=True)


def private_translations(workdir) -> str:
    """A private copy of the console's compiled translations, for the bench's Qt processes.

    Qt memory-maps a loaded ``.qm``; ``pyside6-lrelease`` rewrites it in place, so a
    console whose catalogue is regenerated under it (another developer running
    resources/translations/update_translations.py) dies of SIGSEGV in QTranslator. The
    copy has the same bytes, so loading it costs the same; it is taken twice until
    both reads agree, so a file caught mid-rewrite is not used."""
    from pathlib import Path

    from opsdesk import paths

    src, dst = paths.RESOURCES / "translations", Path(workdir) / "translations"
    dst.mkdir(parents=True, exist_ok=True)
    for qm in src.glob("*.qm"):
        for _ in range(20):
            first = qm.read_bytes()
            if first and first == qm.read_bytes():
                break
        (dst / qm.name).write_bytes(first)
    return str(dst)
