"""The command line's grammar: the global options (accepted before and after a sub-command) and
every sub-command with its options, each bound to the module of its command group."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from typing import Any

from opsdesk import __version__
from opsdesk.cli.audit import cmd_audit
from opsdesk.cli.backup import cmd_backup, cmd_restore
from opsdesk.cli.calendar import cmd_calendar
from opsdesk.cli.common import date_arg, month_arg
from opsdesk.cli.demo import cmd_demo_agents
from opsdesk.cli.devices import cmd_devices, cmd_export_devices, cmd_import_devices
from opsdesk.cli.init import cmd_init
from opsdesk.cli.inspection import cmd_inspection_due, cmd_inspection_pdf, cmd_verify
from opsdesk.cli.monitoring import cmd_alarms, cmd_poll, cmd_poller, cmd_service
from opsdesk.cli.profiles import cmd_profile, cmd_profile_store, cmd_profiles
from opsdesk.cli.settings import cmd_settings
from opsdesk.cli.shift import cmd_shift
from opsdesk.cli.users import cmd_user


def build_parser() -> argparse.ArgumentParser:
    def global_options(defaults: bool) -> argparse.ArgumentParser:
        # Sub-commands accept the global options too; SUPPRESS keeps a value given
        # before the sub-command from being reset by the sub-parser's default.
        opts = argparse.ArgumentParser(add_help=False)
        kw: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}  # add_argument's keywords
        opts.add_argument("--db", help="database URL or SQLite file (default: the data directory; env OPSDESK_DB)",
                          **kw)
        opts.add_argument("--lang", choices=["zh", "en"], help="language (default zh: Simplified Chinese)",
                          **(kw or {"default": os.environ.get("OPSDESK_LANG", "zh")}))
        opts.add_argument("--user", help="log in as this user (env OPSDESK_USER; "
                                         "password from OPSDESK_PASSWORD or asked)", **kw)
        return opts

    common = global_options(False)
    parser = argparse.ArgumentParser(
        prog="opsdesk", parents=[global_options(True)],
        description="OpsDesk duty-room console. Without a command: the console.")
    parser.add_argument("--version", action="version", version=f"opsdesk {__version__}")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save what the main window shows and exit")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help="quit the console after this many seconds")
    parser.add_argument("--no-poller", action="store_true",
                        help="never start a poller (a service runs it, or a read-only console)")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("init", parents=[common], help="create a database: the demo, or a real site")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--demo", action="store_true", help="the demo duty room (seed 002), without a window")
    group.add_argument("--site", help="name of a real site to start")
    p.add_argument("--code", help="short site code used in asset tags (default S1)")
    p.add_argument("--hospital", help="hospital / centre name printed on papers")
    p.add_argument("--timezone", default="Asia/Shanghai")
    p.add_argument("--admin", help="first administrator's user name (password: OPSDESK_NEW_PASSWORD or asked)")
    p.add_argument("--admin-display", help="first administrator's full name")
    p.set_defaults(func=cmd_init)

    def add_filters(p: argparse.ArgumentParser) -> None:
        p.add_argument("--site", help="site name or code")
        p.add_argument("--category", help="category, as the register names it")
        p.add_argument("--status", choices=["in", "soon", "out"], help="warranty status")
        p.add_argument("--search", help="text to look for")
        p.add_argument("--as-of", type=date_arg, help="warranty status as of this date (default today)")

    p = sub.add_parser("devices", parents=[common], help="print the equipment register with warranty status")
    add_filters(p)
    p.add_argument("--csv", action="store_true", help="CSV instead of a table")
    p.add_argument("--units", action="store_true", help="one row per unit, in the import format")
    p.set_defaults(func=cmd_devices)

    p = sub.add_parser("import", parents=[common], help="import records")
    isub = p.add_subparsers(dest="what", required=True)
    q = isub.add_parser("devices", parents=[common], help="import a register CSV (UTF-8, UTF-8 BOM or GBK)")
    q.add_argument("file")
    q.set_defaults(func=cmd_import_devices)

    p = sub.add_parser("export", parents=[common], help="export records")
    esub = p.add_subparsers(dest="what", required=True)
    q = esub.add_parser("devices", parents=[common], help="export the (filtered) register as CSV")
    add_filters(q)
    q.add_argument("--out", required=True)
    q.set_defaults(func=cmd_export_devices)

    p = sub.add_parser("user", parents=[common], help="manage users")
    usub = p.add_subparsers(dest="user_cmd", required=True)
    q = usub.add_parser("add", parents=[common])
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=["duty", "supervisor", "admin"])
    q.add_argument("--display", help="the person's full name")
    for name in ("passwd", "disable", "enable"):
        usub.add_parser(name, parents=[common]).add_argument("name")
    usub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", parents=[common], help="the audit trail")
    asub = p.add_subparsers(dest="audit_cmd", required=True)
    q = asub.add_parser("verify", parents=[common], help="check the hash chain (and against the latest backup)")
    q.add_argument("--backup-dir", help="folder of backups to compare the chain head with")
    q = asub.add_parser("log", parents=[common], help="print the newest entries")
    q.add_argument("--limit", type=int, default=30)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("backup", parents=[common], help="write and check a backup of the database")
    p.add_argument("--dir", help="backup folder (default: backups/ in the data directory)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="bring a backup back (the current file is kept aside)")
    p.add_argument("file")
    p.add_argument("--accept-modified", action="store_true",
                   help="restore a copy without its manifest or changed since it was made (audited)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("calendar", parents=[common], help="the working-day calendar")
    csub = p.add_subparsers(dest="cal_cmd", required=True)
    q = csub.add_parser("import", parents=[common], help="import an official holiday notice (CSV: date,休|班,name)")
    q.add_argument("file")
    q = csub.add_parser("show", parents=[common], help="holidays and adjusted working days of a year")
    q.add_argument("--year", type=int, default=dt.date.today().year)
    q.add_argument("--all", action="store_true", help="every day, not only the special ones")
    p.set_defaults(func=cmd_calendar)

    p = sub.add_parser("shift", parents=[common], help="a shift's checklist and handover")
    shsub = p.add_subparsers(dest="shift_cmd", required=True)
    for name, text in (("show", "print a shift's checklist, handover and signatures"),
                       ("pdf", "write the shift log as an A4 PDF")):
        q = shsub.add_parser(name, parents=[common], help=text)
        q.add_argument("--date", type=date_arg, help="the shift's date (default today)")
        q.add_argument("--site", help="site name or code (default the first)")
        q.add_argument("--shift", default="day", choices=["day", "night"])
        if name == "pdf":
            q.add_argument("--out", required=True)
            q.add_argument("--revision", type=int, help="a stored signed revision (default: the shift as it stands)")
    p.set_defaults(func=cmd_shift)

    p = sub.add_parser("inspection", parents=[common], help="inspections: the calendar and the sheets")
    insub = p.add_subparsers(dest="insp_cmd", required=True)
    q = insub.add_parser("due", parents=[common], help="what is due, done and overdue in a month")
    q.add_argument("--month", type=month_arg, help="YYYY-MM (default this month)")
    q.add_argument("--site", help="site name or code (default every site)")
    q.set_defaults(func=cmd_inspection_due)
    q = insub.add_parser("pdf", parents=[common], help="write a site's sheet of a month as an A4 PDF")
    q.add_argument("--site", help="site name or code (default the first)")
    q.add_argument("--month", type=month_arg, required=True, help="YYYY-MM")
    q.add_argument("--out", required=True)
    q.add_argument("--blank", action="store_true", help="the blank paper form (for when the console is down)")
    q.add_argument("--revision", type=int, help="a stored signed revision (default: the latest)")
    q.set_defaults(func=cmd_inspection_pdf)

    p = sub.add_parser("verify", parents=[common], help="check an exported inspection sheet against the stored record")
    p.add_argument("file", help="the PDF")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("poller", parents=[common], help="run the monitoring poller (for a service manager)")
    p.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_poller)

    p = sub.add_parser("service", parents=[common], help="run the poller as a systemd service (monitoring from boot)")
    ssub = p.add_subparsers(dest="service_cmd", required=True)
    for name, text in (("install", "write the unit, enable and start it"), ("show", "print the unit"),
                       ("uninstall", "stop, disable and remove it")):
        q = ssub.add_parser(name, parents=[common], help=text)
        q.add_argument("--unit-dir", help="where to write the unit (default /etc/systemd/system)")
        if name != "uninstall":
            q.add_argument("--run-as", help="the system user the poller runs as (default: this user)")
        if name == "install":
            q.add_argument("--no-enable", action="store_true", help="only write the unit")
    p.set_defaults(func=cmd_service)

    p = sub.add_parser("demo", parents=[common], help="the demo duty room")
    dsub = p.add_subparsers(dest="demo_cmd", required=True)
    q = dsub.add_parser("agents", parents=[common], help="start the demo site's SNMP agents without a window")
    q.add_argument("--port", type=int, help="UDP port on 127.0.0.1 (default 16161, env OPSDESK_DEMO_AGENT_PORT)")
    p.set_defaults(func=cmd_demo_agents)

    p = sub.add_parser("poll", parents=[common], help="read every device once and print the readings")
    p.add_argument("--once", action="store_true", help="one cycle (the only mode; kept for scripts)")
    p.add_argument("--device", help="asset tag, address or name of one device")
    p.add_argument("--json", action="store_true", help="JSON: per device its status and readings")
    p.add_argument("--dry-run", action="store_true", help="do not write the readings to the store")
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("profiles", parents=[common], help="the device profiles, and checking a site's own")
    p.add_argument("action", nargs="?", choices=["list", "check"], default="list")
    p.add_argument("files", nargs="*", help="profile files to check (default: every profile in use)")
    p.set_defaults(func=cmd_profiles)

    p = sub.add_parser("profile", parents=[common], help="draft a device profile from a MIB and a walk, or test one")
    psub = p.add_subparsers(dest="profile_cmd", required=True)
    q = psub.add_parser("draft", parents=[common], help="propose a profile from the vendor's MIB files and a walk")
    q.add_argument("--mib", nargs="+", required=True, metavar="FILE", help="MIB files (or module names)")
    q.add_argument("--vendor", help="the vendor's name, for the profile's id and name")
    q.add_argument("--out", metavar="FILE", help="where to write the TOML (default: <id>.toml here)")
    q = psub.add_parser("test", parents=[common], help="what a profile reads from a walk or a device")
    q.add_argument("file", help="the profile TOML")
    for q in psub.choices.values():
        src = q.add_mutually_exclusive_group(required=True)
        src.add_argument("--walk", metavar="FILE", help="snmpwalk -On output or an .snmprec file")
        src.add_argument("--device", metavar="TAG", help="walk this registered device (asset tag, address or name)")
    p.set_defaults(func=cmd_profile)
    q = psub.add_parser("save", parents=[common], help="keep a site profile in the database as its next version "
                                                       "(supervisor, administrator)")
    q.add_argument("file", help="the profile TOML")
    q.add_argument("--note", help="why it changed")
    q.set_defaults(func=cmd_profile_store)
    q = psub.add_parser("history", parents=[common], help="the saved versions of a site profile")
    q.add_argument("id", help="the profile's id")
    q.set_defaults(func=cmd_profile_store)
    q = psub.add_parser("retire", parents=[common], help="stop reading a site profile (its history stays)")
    q.add_argument("id", help="the profile's id")
    q.set_defaults(func=cmd_profile_store)

    p = sub.add_parser("alarms", parents=[common], help="list alarms, or acknowledge one")
    p.add_argument("--active", action="store_true", help="only alarms not yet cleared")
    p.add_argument("--severity", choices=["warning", "critical"])
    p.add_argument("--ack", type=int, metavar="ID", help="acknowledge this alarm (needs --note)")
    p.add_argument("--note", help="what was done")
    p.set_defaults(func=cmd_alarms)

    p = sub.add_parser("settings", parents=[common], help="shared settings")
    ssub = p.add_subparsers(dest="set_cmd", required=True)
    ssub.add_parser("show", parents=[common])
    q = ssub.add_parser("set", parents=[common])
    q.add_argument("key")
    q.add_argument("value")
    q = ssub.add_parser("room", parents=[common], help="a machine room's own temperature/humidity limits")
    q.add_argument("--site", help="site name or code (default: the first)")
    q.add_argument("--room", required=True, help="room name")
    q.add_argument("--temp", metavar="LOW-HIGH", help="e.g. 20-26, or default for the site-wide setting")
    q.add_argument("--humidity", metavar="LOW-HIGH", help="e.g. 40-60, or default")
    p.set_defaults(func=cmd_settings)

    return parser
