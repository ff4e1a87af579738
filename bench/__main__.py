"""``python -m bench [--only NAME] [--repeat N] [--profile DIR]``: print every figure
as a ratio against a baseline measured in the same run, and whether its aim is met.

Nothing fails on a slow figure (machines are noisy); the exit status is non-zero
only when a figure could not be measured at all.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

# Offscreen unless the caller chose a platform: the startup children inherit it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import register_import, startup  # noqa: E402
from bench.common import Figure, log, summary  # noqa: E402

FIGURES = ("startup", "import")


def _load() -> str:
    """The 1-minute load average, so a reader can tell a busy machine's figures."""
    try:
        return f", load average {os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):  # Windows
        return ""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Print each figure as a ratio against a baseline measured in the same run.")
    parser.add_argument("--only", action="append", choices=FIGURES, metavar="NAME",
                        help=f"run only this figure (one of: {', '.join(FIGURES)}); may be given twice")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="timed runs per side (default 5); the table shows median and min")
    parser.add_argument("--budget", type=float, default=70.0, metavar="SECONDS",
                        help="stop repeating the import figure once this much time is spent (default 70)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="also run OpsDesk's side once under cProfile, print the hot spots, save .prof files in DIR")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = [name for name in FIGURES if not args.only or name in args.only]
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    log(f"OpsDesk benchmarks — {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
        f"repeat {args.repeat}{_load()}")
    started = time.perf_counter()
    figures: list[Figure] = []
    for name in chosen:
        log(f"\n[{name}]")
        t0 = time.perf_counter()
        if name == "startup":
            fig = startup.measure(args.repeat, profile=args.profile / "startup.prof" if args.profile else None)
        else:
            fig = register_import.measure(args.repeat, budget=args.budget,
                                          profile=args.profile / "import.prof" if args.profile else None)
        log(f"  {fig.what}")
        log(f"  ({time.perf_counter() - t0:.0f} s)")
        figures.append(fig)

    log("\n" + summary(figures))
    notes = [n for f in figures for n in f.notes]
    if notes:
        log("")
        for note in notes:
            log(f"* {note}")
    log(f"\nTotal {time.perf_counter() - started:.0f} s{_load()}. Ratios are OpsDesk ÷ baseline; 'met' judges the median ratio.")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
