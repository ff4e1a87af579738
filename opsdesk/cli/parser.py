"""The command line's grammar: the global options (accepted before and after a sub-command) and
every sub-command with its options, each bound to the module of its command group."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from typing import Any, NoReturn

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
from opsdesk.i18n import N_, t

# argparse's own words (it says them through gettext, in English here), in the CLI's language: its
# error messages as patterns of what it says, each with the catalogue's template.
ARGPARSE_ERRORS = tuple((re.compile(pattern, re.DOTALL), template) for pattern, template in (
    (r"argument (?P<argument>.+?): (?P<message>.+)", N_("argument {argument}: {message}")),
    (r"the following arguments are required: (?P<names>.+)", N_("the following arguments are required: {names}")),
    (r"one of the arguments (?P<names>.+) is required", N_("one of the arguments {names} is required")),
    (r"unrecognized arguments: (?P<args>.+)", N_("unrecognized arguments: {args}")),
    (r"not allowed with argument (?P<name>.+)", N_("not allowed with argument {name}")),
    (r"expected one argument", N_("expected one argument")),
    (r"expected at least one argument", N_("expected at least one argument")),
    (r"expected at most one argument", N_("expected at most one argument")),
    (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
     N_("invalid choice: {value} (choose from {choices})")),
    (r"invalid (?P<type>\w+) value: (?P<value>.+)", N_("invalid {type} value: {value}")),
    (r"ambiguous option: (?P<option>.+?) could match (?P<matches>.+)",
     N_("ambiguous option: {option} could match {matches}")),
))


def argparse_message(message: str) -> str:
    """One of argparse's error messages in the CLI's language; one not known here as argparse said it."""
    for pattern, template in ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found is not None:
            params = found.groupdict()
            if "message" in params:
                params["message"] = argparse_message(params["message"])
            return t(template, **params)
    return message


HEADINGS = (N_("options"), N_("positional arguments"))  # argparse's own groups


class HelpFormatter(argparse.HelpFormatter):
    """argparse's headings and "usage:" in the CLI's language."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(t(heading) if heading in HEADINGS else heading)

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, t("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that says argparse's own words in the CLI's language (the catalogue): the
    help option, the headings, "usage:" and the error line. Its sub-parsers are of this class too;
    the language is chosen before the parser is built (opsdesk.cli.app.main)."""

    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=t("show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("{prog}: error: {message}", prog=self.prog, message=argparse_message(message)) + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The grammar, its help in the language chosen (opsdesk.i18n) when it is built."""
    def global_options(defaults: bool) -> Parser:
        # Sub-commands accept the global options too; SUPPRESS keeps a value given
        # before the sub-command from being reset by the sub-parser's default.
        opts = Parser(add_help=False)
        kw: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}  # add_argument's keywords
        opts.add_argument("--db", help=t("database URL or SQLite file (default: the data directory; env OPSDESK_DB)"),
                          **kw)
        opts.add_argument("--lang", choices=["zh", "en"], help=t("language (default zh: Simplified Chinese)"),
                          **(kw or {"default": os.environ.get("OPSDESK_LANG", "zh")}))
        opts.add_argument("--user", help=t("log in as this user (env OPSDESK_USER; "
                                           "password from OPSDESK_PASSWORD or asked)"), **kw)
        return opts

    common = global_options(False)
    parser = Parser(
        prog="opsdesk", parents=[global_options(True)],
        description=t("OpsDesk duty-room console. Without a command: the console."))
    parser.add_argument("--version", action="version", version=f"opsdesk {__version__}",
                        help=t("show the version and exit"))
    parser.add_argument("--screenshot", metavar="FILE.png", help=t("save what the main window shows and exit"))
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help=t("quit the console after this many seconds"))
    parser.add_argument("--no-poller", action="store_true",
                        help=t("never start a poller (a service runs it, or a read-only console)"))
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("init", parents=[common], help=t("create a database: the demo, or a real site"))
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--demo", action="store_true", help=t("the demo duty room (seed 002), without a window"))
    group.add_argument("--site", help=t("name of a real site to start"))
    p.add_argument("--code", help=t("short site code used in asset tags (default S1)"))
    p.add_argument("--hospital", help=t("hospital / centre name printed on papers"))
    p.add_argument("--timezone", default="Asia/Shanghai")
    p.add_argument("--admin", help=t("first administrator's user name (password: OPSDESK_NEW_PASSWORD or asked)"))
    p.add_argument("--admin-display", help=t("first administrator's full name"))
    p.set_defaults(func=cmd_init)

    def add_filters(p: argparse.ArgumentParser) -> None:
        p.add_argument("--site", help=t("site name or code"))
        p.add_argument("--category", help=t("category: its code, e.g. server, or its name"))
        p.add_argument("--status", choices=["in", "soon", "out"], help=t("warranty status"))
        p.add_argument("--search", help=t("text to look for"))
        p.add_argument("--as-of", type=date_arg, help=t("warranty status as of this date (default today)"))

    p = sub.add_parser("devices", parents=[common], help=t("print the equipment register with warranty status"))
    add_filters(p)
    p.add_argument("--csv", action="store_true", help=t("CSV instead of a table"))
    p.add_argument("--units", action="store_true", help=t("one row per unit, in the import format"))
    p.set_defaults(func=cmd_devices)

    p = sub.add_parser("import", parents=[common], help=t("import records"))
    isub = p.add_subparsers(dest="what", required=True)
    q = isub.add_parser("devices", parents=[common], help=t("import a register CSV (UTF-8, UTF-8 BOM or GBK)"))
    q.add_argument("file")
    q.set_defaults(func=cmd_import_devices)

    p = sub.add_parser("export", parents=[common], help=t("export records"))
    esub = p.add_subparsers(dest="what", required=True)
    q = esub.add_parser("devices", parents=[common], help=t("export the (filtered) register as CSV"))
    add_filters(q)
    q.add_argument("--out", required=True)
    q.set_defaults(func=cmd_export_devices)

    p = sub.add_parser("user", parents=[common], help=t("manage users"))
    usub = p.add_subparsers(dest="user_cmd", required=True)
    q = usub.add_parser("add", parents=[common])
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=["duty", "supervisor", "admin"])
    q.add_argument("--display", help=t("the person's full name"))
    for name in ("passwd", "disable", "enable"):
        usub.add_parser(name, parents=[common]).add_argument("name")
    usub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", parents=[common], help=t("the audit trail"))
    asub = p.add_subparsers(dest="audit_cmd", required=True)
    q = asub.add_parser("verify", parents=[common], help=t("check the hash chain (and against the latest backup)"))
    q.add_argument("--backup-dir", help=t("folder of backups to compare the chain head with"))
    q = asub.add_parser("log", parents=[common], help=t("print the newest entries"))
    q.add_argument("--limit", type=int, default=30)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("backup", parents=[common], help=t("write and check a backup of the database"))
    p.add_argument("--dir", help=t("backup folder (default: backups/ in the data directory)"))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help=t("bring a backup back (the current file is kept aside)"))
    p.add_argument("file")
    p.add_argument("--accept-modified", action="store_true",
                   help=t("restore a copy without its manifest or changed since it was made (audited)"))
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("calendar", parents=[common], help=t("the working-day calendar"))
    csub = p.add_subparsers(dest="cal_cmd", required=True)
    q = csub.add_parser("import", parents=[common], help=t("import an official holiday notice (CSV: date,休|班,name)"))
    q.add_argument("file")
    q = csub.add_parser("show", parents=[common], help=t("holidays and adjusted working days of a year"))
    q.add_argument("--year", type=int, default=dt.date.today().year)
    q.add_argument("--all", action="store_true", help=t("every day, not only the special ones"))
    p.set_defaults(func=cmd_calendar)

    p = sub.add_parser("shift", parents=[common], help=t("a shift's checklist and handover"))
    shsub = p.add_subparsers(dest="shift_cmd", required=True)
    for name, text in (("show", N_("print a shift's checklist, handover and signatures")),
                       ("pdf", N_("write the shift log as an A4 PDF"))):
        q = shsub.add_parser(name, parents=[common], help=t(text))
        q.add_argument("--date", type=date_arg, help=t("the shift's date (default today)"))
        q.add_argument("--site", help=t("site name or code (default the first)"))
        q.add_argument("--shift", default="day", choices=["day", "night"])
        if name == "pdf":
            q.add_argument("--out", required=True)
            q.add_argument("--revision", type=int, help=t("a stored signed revision (default: the shift as it stands)"))
    p.set_defaults(func=cmd_shift)

    p = sub.add_parser("inspection", parents=[common], help=t("inspections: the calendar and the sheets"))
    insub = p.add_subparsers(dest="insp_cmd", required=True)
    q = insub.add_parser("due", parents=[common], help=t("what is due, done and overdue in a month"))
    q.add_argument("--month", type=month_arg, help=t("YYYY-MM (default this month)"))
    q.add_argument("--site", help=t("site name or code (default every site)"))
    q.set_defaults(func=cmd_inspection_due)
    q = insub.add_parser("pdf", parents=[common], help=t("write a site's sheet of a month as an A4 PDF"))
    q.add_argument("--site", help=t("site name or code (default the first)"))
    q.add_argument("--month", type=month_arg, required=True, help=t("YYYY-MM"))
    q.add_argument("--out", required=True)
    q.add_argument("--blank", action="store_true", help=t("the blank paper form (for when the console is down)"))
    q.add_argument("--revision", type=int, help=t("a stored signed revision (default: the latest)"))
    q.set_defaults(func=cmd_inspection_pdf)

    p = sub.add_parser("verify", parents=[common],
                       help=t("check an exported inspection sheet against the stored record"))
    p.add_argument("file", help=t("the PDF"))
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("poller", parents=[common], help=t("run the monitoring poller (for a service manager)"))
    p.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_poller)

    p = sub.add_parser("service", parents=[common],
                       help=t("run the poller as a systemd service (monitoring from boot)"))
    ssub = p.add_subparsers(dest="service_cmd", required=True)
    for name, text in (("install", N_("write the unit, enable and start it")), ("show", N_("print the unit")),
                       ("uninstall", N_("stop, disable and remove it"))):
        q = ssub.add_parser(name, parents=[common], help=t(text))
        q.add_argument("--unit-dir", help=t("where to write the unit (default /etc/systemd/system)"))
        if name != "uninstall":
            q.add_argument("--run-as", help=t("the system user the poller runs as (default: this user)"))
        if name == "install":
            q.add_argument("--no-enable", action="store_true", help=t("only write the unit"))
    p.set_defaults(func=cmd_service)

    p = sub.add_parser("demo", parents=[common], help=t("the demo duty room"))
    dsub = p.add_subparsers(dest="demo_cmd", required=True)
    q = dsub.add_parser("agents", parents=[common], help=t("start the demo site's SNMP agents without a window"))
    q.add_argument("--port", type=int, help=t("UDP port on 127.0.0.1 (default 16161, env OPSDESK_DEMO_AGENT_PORT)"))
    p.set_defaults(func=cmd_demo_agents)

    p = sub.add_parser("poll", parents=[common], help=t("read every device once and print the readings"))
    p.add_argument("--once", action="store_true", help=t("one cycle (the only mode; kept for scripts)"))
    p.add_argument("--device", help=t("asset tag, address or name of one device"))
    p.add_argument("--json", action="store_true", help=t("JSON: per device its status and readings"))
    p.add_argument("--dry-run", action="store_true", help=t("do not write the readings to the store"))
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("profiles", parents=[common], help=t("the device profiles, and checking a site's own"))
    p.add_argument("action", nargs="?", choices=["list", "check"], default="list")
    p.add_argument("files", nargs="*", help=t("profile files to check (default: every profile in use)"))
    p.set_defaults(func=cmd_profiles)

    p = sub.add_parser("profile", parents=[common], help=t("draft a device profile from a MIB and a walk, or test one"))
    psub = p.add_subparsers(dest="profile_cmd", required=True)
    q = psub.add_parser("draft", parents=[common], help=t("propose a profile from the vendor's MIB files and a walk"))
    q.add_argument("--mib", nargs="+", required=True, metavar="FILE", help=t("MIB files (or module names)"))
    q.add_argument("--vendor", help=t("the vendor's name, for the profile's id and name"))
    q.add_argument("--out", metavar="FILE", help=t("where to write the TOML (default: <id>.toml here)"))
    q = psub.add_parser("test", parents=[common], help=t("what a profile reads from a walk or a device"))
    q.add_argument("file", help=t("the profile TOML"))
    for q in psub.choices.values():
        src = q.add_mutually_exclusive_group(required=True)
        src.add_argument("--walk", metavar="FILE", help=t("snmpwalk -On output or an .snmprec file"))
        src.add_argument("--device", metavar="TAG", help=t("walk this registered device (asset tag, address or name)"))
    p.set_defaults(func=cmd_profile)
    q = psub.add_parser("save", parents=[common], help=t("keep a site profile in the database as its next version "
                                                         "(supervisor, administrator)"))
    q.add_argument("file", help=t("the profile TOML"))
    q.add_argument("--note", help=t("why it changed"))
    q.set_defaults(func=cmd_profile_store)
    q = psub.add_parser("history", parents=[common], help=t("the saved versions of a site profile"))
    q.add_argument("id", help=t("the profile's id"))
    q.set_defaults(func=cmd_profile_store)
    q = psub.add_parser("show", parents=[common], help=t("print a profile's TOML: a site profile as saved (or one of "
                        "its versions), else the file it is read from"))
    q.add_argument("id", help=t("the profile's id"))
    q.add_argument("--version", type=int, help=t("a saved version of the site profile (default: the one in use)"))
    q.set_defaults(func=cmd_profile_store)
    q = psub.add_parser("retire", parents=[common], help=t("stop reading a site profile (its history stays)"))
    q.add_argument("id", help=t("the profile's id"))
    q.set_defaults(func=cmd_profile_store)

    p = sub.add_parser("alarms", parents=[common], help=t("list alarms, or acknowledge one"))
    p.add_argument("--active", action="store_true", help=t("only alarms not yet cleared"))
    p.add_argument("--severity", choices=["warning", "critical"])
    p.add_argument("--ack", type=int, metavar="ID", help=t("acknowledge this alarm (needs --note)"))
    p.add_argument("--note", help=t("what was done"))
    p.set_defaults(func=cmd_alarms)

    p = sub.add_parser("settings", parents=[common], help=t("shared settings"))
    ssub = p.add_subparsers(dest="set_cmd", required=True)
    ssub.add_parser("show", parents=[common])
    q = ssub.add_parser("set", parents=[common])
    q.add_argument("key")
    q.add_argument("value")
    q = ssub.add_parser("room", parents=[common], help=t("a machine room's own temperature/humidity limits"))
    q.add_argument("--site", help=t("site name or code (default: the first)"))
    q.add_argument("--room", required=True, help=t("room name"))
    q.add_argument("--temp", metavar="LOW-HIGH", help=t("e.g. 20-26, or default for the site-wide setting"))
    q.add_argument("--humidity", metavar="LOW-HIGH", help=t("e.g. 40-60, or default"))
    p.set_defaults(func=cmd_settings)

    return parser
