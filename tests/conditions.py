"""Real environment conditions for the tests of issue 14, findings 8 and 10: a read-only bind
mount, a small full tmpfs, a database locked by another connection, an unprivileged user.

CI runs as root, for whom a read-only folder is writable and a permission never stops
anything: the conditions are made real, not imitated. A test that cannot make its condition
FAILS with a message saying why; it never skips (a skipped test would hide the check).
Every mount is undone in ``finally``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PYTHON = sys.executable
WORKTREE = Path(__file__).resolve().parent.parent


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"cannot make the test's condition: {' '.join(command)} failed: "
                    f"{(done.stderr or done.stdout).strip()} (these tests need root and mounts)")


def need_root() -> None:
    if os.geteuid() != 0:
        pytest.fail("this test makes a real condition (a mount, another user) and needs root, as in CI")


@contextlib.contextmanager
def read_only_view(folder: Path, at: Path) -> Iterator[Path]:
    """``folder`` seen read-only at ``at`` (a read-only bind mount): root cannot write there either."""
    need_root()
    at.mkdir(parents=True, exist_ok=True)
    _run("mount", "--bind", str(folder), str(at))
    try:
        _run("mount", "-o", "remount,bind,ro", str(at))
        probe = at / ".write-probe"
        try:
            probe.write_bytes(b"x")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.fail(f"the read-only bind mount {at} takes writes")
        yield at
    finally:
        subprocess.run(["umount", str(at)], check=False)


@contextlib.contextmanager
def small_disk(at: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` at ``at`` (fill it with :func:`fill`)."""
    need_root()
    at.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(at))
    try:
        yield at
    finally:
        subprocess.run(["umount", str(at)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full; the filler (remove it to free the disk)."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as fh:  # unbuffered: nothing left to flush on close
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    if os.statvfs(disk).f_bavail != 0:
        pytest.fail(f"the disk {disk} could not be filled")
    return filler


@contextlib.contextmanager
def lock_held(database: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holds the database's write lock (BEGIN IMMEDIATE) until the block ends."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
    finally:
        conn.rollback() if conn.in_transaction else None
        conn.close()


@contextlib.contextmanager
def open_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path sits under a root-only 0700 folder)."""
    folder = Path(tempfile.mkdtemp(prefix="opsdesk-env-", dir="/var/tmp"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def opsdesk(*args: str, env: dict[str, str], as_user: tuple[str, ...] = (), timeout: float = 60
            ) -> subprocess.CompletedProcess:
    """``python -m opsdesk ARGS`` in a process of its own (as ``setpriv`` options ``as_user``
    say), run from the worktree; its stdout, stderr and exit code."""
    command = [*(("setpriv", *as_user) if as_user else ()), PYTHON, "-m", "opsdesk", *args]
    full_env = {**os.environ, **env, "PYTHONPATH": str(WORKTREE)}
    return subprocess.run(command, capture_output=True, text=True, env=full_env, cwd=WORKTREE,
                          timeout=timeout, check=False)


def as_outsider() -> tuple[str, ...]:
    return ("--reuid=nobody", "--regid=nogroup", "--clear-groups")


def as_member(gid: int) -> tuple[str, ...]:
    """nobody with the shared group as a supplementary group (the poller service's user)."""
    return ("--reuid=nobody", "--regid=nogroup", f"--groups={gid}")
