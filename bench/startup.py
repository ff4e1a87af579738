"""Figure ``startup``: process start to the OpsDesk main window's first complete paint
on the demo database, against a bare PySide6 ``QMainWindow`` in a fresh process.

Each run is a fresh interpreter (``bench/_startup_child.py``) with
``QT_QPA_PLATFORM=offscreen`` and its own ``OPSDESK_HOME``. The demo database is
made once by ``opsdesk init --demo`` and copied into each run's home, so its
creation is never timed. The clock starts just before the parent spawns the child
and stops when the child's window has painted its first frame.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure, log, private_translations

CHILD = Path(__file__).with_name("_startup_child.py")
TIMEOUT_S = 60


class ChildFailed(RuntimeError):
    pass


def _opsdesk_command() -> list[str]:
    script = Path(sys.executable).with_name("opsdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "opsdesk"]


_DROPPED = ("OPSDESK_DB", "OPSDESK_KEY_FILE", "OPSDESK_USER", "OPSDESK_PASSWORD", "OPSDESK_LANG",
            "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")


def _base_env(home: Path, pycache: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["OPSDESK_HOME"] = str(home)
    if pycache is not None:
        # Byte-code as an installed console has it: compiled once (by the untimed
        # warm-up run), into the bench's own folder rather than the source tree.
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def prepare_demo(workdir: Path) -> Path:
    """``opsdesk init --demo`` once, in its own home; returns the demo database file."""
    home = workdir / "demo-template"
    home.mkdir()
    proc = subprocess.run([*_opsdesk_command(), "init", "--demo"], env=_base_env(home), capture_output=True,
                          text=True, timeout=TIMEOUT_S)
    if proc.returncode != 0:
        raise ChildFailed(f"opsdesk init --demo failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    found = sorted(home.glob("*.sqlite3"))
    if not found:
        raise ChildFailed(f"opsdesk init --demo made no database in {home}")
    return found[0]


def _copy_db(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    with b:
        a.backup(b)
    a.close()
    b.close()


def run_child(mode: str, home: Path, pycache: Path, profile: Path | None = None,
              translations: str | None = None) -> tuple[float, float]:
    """Spawn one child; returns (seconds from spawn to first paint, of which interpreter start-up)."""
    env = _base_env(home, pycache)
    if translations:
        env["OPSDESK_BENCH_TRANSLATIONS"] = translations
    if profile is not None:
        env["OPSDESK_BENCH_PROFILE"] = str(profile)
    t_spawn = time.perf_counter()
    proc = subprocess.run([sys.executable, str(CHILD), mode], env=env, capture_output=True, text=True,
                          timeout=TIMEOUT_S)
    shown = [line.split() for line in proc.stdout.splitlines() if line.startswith("SHOWN ")]
    if proc.returncode != 0 or not shown:
        tail = (proc.stderr.strip() or proc.stdout.strip())[-1500:]
        raise ChildFailed(f"{mode} child exited {proc.returncode} without showing a main window:\n{tail}")
    t0, t1 = float(shown[0][1]), float(shown[0][2])
    return t1 - t_spawn, t0 - t_spawn


def measure(repeat: int, profile: Path | None = None) -> Figure:
    fig = Figure("startup", aim=2.5,
                 what="fresh process → main window's first complete paint (offscreen): OpsDesk on the demo "
                      "vs bare QMainWindow")
    with tempfile.TemporaryDirectory(prefix="opsdesk-bench-startup-") as tmp:
        workdir = Path(tmp)
        try:
            demo = prepare_demo(workdir)
        except (ChildFailed, subprocess.TimeoutExpired) as exc:
            fig.notes.append(f"startup: not measured — {exc}")
            return fig
        # One untimed run of each first: it compiles the byte-code into `pycache` and
        # warms the OS file cache, for every timed run and on both sides alike.
        pycache = workdir / "pycache"
        translations = private_translations(workdir)
        interp = {"bare": [], "opsdesk": []}
        for n in range(repeat + 1):
            for mode in ("bare", "opsdesk"):
                home = workdir / f"{mode}{n}"
                home.mkdir()
                if mode == "opsdesk":
                    _copy_db(demo, home / demo.name)
                try:
                    total, interpreter = run_child(mode, home, pycache, translations=translations)
                except (ChildFailed, subprocess.TimeoutExpired) as exc:
                    fig.notes.append(f"startup: not measured — {exc}")
                    fig.opsdesk.clear()
                    return fig
                finally:
                    shutil.rmtree(home, ignore_errors=True)
                if n == 0:
                    continue
                (fig.opsdesk if mode == "opsdesk" else fig.baseline).append(total)
                interp[mode].append(interpreter)
            if n:
                log(f"  startup run {n}/{repeat}: OpsDesk {fig.opsdesk[-1] * 1000:.0f} ms, "
                    f"bare QMainWindow {fig.baseline[-1] * 1000:.0f} ms")
        if profile is not None:
            fig.notes.extend(profile_startup(demo, workdir, pycache, profile, translations))
        med = sorted(interp["opsdesk"] + interp["bare"])[len(interp["opsdesk"] + interp["bare"]) // 2]
        fig.notes.append(f"startup: of which bare interpreter start-up (spawn → first line of the child) "
                         f"≈ {med * 1000:.0f} ms on both sides")
    return fig


def profile_startup(demo: Path, workdir: Path, pycache: Path, out: Path, translations: str | None = None,
                    top: int = 25) -> list[str]:
    """One more OpsDesk start under cProfile (spawn to first paint); print the hot spots."""
    import io
    import pstats

    home = workdir / "profiled"
    home.mkdir()
    _copy_db(demo, home / demo.name)
    try:
        run_child("opsdesk", home, pycache, profile=out, translations=translations)
    except (ChildFailed, subprocess.TimeoutExpired) as exc:
        return [f"startup: profile failed — {exc}"]
    buf = io.StringIO()
    stats = pstats.Stats(str(out), stream=buf)
    stats.sort_stats("cumulative").print_stats(r"opsdesk/", top)
    buf.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    log("\n== cProfile of one OpsDesk start (to first paint): OpsDesk functions by cumulative time, "
        "then everything by own time ==")
    log(buf.getvalue())
    return [f"startup: profile saved to {out} (python -m pstats {out})"]
