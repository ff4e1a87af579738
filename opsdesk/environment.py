"""Environment errors said in the user's language: a read-only disk, a full disk, a database
locked by another program, no permission, a path that runs through a file (issue 14, finding 8).

One place for the CLI and the console (no Qt here): an ``OSError`` is read by its errno; a
SQLite error (``sqlite3.Error``, or SQLAlchemy's ``DBAPIError`` around one) by its SQLite
result code (``sqlite_errorcode``). Where SQLite's code leaves the cause open (it cannot open
a file, it may not write one), the cause is not guessed: the folder and the file are tried
(a file made and removed, the database opened for writing) and the errno that comes back
decides. Each sentence names the file or folder and says what to do.
"""

from __future__ import annotations

import errno
import getpass
import os
import sqlite3
import tempfile
from pathlib import Path

from opsdesk.i18n import t

# SQLite's primary result codes (sqlite3.h); an extended code keeps its primary in the low byte.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_AUTH = 10, 13, 14, 23

READ_ONLY, DISK_FULL, LOCKED, NO_PERMISSION, BAD_PATH, MISSING = (
    "read-only", "disk-full", "locked", "no-permission", "bad-path", "missing")


class EnvironmentProblem(RuntimeError):
    """The machine, not the data, stops the work: ``kind`` (READ_ONLY, DISK_FULL, …), the
    file or folder concerned, and the sentence ready to show. Nothing was written.

    Not an ``OpError``: the store raises it, and the store sits below the operations."""

    def __init__(self, kind: str, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.path = Path(path)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no name for this uid (a container): the number says enough
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def _file_through(path: Path) -> Path | None:
    """The first part of ``path`` that exists and is not a folder (``/etc/passwd`` of
    ``/etc/passwd/x``), or None."""
    for part in reversed([path, *path.parents]):
        try:
            if part.exists() and not part.is_dir():
                return part if part != path else None
        except OSError:
            return None
    return None


def check_path(path: Path) -> None:
    """EnvironmentProblem (BAD_PATH) when a part of ``path`` is a file, not a folder."""
    part = _file_through(path)
    if part is not None:
        raise problem(BAD_PATH, path, part=part)


def _sentence(kind: str, path: Path, **extra: object) -> str:
    if kind == READ_ONLY:
        return t("The disk holding {path} is read-only: nothing can be written there and nothing was changed. "
                 "Have the administrator mount it writable, or set OPSDESK_HOME (or --db) to a writable "
                 "folder.", path=path)
    if kind == DISK_FULL:
        return t("The disk holding {path} is full: nothing was written, and what was saved before is unchanged. "
                 "Free space on that disk (old backups, logs), then try again.", path=path)
    if kind == LOCKED:
        return t("The database {path} is locked by another program and was not released within {seconds} s: "
                 "nothing was written. Try again in a moment; if it stays locked, close the other OpsDesk "
                 "windows or programs using it.", path=path, seconds=extra.get("seconds", "?"))
    if kind == NO_PERMISSION:
        return t("The user {user} may not read or write {path}: nothing was changed. Have the administrator add "
                 "this user to the group {group} (the data folder's group), or open OpsDesk as a user who "
                 "may.", user=_user(), path=path, group=extra.get("group") or "opsdesk")
    if kind == BAD_PATH:
        return t("{path} cannot be a folder or file of OpsDesk: {part} is a file, not a folder. Set "
                 "OPSDESK_HOME (or --db) to a path inside a folder.", path=path, part=extra.get("part", path))
    return t("The folder or file {path} does not exist. Check OPSDESK_HOME (or --db), or create the folder.",
             path=path)


def problem(kind: str, path: Path | str, **extra: object) -> EnvironmentProblem:
    path = Path(path)
    if kind == NO_PERMISSION and "group" not in extra:
        from opsdesk import sharing

        extra["group"] = sharing.group_name()
    return EnvironmentProblem(kind, path, _sentence(kind, path, **extra))


def from_os_error(exc: OSError, path: Path | str | None = None) -> EnvironmentProblem | None:
    """The problem an OSError says, by its errno; None for an errno that is no environment error,
    or when neither the error nor the caller names a file (a sentence must name one)."""
    if not (path or exc.filename):
        return None
    target = Path(path or exc.filename)
    code = exc.errno
    if code == errno.EROFS:
        return problem(READ_ONLY, target)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return problem(DISK_FULL, target)
    if code in (errno.EACCES, errno.EPERM):
        return problem(NO_PERMISSION, target)
    if code == errno.ENOTDIR:
        part = _file_through(target)
        return problem(BAD_PATH, target, part=part or target)
    if code == errno.ENOENT:
        return problem(MISSING, target)
    return None


def file_error(exc: OSError, path: Path | str | None = None) -> str | None:
    """A file error said in the user's language with the file's name (a missing folder, a full
    or read-only disk, a refused write); None for other errors, which have no sentence here."""
    found = from_os_error(exc, path)
    return str(found) if found is not None else None


def try_folder(folder: Path) -> OSError | None:
    """Make, write and remove a one-byte file in ``folder``: the OSError that stops it (read-only,
    full, no permission, not a folder), or None when the folder takes a file."""
    fd = -1
    name = None
    try:
        fd, name = tempfile.mkstemp(prefix=".opsdesk-probe-", dir=folder)
        os.write(fd, b"\0")
        os.fsync(fd)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(folder)
        return exc
    finally:
        if fd >= 0:
            os.close(fd)
        if name is not None:
            try:
                os.unlink(name)
            except OSError:
                pass
    return None


def _try_file(path: Path) -> OSError | None:
    """Open an existing file for reading and writing: the OSError that stops it, or None."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc
    os.close(fd)
    return None


def _sqlite_error(exc: BaseException | None) -> sqlite3.Error | None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, sqlite3.Error):
            return exc
        orig = getattr(exc, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
        if isinstance(orig, sqlite3.Error):
            return orig
        exc = exc.__cause__ or exc.__context__
    return None


def _why_not_writable(database: Path) -> EnvironmentProblem | None:
    """Try the database's folder and the file itself; the errno that stops them decides."""
    part = _file_through(database)
    if part is not None:
        return problem(BAD_PATH, database, part=part)
    folder = database.parent
    if not folder.is_dir():
        return problem(MISSING, folder)
    failure = _try_file(database) if database.exists() else None
    if failure is not None:
        return from_os_error(failure, database)
    failure = try_folder(folder)
    if failure is not None:
        return from_os_error(failure, folder)
    return None


def from_database_error(exc: BaseException, database: Path | None, busy_ms: int | None = None
                        ) -> EnvironmentProblem | None:
    """The environment problem behind a SQLite error (raw or through SQLAlchemy), by its
    result code; None when it is something else (a damaged file, a bad query)."""
    error = _sqlite_error(exc)
    code = getattr(error, "sqlite_errorcode", None)
    if error is None or code is None:
        return None
    primary = code & 0xFF
    target = database or Path("?")
    if primary == SQLITE_FULL:  # the folder is named: the space is the disk's, not the file's
        return problem(DISK_FULL, target if target.is_dir() or database is None else target.parent)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        seconds = "?" if busy_ms is None else f"{busy_ms / 1000:g}"
        return problem(LOCKED, target, seconds=seconds)
    if primary in (SQLITE_PERM, SQLITE_AUTH):
        return problem(NO_PERMISSION, target)
    if database is None:
        return None
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN):
        found = _why_not_writable(database)
        if found is not None:
            return found
        if primary == SQLITE_READONLY:
            return problem(READ_ONLY, database)
        return None
    if primary == SQLITE_IOERR:
        try:
            full = os.statvfs(database.parent).f_bavail == 0
        except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
            full = False
        if full:
            return problem(DISK_FULL, database.parent)
        return _why_not_writable(database)
    return None


def describe(exc: BaseException, path: Path | str | None = None) -> EnvironmentProblem | None:
    """Any exception (or one it was raised from) that is an environment error, as its problem;
    ``path`` names the file or folder when the error itself does not."""
    if isinstance(exc, EnvironmentProblem):
        return exc
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, EnvironmentProblem):
            return current
        if isinstance(current, OSError):
            found = from_os_error(current, path if path and not current.filename else None)
            if found is not None:
                return found
        current = current.__cause__ or current.__context__
    if _sqlite_error(exc) is not None:
        return from_database_error(exc, Path(path) if path else None)
    return None
