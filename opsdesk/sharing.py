"""File modes and the group ``opsdesk``: the console's user and the poller service share one
data folder (issue 14, finding 10: the database and backups used to be created 0644).

- The process umask is 0007: what OpsDesk creates is never readable by other users.
- The data folder is 2770 (setgid: files made in it take its group), the database and its
  ``-wal``/``-shm`` 0660 (SQLite gives the journal files the database's mode), the key file,
  backups and manifests 0640 (read by the group, written by their owner only).
- The group is ``opsdesk`` (``OPSDESK_GROUP`` names another; empty: no group is set). ``opsdesk
  init`` and ``opsdesk service install`` run as root create it (``groupadd --system``).

A mode or group is changed only on files this process owns; when it may not (another
user's file, a filesystem without modes), the file is left as it is.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

UMASK = 0o007
FOLDER_MODE = 0o2770
DATABASE_MODE = 0o660
KEY_MODE = 0o640
BACKUP_MODE = 0o640
DEFAULT_GROUP = "opsdesk"


def group_name() -> str:
    return os.environ.get("OPSDESK_GROUP", DEFAULT_GROUP).strip()


def group_id() -> int | None:
    """The gid of the shared group, or None when there is none (not made yet, switched off, Windows)."""
    name = group_name()
    if not name:
        return None
    try:
        import grp
    except ImportError:  # Windows: folder permissions are the administrator's (README)
        return None
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        return None


def set_umask() -> None:
    """Nothing made from here on is readable by users outside the owner and the group."""
    if hasattr(os, "umask"):
        os.umask(UMASK)


def ensure_group() -> int | None:
    """Create the shared group when running as root and it is missing; its gid (None when it
    cannot be made here: not root, no groupadd, switched off)."""
    gid = group_id()
    if gid is not None or not group_name() or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return gid
    groupadd = shutil.which("groupadd")
    if groupadd is None:
        return None
    subprocess.run(  # noqa: S603 - fixed argv (groupadd found on PATH, our group's name), no shell
        [groupadd, "--system", group_name()], capture_output=True, check=False)
    return group_id()


def _mine(info: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or os.geteuid() in (0, info.st_uid)


def share(path: Path, mode: int) -> None:
    """Give ``path`` ``mode`` and the shared group, if this process owns it (or is root)."""
    try:
        info = path.stat()
    except OSError:
        return
    if not _mine(info):
        return
    gid = group_id()
    try:
        regrouped = False
        if gid is not None and info.st_gid != gid:
            os.chown(path, -1, gid)
            regrouped = True
        if regrouped or stat.S_IMODE(info.st_mode) != mode:
            os.chmod(path, mode)  # after chown, which clears a setgid bit
    except OSError:
        pass  # not a member of the group, or a filesystem without modes: left as it is


def share_folder(path: Path) -> None:
    share(path, FOLDER_MODE if os.name == "posix" else 0o770)


def share_database(path: Path) -> None:
    """The database and the -wal/-shm beside it, 0660."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            share(candidate, DATABASE_MODE)
