"""Where OpsDesk keeps its files: the database, the secret key, backups.

Everything lives in one data directory (platformdirs' user data dir, or
``OPSDESK_HOME``), so a duty-room PC has one folder to back up and protect.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RESOURCES = ROOT / "resources"


def data_dir() -> Path:
    override = os.environ.get("OPSDESK_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir("opsdesk", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "opsdesk.sqlite3"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
