"""``python -m bench [--only NAME] [--repeat N] [--budget S] [--profile DIR]``: print every
figure as a ratio against a baseline measured in the same run, and whether its aim is met.

Figures: ``startup`` (process to first paint), ``import`` (5,000-row register CSV),
``poll`` (a steady poll cycle against bare pysnmp, wall and CPU), ``ingest`` (a
cycle's readings through the monitor against bare inserts), ``stall`` (the Qt
main thread's longest stall while devices are polled), ``save_during_poll`` (a console's save,
click to commit, while the poller writes its cycles, against an idle store; and the poller's
longest write-lock hold) and ``trend`` (a sensor's 1-year
and 30-day trend from the store to the drawn chart against bare pyqtgraph). Each has a modest default
size, so the whole run stays within about five minutes on two cores; the size
flags scale them (``--poll-devices 500 --stall-devices 500``).

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

from bench import (
    floor,
    ingest,
    inspection_pdf,
    poll,
    poll_mix,
    register_import,
    save_during_poll,
    stall,
    startup,
    trend,
)
from bench.common import Figure, log, summary

FIGURES = ("startup", "import", "poll", "poll_mix", "ingest", "stall", "save_during_poll", "floor", "trend",
           "inspection_pdf")
# Seconds of timed repetitions a figure may take before it stops repeating (--budget overrides all).
BUDGETS = {"import": 70.0, "poll": 45.0, "poll_mix": 240.0, "ingest": 30.0, "inspection_pdf": 40.0}


def _load() -> str:
    """The 1-minute load average, so a reader can tell a busy machine's figures."""
    try:
        return f", load average {os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):  # Windows
        return ""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Print each figure as a ratio against a baseline measured in the same run.")
    parser.add_argument("--only", action="append", choices=FIGURES, metavar="NAME",
                        help=f"run only this figure (one of: {', '.join(FIGURES)}); may be repeated")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="timed runs per side (default 5); the table shows median and min")
    parser.add_argument("--budget", type=float, metavar="SECONDS",
                        help="stop repeating a figure once this much time is spent in its timed runs (default: "
                             + ", ".join(f"{k} {v:g}" for k, v in BUDGETS.items()) + ")")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="also run OpsDesk's side once under cProfile, print the hot spots, "
                             "save .prof files in DIR")
    sizes = parser.add_argument_group("figure sizes")
    sizes.add_argument("--poll-devices", type=int, default=poll.DEVICES, metavar="N",
                       help=f"devices in the poll figure's cycle (default {poll.DEVICES})")
    sizes.add_argument("--poll-mix-devices", type=int, default=poll_mix.DEVICES, metavar="N",
                       help=f"devices of mixed families in the poll_mix figure (default {poll_mix.DEVICES})")
    sizes.add_argument("--poll-agents", type=int, default=1, metavar="N",
                       help="snmpsim processes serving them, each on its own port (default 1)")
    sizes.add_argument("--ingest-units", type=int, default=ingest.UNITS, metavar="N",
                       help=f"units per ingest cycle (default {ingest.UNITS})")
    sizes.add_argument("--ingest-readings", type=int, default=ingest.READINGS, metavar="N",
                       help=f"readings per unit (default {ingest.READINGS})")
    sizes.add_argument("--ingest-cycles", type=int, default=ingest.CYCLES, metavar="N",
                       help=f"timed ingest cycles, split into --repeat blocks (default {ingest.CYCLES})")
    sizes.add_argument("--stall-devices", type=int, default=stall.DEVICES, metavar="N",
                       help=f"devices the poller polls during the stall figure (default {stall.DEVICES})")
    sizes.add_argument("--stall-cycles", type=int, default=stall.CYCLES, metavar="N",
                       help=f"poll cycles with the window shown, and as long idle (default {stall.CYCLES})")
    sizes.add_argument("--save-cycles", type=int, default=save_during_poll.CYCLES, metavar="N",
                       help=f"back-to-back poller cycles a console saves during (default {save_during_poll.CYCLES})")
    sizes.add_argument("--floor-items", type=int, default=floor.ITEMS, metavar="N",
                       help=f"items on the floor plan, all updated every second (default {floor.ITEMS})")
    sizes.add_argument("--floor-seconds", type=int, default=floor.SECONDS, metavar="N",
                       help=f"seconds of updates timed (default {floor.SECONDS})")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    for name in ("poll_devices", "poll_mix_devices", "poll_agents", "ingest_units", "ingest_readings", "ingest_cycles",
                 "stall_devices", "stall_cycles"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def budget(args: argparse.Namespace, name: str) -> float:
    return args.budget if args.budget is not None else BUDGETS[name]


def run_figure(name: str, args: argparse.Namespace) -> list[Figure]:
    prof = (lambda stem: args.profile / f"{stem}.prof") if args.profile else (lambda stem: None)
    if name == "startup":
        return [startup.measure(args.repeat, profile=prof("startup"))]
    if name == "import":
        return [register_import.measure(args.repeat, budget=budget(args, name), profile=prof("import"))]
    if name == "poll":
        return poll.measure(args.repeat, devices=args.poll_devices, processes=args.poll_agents,
                            budget=budget(args, name), profile=prof("poll"))
    if name == "poll_mix":
        return poll_mix.measure(args.repeat, devices=args.poll_mix_devices, budget=budget(args, name))
    if name == "ingest":
        return [ingest.measure(args.repeat, units=args.ingest_units, readings=args.ingest_readings,
                               cycles=args.ingest_cycles, budget=budget(args, name), profile=prof("ingest"))]
    if name == "save_during_poll":
        return save_during_poll.measure(cycles=args.save_cycles)
    if name == "floor":
        return [floor.measure(items=args.floor_items, seconds=args.floor_seconds, profile=prof("floor"))]
    if name == "trend":
        return trend.measure(args.repeat, profile=args.profile)
    if name == "inspection_pdf":
        return [inspection_pdf.measure(args.repeat, budget=budget(args, name), profile=prof("inspection_pdf"))]
    return [stall.measure(devices=args.stall_devices, cycles=args.stall_cycles, profile=prof("stall"))]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = [name for name in FIGURES if not args.only or name in args.only]
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    log(f"OpsDesk benchmarks — {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
        f"repeat {args.repeat}{_load()}")
    started = time.perf_counter()
    figures: list[Figure] = []
    for name in chosen:
        log(f"\n[{name}]")
        t0 = time.perf_counter()
        for fig in run_figure(name, args):
            log(f"  {fig.name}: {fig.what}")
            figures.append(fig)
        log(f"  ({time.perf_counter() - t0:.0f} s)")

    log("\n" + summary(figures))
    notes = [n for f in figures for n in f.notes]
    if notes:
        log("")
        for note in notes:
            log(f"* {note}")
    log(f"\nTotal {time.perf_counter() - started:.0f} s{_load()}. Ratios are OpsDesk ÷ baseline; "
        "'met' judges the median ratio (stall: the longest stall itself).")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
