"""Monitoring as a service: ``opsdesk service install`` writes a systemd unit that runs the
poller (``opsdesk poller``) for this data directory and database, and enables it, so the
duty room is watched from boot whether or not a console is open (R-ENV-4).

The unit restarts the poller when it fails, not when it is stopped on purpose (a
supervisor's 停止监控 in the console, or ``systemctl stop``)."""

from __future__ import annotations

import getpass
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from opsdesk import paths, sharing
from opsdesk.i18n import t

UNIT_NAME = "opsdesk-poller.service"
SYSTEM_UNIT_DIR = Path("/etc/systemd/system")


class ServiceError(Exception):
    """The message is for the user, in their language."""


def unit_text(db_url: str, *, user: str | None = None, python: str | None = None, home: Path | None = None) -> str:
    """The unit file: the poller of ``db_url`` run by this environment's Python as ``user``."""
    python = python or sys.executable
    home = home or paths.data_dir()
    user = user or getpass.getuser()
    return "\n".join([
        "# Written by `opsdesk service install`: the OpsDesk poller (monitoring without a console).",
        "[Unit]",
        "Description=OpsDesk poller (duty-room monitoring)",
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        f"User={user}",
        *([f"SupplementaryGroups={sharing.group_name()}"] if sharing.group_id() is not None else []),
        "UMask=0007",  # what the poller makes, the console's user (group opsdesk) can use too
        f"Environment=OPSDESK_HOME={home}",
        f"ExecStart={python} -m opsdesk poller --db {db_url}",
        "Restart=on-failure",
        "RestartSec=10",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=20",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ])


@dataclass(frozen=True)
class Installed:
    path: Path
    enabled: bool


def install(db_url: str, *, unit_dir: Path = SYSTEM_UNIT_DIR, enable: bool = True,
            user: str | None = None) -> Installed:
    """Write the unit into ``unit_dir`` and (``enable``) reload systemd, enable and start it."""
    path = unit_dir / UNIT_NAME
    try:
        unit_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(unit_text(db_url, user=user), encoding="utf-8")
    except PermissionError:
        raise ServiceError(t("Cannot write {path}: installing a service needs the administrator (run as root, "
                             "e.g. with sudo).", path=path)) from None
    except OSError as exc:
        raise ServiceError(t("Cannot write {path}: {reason}", path=path, reason=exc.strerror or exc)) from None
    if not enable:
        return Installed(path, False)
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        raise ServiceError(t("The unit was written to {path}, but this system has no systemctl: start "
                             "`opsdesk poller` with the system's own service manager.", path=path))
    for command in ([systemctl, "daemon-reload"], [systemctl, "enable", "--now", UNIT_NAME]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv, no shell
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()
            raise ServiceError(t("The unit was written to {path}, but {command} failed: {reason}", path=path,
                                 command=" ".join(command[1:]), reason=reason[-1] if reason else done.returncode))
    return Installed(path, True)


def uninstall(*, unit_dir: Path = SYSTEM_UNIT_DIR) -> Path:
    """Stop and disable the service and remove its unit."""
    path = unit_dir / UNIT_NAME
    systemctl = shutil.which("systemctl")
    if systemctl is not None and unit_dir == SYSTEM_UNIT_DIR:
        subprocess.run(  # noqa: S603 - fixed argv (systemctl found on PATH, our unit), no shell
            [systemctl, "disable", "--now", UNIT_NAME], capture_output=True, check=False)
    try:
        path.unlink(missing_ok=True)
    except PermissionError:
        raise ServiceError(t("Cannot remove {path}: that needs the administrator (run as root).", path=path)) from None
    if systemctl is not None and unit_dir == SYSTEM_UNIT_DIR:
        subprocess.run(  # noqa: S603 - fixed argv (systemctl found on PATH), no shell
            [systemctl, "daemon-reload"], capture_output=True, check=False)
    return path
