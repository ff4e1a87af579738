"""Where OpsDesk keeps its files: the database, the secret key, backups.

Everything lives in one data directory (platformdirs' user data dir, or
``OPSDESK_HOME``), so a duty-room PC has one folder to back up and protect.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from opsdesk import sharing

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RESOURCES = ROOT / "resources"


def write_atomically(path: Path | str, data: bytes) -> None:
    """Write a file the user asked for so that it is whole or not there: the bytes go
    to a temporary file beside it, then replace it in one step. A full disk or a
    locked folder raises OSError and leaves any earlier file as it was."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc  # name the user's file, not ours
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _make_folder(path: Path) -> Path:
    """``path`` as a folder: made (2770 and the group opsdesk, ``opsdesk.sharing``) when missing.
    An OSError naming ``path`` when it cannot be (a path through a file, a read-only disk, no
    permission): this module sits below the catalogue, so the sentence is said where the error
    is shown (:func:`opsdesk.environment.describe`, in the CLI's ``main`` and the console's
    error boxes)."""
    try:
        made = not path.is_dir()
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None  # the folder asked for, not a parent
    if made:
        sharing.share_folder(path)
    return path


def data_dir() -> Path:
    override = os.environ.get("OPSDESK_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir("opsdesk", appauthor=False))
    return _make_folder(path)


def default_db_path() -> Path:
    return data_dir() / "opsdesk.sqlite3"


def site_marker() -> Path:
    """Written by ``opsdesk init`` beside the site's database: this data folder is a site's,
    and the demo is never made in it."""
    return data_dir() / "site-database"


def backup_dir() -> Path:
    return _make_folder(data_dir() / "backups")
