"""Entry points: ``opsdesk`` starts the console; sub-commands serve scripts and tests.

Every sub-command that reads or changes records logs in as a named user
(``--user`` or ``OPSDESK_USER``; password from ``OPSDESK_PASSWORD`` or asked),
and the operation itself checks the role. ``init`` and ``backup`` need no login:
``init`` makes a database, and ``backup`` only copies one (for a service manager).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from opsdesk import __version__, environment, i18n, paths, sharing
from opsdesk.environment import EnvironmentProblem
from opsdesk.i18n import set_language, t
from opsdesk.vault import VaultError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_AUTH, EXIT_CHECK_FAILED = 0, 1, 2, 3, 4


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def _file_failure(exc: OSError, path, verb: str) -> CliError:
    """A file the user named could not be read or written: said in the user's language with its
    name (a missing folder, a full or read-only disk, no permission), else with the OS's words."""
    said = environment.file_error(exc, path)
    if said is None and verb == "read":
        said = t("Cannot read {path}: {error}", path=path, error=exc.strerror)
    elif said is None:
        said = t("Cannot write {path}: {error}", path=path, error=exc.strerror)
    return CliError(said)


# -- database and login -------------------------------------------------------------------

def _resolve_db(args: argparse.Namespace) -> tuple[str, bool]:
    """The URL to open and whether it is the embedded demo.

    ``--db`` wins, then ``OPSDESK_DB``, then the real site's database in the data
    directory if ``opsdesk init --site`` made one, else the demo duty room."""
    explicit = args.db or os.environ.get("OPSDESK_DB")
    if explicit:
        return explicit, False
    real = paths.default_db_path()
    if real.exists():
        return str(real), False
    if paths.site_marker().exists():  # a site database lived here: never a demo in its place
        raise CliError(t("The site database {path} is gone. A demo is not made in its place. Put the newest backup "
                         "from {backups} back as {path} (then check it with opsdesk audit verify), or name the "
                         "database with --db.", path=real, backups=paths.data_dir() / "backups"))
    from opsdesk.demo.seed import demo_database_path

    return str(demo_database_path()), True


def open_store(args: argparse.Namespace, create_demo: bool = True):
    from opsdesk.demo.seed import load_demo
    from opsdesk.store import SchemaError, Store, sqlite_file

    url, is_demo_default = _resolve_db(args)
    path = sqlite_file(url)
    if path is not None and not is_demo_default and not path.exists():
        environment.check_path(path)  # /etc/passwd/x.sqlite3: a bad path, not a missing file
        raise CliError(t("There is no database file {path}. Name an existing database with --db (opsdesk init "
                         "makes a new one).", path=path))
    try:
        store = Store(url)
    except SchemaError as exc:
        raise CliError(str(exc)) from None
    if is_demo_default and create_demo:
        load_demo(store)
    return store


def _credentials(args: argparse.Namespace) -> tuple[str, str]:
    username = args.user or os.environ.get("OPSDESK_USER")
    if not username:
        raise CliError(t("Log in with --user NAME (or OPSDESK_USER)."), EXIT_AUTH)
    password = os.environ.get("OPSDESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliError(t("No password: set OPSDESK_PASSWORD or run from a terminal."), EXIT_AUTH)
        password = getpass.getpass(t("Password for {user}: ", user=username))
    return username, password


def login(store, args: argparse.Namespace):
    from opsdesk.models.users import AuthError
    from opsdesk.ops.auth import authenticate

    username, password = _credentials(args)
    try:
        with store.write() as session:
            return authenticate(session, username, password)
    except AuthError as exc:
        raise CliError(str(exc), EXIT_AUTH) from None


def _new_password(prompt_user: str) -> str:
    password = os.environ.get("OPSDESK_NEW_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CliError(t("No new password: set OPSDESK_NEW_PASSWORD or run from a terminal."), EXIT_USAGE)
    first = getpass.getpass(t("New password for {user}: ", user=prompt_user))
    if getpass.getpass(t("Repeat the new password: ")) != first:
        raise CliError(t("The two passwords differ."), EXIT_USAGE)
    return first


# -- printing -----------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(rows: list[list[str]]) -> None:
    widths = [max(_width(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=True)).rstrip())


# -- commands -----------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from opsdesk.demo.seed import demo_database_path, load_demo
    from opsdesk.models import audit
    from opsdesk.models.equipment import Site
    from opsdesk.models.meta import set_info
    from opsdesk.models.users import Role
    from opsdesk.ops import users
    from opsdesk.store import SchemaError, Store

    if args.demo:
        url = args.db or os.environ.get("OPSDESK_DB") or str(demo_database_path())
        try:
            store = Store(url)
        except SchemaError as exc:
            raise CliError(str(exc)) from None
        load_demo(store)
        print(t("Demo database ready: {url}", url=store.url))
        return EXIT_OK
    url = args.db or os.environ.get("OPSDESK_DB") or str(paths.default_db_path())
    _share_data_folder()
    store = Store(url)
    with store.read() as session:
        if session.scalars(select(Site)).first() is not None:
            raise CliError(t("This database holds a site already: {url}", url=store.url))
    admin_name = args.admin or (input(t("First administrator's user name: ")) if sys.stdin.isatty() else "")
    if not admin_name:
        raise CliError(t("Name the first administrator with --admin NAME."), EXIT_USAGE)
    password = _new_password(admin_name)
    code = args.code or "S1"
    from opsdesk.ops.errors import OpError
    from opsdesk.store import bind_key
    from opsdesk.vault import Vault

    # The one place a site's key file is made (kept, not replaced, if there), before the first
    # audit entry: the chain's entries are authenticated with it.
    vault = Vault(create=True)
    store.use_vault(vault)
    try:
        with store.write() as session:
            bind_key(session, vault)
            admin = users.add_user(session, None, admin_name, password, Role.ADMIN, args.admin_display or "")
            site = Site(name=args.site, code=code, hospital=args.hospital or "", timezone=args.timezone)
            session.add(site)
            set_info(session, "demo", "0")
            session.flush()
            audit.record(session, admin.username, "site.add", "site", site.id, args.site, None,
                         {"name": args.site, "code": code, "timezone": args.timezone})
    except OpError as exc:
        raise CliError(str(exc)) from None
    if store.path is not None and store.path == paths.default_db_path():
        paths.site_marker().write_text(str(store.path), encoding="utf-8")  # no demo here from now on
    print(t("Site {site} created in {url}; administrator {user}.", site=args.site, url=store.url, user=admin_name))
    print(t("The key file of the devices' SNMP secrets is {path} (fingerprint {fp}): back it up apart from the "
            "database; without it nothing can be polled.", path=vault.path, fp=vault.fingerprint))
    return EXIT_OK


def _share_data_folder() -> None:
    """The data folder for the console's user and the poller service: 2770 and the group
    opsdesk, made first when run as root (``opsdesk.sharing``; issue 14, finding 10)."""
    from opsdesk.vault import key_path

    sharing.ensure_group()
    home = paths.data_dir()
    sharing.share_folder(home)
    if (home / "backups").is_dir():
        sharing.share_folder(home / "backups")
    if key_path().is_file():  # a key made before 0640: the service's user must read it
        sharing.share(key_path(), sharing.KEY_MODE)


def _filter(session, args: argparse.Namespace):
    from opsdesk.models.equipment import WarrantyStatus
    from opsdesk.ops import devices

    flt = devices.RegisterFilter(text=args.search or "", as_of=args.as_of, category=args.category)
    if args.site:
        site = next((s for s in devices.sites(session) if args.site in (s.name, s.code)), None)
        if site is None:
            raise CliError(t("No site named '{name}'.", name=args.site))
        flt.site_id = site.id
    if args.status:
        flt.warranty = WarrantyStatus(args.status)
    return flt


def cmd_devices(args: argparse.Namespace) -> int:
    from opsdesk.clock import get_clock
    from opsdesk.models import settings
    from opsdesk.models.equipment import format_month
    from opsdesk.ops.register_csv import status_label
    from opsdesk.ops.register_rows import export_table, register_lines

    store = open_store(args)
    actor = login(store, args)
    args.as_of = args.as_of or get_clock().today()
    with store.read() as session:
        flt = _filter(session, args)
        lines = register_lines(session, actor, flt)  # the register screen's query
        soon = settings.get(session, "warranty.soon_days")
        if args.units:
            rows = export_table(session, actor, flt, args.as_of)
        else:
            rows = [[t("Site"), t("Category"), t("Name / model"), t("Purchased"), t("Warranty (years)"),
                     t("Warranty ends"), t("Quantity"), t("Warranty status")]]
            for line in lines:
                end = line.warranty_end()
                rows.append([line.site, line.category, line.title, format_month(line.purchased),
                             "" if line.warranty_years is None else str(line.warranty_years),
                             end.isoformat() if end else "", str(line.quantity),
                             status_label(line.warranty_status(args.as_of, soon))])
    if args.csv:  # cells that a spreadsheet would run as a formula are guarded, as in every export
        from opsdesk.ops.register_csv import spreadsheet_safe_rows

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(spreadsheet_safe_rows(rows))
    else:
        print_table(rows)
        print(t("{lines} lines, {units} units, warranty as of {date}.", lines=len(lines),
                units=sum(line.quantity for line in lines), date=args.as_of.isoformat()))
    return EXIT_OK


def cmd_import_devices(args: argparse.Namespace) -> int:
    from opsdesk.ops.register_csv import import_csv

    store = open_store(args)
    actor = login(store, args)
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise _file_failure(exc, args.file, "read") from None
    with store.write() as session:
        result = import_csv(session, actor, data, source=args.file)
    print(result.message())
    return EXIT_OK


def cmd_export_devices(args: argparse.Namespace) -> int:
    from opsdesk.clock import get_clock
    from opsdesk.ops.register_csv import to_csv_bytes
    from opsdesk.ops.register_rows import export_table

    store = open_store(args)
    actor = login(store, args)
    args.as_of = args.as_of or get_clock().today()
    with store.read() as session:
        data = to_csv_bytes(export_table(session, actor, _filter(session, args), args.as_of))
    try:
        paths.write_atomically(args.out, data)
    except OSError as exc:
        raise _file_failure(exc, args.out, "write") from None
    print(t("{n} units written to {path}", n=data.count(b"\r\n") - 1, path=args.out))
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    from opsdesk.clock import now
    from opsdesk.models.users import Role
    from opsdesk.ops import users

    store = open_store(args)
    actor = login(store, args)
    with store.write() as session:
        actor = session.merge(actor)
        if args.user_cmd == "add":
            users.add_user(session, actor, args.name, _new_password(args.name), Role(args.role), args.display or "")
            print(t("User {name} added", name=args.name))
        elif args.user_cmd == "passwd":
            old = None
            if args.name == actor.username and not os.environ.get("OPSDESK_NEW_PASSWORD"):
                old = os.environ.get("OPSDESK_PASSWORD")
            users.set_password(session, actor, args.name, _new_password(args.name),
                               old_password=old or os.environ.get("OPSDESK_PASSWORD"))
            print(t("Password of {name} changed", name=args.name))
        elif args.user_cmd in ("disable", "enable"):
            users.set_disabled(session, actor, args.name, args.user_cmd == "disable")
            if args.user_cmd == "disable":
                print(t("User {name} disabled", name=args.name))
            else:
                print(t("User {name} enabled", name=args.name))
        elif args.user_cmd == "list":
            rows = [[t("User"), t("Name"), t("Role"), t("Disabled")]]
            rows += [[u.username, u.display_name, u.role_enum.label, t("yes") if u.disabled else ""]
                     for u in users.user_rows(session, actor, now())]  # the users screen's query
            print_table(rows)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from opsdesk.clock import format_local
    from opsdesk.models.users import Perm, require
    from opsdesk.ops import audit_trail

    store = open_store(args)
    actor = login(store, args)
    require(actor, Perm.VIEW_AUDIT)
    if args.audit_cmd == "verify":
        report = audit_trail.check(store, Path(args.backup_dir) if args.backup_dir else None)
        print(report.message())
        # Fails closed: without the key file the chain's authentication is not proven (exit 2).
        return {"intact": EXIT_OK, "cannot_verify": EXIT_USAGE}.get(report.status, EXIT_CHECK_FAILED)
    with store.read() as session:
        entries = audit_trail.audit_rows(session, actor, args.limit)  # the audit screen's query
    rows = [[t("No."), t("Time"), t("User"), t("Action"), t("Summary")]]
    rows += [[str(e.id), format_local(e.at, seconds=True), e.actor, e.action, e.summary] for e in entries]
    print_table(rows)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from opsdesk.ops.backup import BackupError, backup

    store = open_store(args)
    actor = login(store, args) if (args.user or os.environ.get("OPSDESK_USER")) else None
    folder = Path(args.dir) if args.dir else paths.backup_dir()
    try:
        result = backup(store, actor, folder)
    except BackupError as exc:  # a full or read-only backup disk: said as such, with the folder
        found = environment.describe(exc, folder)
        if found is None:
            raise
        raise found from None
    print(result.message())
    for copy in result.copies:
        print(t("Copy: {path}", path=copy))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from opsdesk.models.users import AuthError
    from opsdesk.ops.backup import restore
    from opsdesk.store import sqlite_file

    # The live database is not opened and nobody logs in to it: it may be the damaged file this
    # restore is for. The authority is an administrator enabled in the backup (its password).
    path = sqlite_file(args.db)
    if path is None:
        raise CliError(t("Restore of a shared server database is done on the server."))
    username, password = _credentials(args)
    try:
        kept = restore(path, Path(args.file), username, password, accept_modified=args.accept_modified)
    except AuthError as exc:
        raise CliError(str(exc), EXIT_AUTH) from None
    print(t("Restored from {name}", name=args.file))
    if kept.exists():
        print(t("The database as it was before is kept at {path}", path=kept))
    print(_key_for_backup(Path(args.file)))
    return EXIT_OK


def _key_for_backup(source: Path) -> str:
    """Whether the key file in place opens the restored backup's secrets (its manifest's fingerprint)."""
    from opsdesk.ops.backup import read_manifest
    from opsdesk.vault import Vault

    wanted = (read_manifest(source) or {}).get("key_fingerprint") or ""
    try:
        here = Vault().fingerprint
    except VaultError as exc:
        return str(exc)
    if not wanted:
        return t("The backup does not record its key's fingerprint: check with opsdesk poll --once that the devices "
                 "can be read.")
    if wanted == here:
        return t("The key file in place ({fp}) opens this backup's device secrets.", fp=here)
    return t("The key file in place ({here}) is not this backup's key ({wanted}): restore the key file of that time "
             "too, or no device can be polled.", here=here, wanted=wanted)


def cmd_calendar(args: argparse.Namespace) -> int:
    from opsdesk.models.workcal import WorkCalendar
    from opsdesk.ops.calendar import import_calendar

    store = open_store(args)
    actor = login(store, args)
    if args.cal_cmd == "import":
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            raise _file_failure(exc, args.file, "read") from None
        with store.write() as session:
            count = import_calendar(session, actor, data, Path(args.file).name)
        print(t("{n} days imported.", n=count))
        return EXIT_OK
    with store.read() as session:
        cal = WorkCalendar.load(session)
    year = args.year
    day = dt.date(year, 1, 1)
    rows = [[t("Date"), t("Weekday"), t("Working day"), t("Note")]]
    weekdays = t("Mon Tue Wed Thu Fri Sat Sun").split()
    while day.year == year:
        info = cal.info(day)
        if info.name or args.all:
            rows.append([day.isoformat(), weekdays[day.weekday()], t("yes") if info.workday else t("no"), info.name])
        day += dt.timedelta(days=1)
    print_table(rows)
    if not cal.is_official(year):
        print(t("{year}: the official notice is not in the calendar yet; "
                "dates are computed from the statutory holidays (provisional).", year=year))
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    from opsdesk.models import settings
    from opsdesk.ops.settings_ops import set_setting

    store = open_store(args)
    actor = login(store, args)
    if args.set_cmd == "set":
        with store.write() as session:
            value = set_setting(session, actor, args.key, args.value)
        print(f"{args.key} = {value}")
        return EXIT_OK
    if args.set_cmd == "room":
        return _room_limits(store, actor, args)
    with store.read() as session:
        rows = [[t("Setting"), t("Value"), t("Meaning")]]
        rows += [[key, str(settings.get(session, key)), t(spec.description)] for key, spec in settings.SPECS.items()]
    print_table(rows)
    return EXIT_OK


def _band_arg(text: str | None) -> tuple[float, float] | None | Literal[False]:
    """"18-28" → (18, 28); "default" → None (back to the site-wide setting); absent → False."""
    if text is None:
        return False
    if text.strip().lower() in ("default", "默认", "全局"):
        return None
    parts = text.replace("–", "-").replace("～", "-").replace("~", "-").split("-")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise CliError(t("Not a band: {value} (write it as 18-28, or default)", value=text)) from None
    return low, high


def _room_limits(store, actor, args: argparse.Namespace) -> int:
    """``settings room --room NAME [--temp 18-28|default] [--humidity 35-75|default]``: a room's
    own band (R-ENV-1), shown after any change."""
    from opsdesk.models import settings
    from opsdesk.ops.settings_ops import set_room_limits

    bands = {cls: band for cls, band in (("temperature", _band_arg(args.temp)),
                                         ("humidity", _band_arg(args.humidity))) if band is not False}
    with (store.write() if bands else store.read()) as session:
        site = _site_arg(session, args.site)
        room = next((r for r in site.rooms if r.name == args.room or str(r.id) == args.room), None)
        if room is None:
            raise CliError(t("Room not found: {room}", room=args.room))
        limits = (set_room_limits(session, actor, room.id, bands) if bands
                  else settings.room_limits(session, [room.id])[room.id])

        def said(cls: str, unit: str) -> str:
            band = limits[cls]
            text = f"{band.low:g}–{band.high:g} {unit}"
            return t("{band} (this room)", band=text) if band.own else t("{band} (site-wide setting)", band=text)

        print(t("Room {room}: temperature {temp}, humidity {humidity}", room=f"{site.name} {room.name}",
                temp=said("temperature", "℃"), humidity=said("humidity", "%RH")))
    return EXIT_OK


def cmd_poller(args: argparse.Namespace) -> int:
    """The monitoring process; a service manager (systemd) or the console runs it."""
    import logging

    from opsdesk.demo.agents import start_for_poller
    from opsdesk.poller import run_poller

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    store = open_store(args)
    # On the demo database the poller brings up the demo's agents (start_for_poller does nothing
    # elsewhere); the poller itself never imports the demo.
    return run_poller(store, parent_pid=args.parent_pid, start_extras=start_for_poller)


def cmd_service(args: argparse.Namespace) -> int:
    """``service install|uninstall|show``: the poller as a systemd service, so monitoring
    runs from boot without a console."""
    from pathlib import Path

    from opsdesk import service

    unit_dir = Path(args.unit_dir) if args.unit_dir else service.SYSTEM_UNIT_DIR
    try:
        if args.service_cmd == "uninstall":
            path = service.uninstall(unit_dir=unit_dir)
            print(t("Service removed: {path}", path=path))
            return EXIT_OK
        url, _demo = _resolve_db(args)
        if args.service_cmd == "show":
            print(service.unit_text(url, user=args.run_as), end="")
            return EXIT_OK
        _share_data_folder()  # the service's user reaches the files through the group opsdesk
        done = service.install(url, unit_dir=unit_dir, enable=not args.no_enable, user=args.run_as)
    except service.ServiceError as exc:
        raise CliError(str(exc)) from None
    if done.enabled:
        print(t("Service installed and started: {path} (systemctl status {name})",
                path=done.path, name=service.UNIT_NAME))
    else:
        print(t("Unit written to {path}; enable it with: systemctl enable --now {name}", path=done.path,
                name=service.UNIT_NAME))
    return EXIT_OK


def cmd_demo_agents(args: argparse.Namespace) -> int:
    """The demo site's SNMP agents in the foreground, for scripts and tests."""
    from opsdesk.demo import agents as demoagents

    store = open_store(args)

    def ready(agent) -> None:
        print(t("Demo agents answering on 127.0.0.1:{port} for {n} devices (pid {pid}); Ctrl-C stops them.",
                port=agent.port, n=len(agent.devices), pid=agent.pid), flush=True)

    try:
        return demoagents.serve(store, args.port, on_ready=ready)
    except demoagents.DemoAgentsError as exc:
        raise CliError(str(exc)) from None


def _reading_json(reading) -> dict:
    return {
        "metric": reading.metric, "index": reading.index, "name": reading.label or reading.name,
        "value": reading.value, "text": reading.state_meaning or reading.text, "unit": reading.unit,
        "class": reading.cls, "severity": reading.severity, "invalid": reading.invalid_reason,
        "role": reading.role, "row": reading.row, "time": reading.at.isoformat(),
    }


def cmd_poll(args: argparse.Namespace) -> int:
    import json

    from opsdesk.clock import format_local
    from opsdesk.poller import poll_once
    from opsdesk.quantities import format_quantity

    store = open_store(args)
    actor = login(store, args)
    from opsdesk.models.users import Perm, require

    require(actor, Perm.VIEW_REGISTER)
    results = poll_once(store, only=args.device, write=not args.dry_run)
    if args.device and not results:
        raise CliError(t("No polled device matches '{name}' (it needs a management IP and SNMP settings).",
                         name=args.device))
    if args.json:
        out = [{"device": d.label, "unit_id": d.unit_id, "target": r.target, "status": r.status,
                "error": f"{r.error_category}: {r.error_message}" if r.status != "ok" else None,
                "sys_descr": r.sys_descr, "uptime_s": r.uptime_s, "profiles": r.profiles,
                "failed_tables": r.failed, "warnings": r.warnings,
                "readings": [_reading_json(x) for x in r.readings]} for d, r in results]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = [[t("Device"), t("Status"), t("Reading"), t("Value"), t("Time")]]
    for device, result in results:
        if result.status != "ok":
            rows.append([device.label, result.status, f"{result.error_category}: {result.error_message}", "", ""])
            continue
        for r in result.readings:
            value = r.state_meaning or (format_quantity(r.value, r.unit) if r.value is not None
                                        else (r.invalid_reason or r.text or ""))
            rows.append([device.label, result.status, r.label or r.name or r.metric, value,
                         format_local(r.at, seconds=True)])
    print_table(rows)
    answering = sum(1 for _, r in results if r.status == "ok")
    print(t("{n} devices polled, {ok} answering.", n=len(results), ok=answering))
    return EXIT_OK


def cmd_profiles(args: argparse.Namespace) -> int:
    """The device profiles OpsDesk reads devices with, and the check a site's own profile
    must pass: it loads, and it follows the MIB modules it cites."""
    from pathlib import Path

    from opsdesk.probes import profiles as prof

    if args.action == "list":
        site = prof.site_dir()
        rows = [[t("Profile"), t("Profile name"), t("Kind"), t("MIB modules"), t("Where")]]
        for p in sorted(prof.load_profiles(), key=lambda p: (p.kind, p.id)):
            where = t("site") if Path(p.path).parent == site else t("shipped")
            rows.append([p.id, p.name.get(i18n.language()), p.kind, ", ".join(p.mibs), where])
        print_table(rows)
        print(t("A site adds a device type as a TOML file in {dir} (format: data/profiles/README.md).", dir=site))
        return EXIT_OK
    from opsdesk.probes.mibcheck import check_profile, index_for

    try:
        chosen = ([prof.load_profile(Path(f)) for f in args.files] if args.files else prof.load_profiles())
    except prof.ProfileError as exc:
        raise CliError(t("The profile does not load: {error}", error=exc)) from None
    idx, missing = index_for(chosen)
    failed = 0
    for p in chosen:
        problems = check_profile(p, idx)
        absent = [m for m in p.mibs if m in missing]
        if absent:
            problems.insert(0, t("MIB modules not found or not compiling: {mods} (put the vendor's module in {dir})",
                                 mods=", ".join(absent), dir=paths.ROOT / "resources" / "mibs"))
        if problems:
            failed += 1
            print(t("{id}: {n} problems", id=p.id, n=len(problems)))
            for line in problems:
                print(f"  {line}")
        else:
            print(t("{id}: follows its MIB modules ({mods})", id=p.id, mods=", ".join(p.mibs)))
    return EXIT_CHECK_FAILED if failed else EXIT_OK



# -- opsdesk profile draft / test: a device type added from the vendor's MIB and a walk (issue 17) --

WALK_MAX_ROWS = 20_000  # a device's enterprise subtree, walked for a draft: bounded in rows …
WALK_SECONDS = 60.0  # … and in time


def _device_target(args: argparse.Namespace):
    """The SNMP target of the registered device ``--device`` (logged in, allowed to see the register)."""
    from opsdesk.models.users import Perm, require
    from opsdesk.poller import check_key, load_devices

    store = open_store(args)
    actor = login(store, args)
    require(actor, Perm.VIEW_REGISTER)
    devices = load_devices(store, check_key(store), only=args.device)
    if not devices:
        raise CliError(t("No polled device matches '{name}' (it needs a management IP and SNMP settings).",
                         name=args.device))
    return devices[0].target


def _walk_device(args: argparse.Namespace):
    """The registered device ``--device`` walked: its system group and its enterprise subtree
    (the sysObjectID's arc), at most WALK_MAX_ROWS rows in WALK_SECONDS."""
    import asyncio

    from opsdesk.probes.draft import SYS_OBJECT_ID, enterprise_arc
    from opsdesk.probes.snmp import ProbeError, SnmpClient

    target = _device_target(args)

    async def go() -> list[tuple[str, str, object]]:
        async with SnmpClient(max_rows=WALK_MAX_ROWS) as client:
            system = await client.walk(target, "1.3.6.1.2.1.1", max_rows=100)
            arc = enterprise_arc(str(system.get(SYS_OBJECT_ID, "")))
            rows = dict(system)
            if arc:
                rows.update(await client.walk(target, arc, max_rows=WALK_MAX_ROWS))
            return [(oid, type(value).__name__, value) for oid, value in rows.items()]

    try:
        return asyncio.run(asyncio.wait_for(go(), WALK_SECONDS))
    except TimeoutError:
        raise CliError(t("The walk of {device} took longer than {seconds} s.", device=args.device,
                         seconds=int(WALK_SECONDS))) from None
    except ProbeError as exc:
        raise CliError(t("The walk of {device} failed: {error}", device=args.device, error=exc)) from None


def _read_walk_file(path: str):
    from opsdesk.probes.draft import parse_walk

    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise _file_failure(exc, path, "read") from None
    walk = parse_walk(text)
    if not walk:
        raise CliError(t("{path} holds no walk (snmpwalk -On output or an .snmprec file).", path=path))
    return walk


def _print_readings(dev, profile) -> None:
    """What ``profile`` read (value with unit, or the state and its severity) and what it did not."""
    from opsdesk.quantities import format_quantity

    rows = [[t("Reading"), t("Value"), t("Severity"), "OID"]]
    read_keys = set()
    for r in dev.readings:
        read_keys.add(r.metric)
        if r.value is None and r.invalid_reason:
            value = t("no value: {reason}", reason=r.invalid_reason)
        elif r.state_meaning or (r.cls == "state" and r.raw is not None):
            value = f"{r.state_meaning or r.text or ''} ({r.raw})"
        else:
            value = format_quantity(r.value, r.unit) if r.value is not None else (r.text or "")
        severity = {"ok": t("ok"), "unknown": t("unknown")}.get(r.severity or "", None)
        rows.append([r.label or r.name, value, severity or severity_label(r.severity or ""), r.oid or ""])
    print_table(rows)
    unread = [m for m in profile.metrics if m.key not in read_keys]
    print(t("{n} readings from {m} metrics.", n=len(dev.readings), m=len(profile.metrics)))
    if unread:
        print(t("Not read (the device does not answer these objects):"))
        for m in unread:
            print(f"  {m.key}  {m.source.object or ''} {m.source.oid}")


def cmd_profile(args: argparse.Namespace) -> int:
    """``profile draft``: a profile proposed from the vendor's MIB modules and a walk;
    ``profile test``: what a profile reads from a walk or a registered device."""
    from opsdesk.probes import profiles as prof
    from opsdesk.probes.draft import DraftError, draft_profile
    from opsdesk.probes.mibcheck import check_profile, index_for
    from opsdesk.probes.reading import read_values

    lang = i18n.language()
    if args.profile_cmd == "draft":
        walk = _read_walk_file(args.walk) if args.walk else _walk_device(args)
        try:
            draft = draft_profile(args.mib, walk, vendor_hint=args.vendor)
        except DraftError as exc:
            raise CliError(str(exc)) from None
        out = Path(args.out or f"{draft.id}.toml")
        try:
            out.write_text(draft.toml(), encoding="utf-8")
        except OSError as exc:
            raise _file_failure(exc, out, "write") from None
        profile = draft.profile()
        idx, _ = index_for([profile])
        problems = check_profile(profile, idx)
        print(t("Drafted {n} metrics from {mods} ({kind}); written to {path} for review.",
                n=len(profile.metrics), mods=", ".join(profile.mibs), kind=profile.kind, path=out))
        for line in problems:
            print(f"  {line}")
        dev = read_values({o: v for o, _, v in walk}, [profile], lang=lang)
        print(t("What the draft reads from the walk now:"))
        _print_readings(dev, profile)
        return EXIT_CHECK_FAILED if problems else EXIT_OK
    try:
        profile = prof.load_profile(Path(args.file))
    except prof.ProfileError as exc:
        raise CliError(t("The profile does not load: {error}", error=exc)) from None
    if args.device:  # the device itself, over SNMP, as the poller reads it
        import asyncio

        from opsdesk.probes.reading import read_device
        from opsdesk.probes.snmp import SnmpClient

        target = _device_target(args)

        async def go():
            async with SnmpClient() as client:
                matched = await read_device(client, target, [profile], lang=lang)
                if matched.status != "ok" or profile.id in matched.profiles:
                    return matched
                return await read_device(client, target, [], force=[profile], lang=lang)

        dev = asyncio.run(go())
        if dev.status != "ok":
            raise CliError(t("The device did not answer: {error}", error=f"{dev.error_category}: {dev.error_message}"))
    else:
        walk = _read_walk_file(args.walk)
        dev = read_values({o: v for o, _, v in walk}, [profile], lang=lang)
        if profile.id not in dev.profiles:
            import dataclasses

            forced = dataclasses.replace(profile, match=dataclasses.replace(profile.match, always=True, requires=()))
            dev = read_values({o: v for o, _, v in walk}, [forced], lang=lang)
            dev.profiles = []
    if profile.id not in dev.profiles:
        print(t("{id} does not match this device (sysObjectID {oid}); read anyway:", id=profile.id,
                oid=dev.sys_object_id or "?"))
    _print_readings(dev, profile)
    return EXIT_OK if dev.readings else EXIT_CHECK_FAILED


def cmd_alarms(args: argparse.Namespace) -> int:
    from opsdesk.clock import format_local
    from opsdesk.models.alarm_text import shown
    from opsdesk.ops import alarms as alarm_ops

    store = open_store(args)
    actor = login(store, args)
    if args.ack is not None:
        with store.write() as session:
            alarm_ops.acknowledge(session, session.merge(actor), args.ack, args.note or "")
        print(t("Alarm {id} acknowledged.", id=args.ack))
        return EXIT_OK
    with store.read() as session:
        found = alarm_ops.list_alarms(session, actor,
                                      alarm_ops.AlarmFilter(active_only=args.active, severity=args.severity))
        rows = [[t("No."), t("Raised"), t("Severity"), t("Device"), t("Alarm"), t("Acknowledged"), t("Cleared")]]
        from opsdesk.models.users import display_names

        names = display_names(session, {a.acked_by for a in found})  # one query, not one per row
        for a in found:
            who = a.acked_by or ""
            ack = f"{names.get(who, who)} {format_local(a.acked_at)}" if a.acked_at else ""
            rows.append([str(a.id), format_local(a.raised_at, seconds=True), severity_label(a.severity),
                         a.unit.asset_tag if a.unit else "", shown(a), ack, format_local(a.cleared_at)])
    print_table(rows)
    return EXIT_OK


def _site_arg(session, name: str | None):
    from opsdesk.ops import devices

    sites = devices.sites(session)
    if not name:
        if not sites:
            raise CliError(t("No site yet: start one with opsdesk init --site NAME."))
        return sites[0]
    site = next((s for s in sites if name in (s.name, s.code)), None)
    if site is None:
        raise CliError(t("No site named '{name}'.", name=name))
    return site


STATUS_MARK = {"normal": "√", "abnormal": "×", "na": "—", None: "□"}


def cmd_shift(args: argparse.Namespace) -> int:
    from opsdesk.clock import get_clock
    from opsdesk.models.shift import SHIFT_DEFS
    from opsdesk.ops import shift as shifts

    store = open_store(args)
    actor = login(store, args)
    from opsdesk.models.users import Perm, require

    require(actor, Perm.VIEW_REGISTER)
    with store.read() as session:
        site = _site_arg(session, args.site)
        day = args.date or get_clock().today(site.timezone)
        shift = shifts.find_shift(session, site.id, day, args.shift)
        if shift is None:
            planned = "、".join(SHIFT_DEFS[c].name for c in shifts.scheduled_shifts(session, day)) or t("none")
            raise CliError(t("No {shift} recorded for {site} on {day} (scheduled: {planned}).",
                             shift=SHIFT_DEFS[args.shift].name, site=site.name, day=day.isoformat(), planned=planned))
        shift = shifts.get_shift(session, shift.id)
        snap = shifts.snapshot(shift)
        record = shifts.latest_record(session, shift.id)
        if record is not None:
            for sig in record.signatures:  # load while the session is open
                _ = sig.printed_name
        state = shifts.completion(shift)
    if args.shift_cmd == "pdf":
        from opsdesk.ops.shift import print_shift_log

        try:
            with store.read() as session:
                print_shift_log(session, shift.id, Path(args.out), revision=args.revision)
        except OSError as exc:
            raise _file_failure(exc, args.out, "write") from None
        print(t("Shift log written to {path}", path=args.out))
        return EXIT_OK
    print(f"{snap['site']}  {day.isoformat()}  {SHIFT_DEFS[args.shift].name}  "
          + t("on duty: {names}", names="、".join(snap["on_duty"])))
    rows = [[t("Group"), t("Item"), t("Status"), t("Value"), t("Note")]]
    for item in snap["items"]:
        live = item["source"] == "metric" and item["metric_at"]
        value = item["value"] + (f"（{t('live')} {item['metric_at'][11:]}）" if live else "")
        rows.append([item["group"], item["title"] + ("*" if item["required"] else ""), STATUS_MARK[item["status"]],
                     value, "；".join(p for p in (item["note"], item["followup"]) if p)])
    print_table(rows)
    print(t("{done}/{total} done; required open: {open}", done=state.done, total=state.total,
            open="、".join(state.open_required) or t("none")))
    if record is not None:
        for sig in record.signatures:
            print(t("Signed as {meaning}: {name} {time} (revision {n})", meaning=sig.meaning, name=sig.printed_name,
                    time=format_local_safe(sig.signed_at), n=record.revision))
    return EXIT_OK


def _month(text: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(t("'{value}' is not a month like 2026-11", value=text)) from None
    return day.year, day.month


def cmd_inspection_due(args: argparse.Namespace) -> int:
    """The inspection calendar of a month: what is due, done, in progress and overdue."""
    from opsdesk.clock import get_clock
    from opsdesk.models.inspection_schedule import KIND_NAMES
    from opsdesk.models.users import Perm, require
    from opsdesk.ops import inspection as inspections

    store = open_store(args)
    actor = login(store, args)
    require(actor, Perm.VIEW_REGISTER)
    with store.read() as session:
        site = _site_arg(session, args.site) if args.site else None
        today = get_clock().today(site.timezone if site else "Asia/Shanghai")
        year, month = args.month or (today.year, today.month)
        items = inspections.calendar(session, site.id if site else None, year, month, today)
    print(t("Inspections {year}-{month:02d}", year=year, month=month))
    if not items:
        print(t("Nothing is due."))
        return EXIT_OK
    rows = [[t("Due date"), t("Site"), t("Inspection"), t("Period"), t("State")]]
    for item in items:
        mark = f"（{t('provisional')}）" if item.provisional else ""
        rows.append([item.due.isoformat() + mark, item.site_name, KIND_NAMES[item.kind], item.period,
                     inspections.state_name(item.shown_state)])
    print_table(rows)
    counts = {state: sum(1 for i in items if i.state == state)
              for state in ("done", "review", "in_progress", "due", "overdue")}
    print(t("{done} done, {review} awaiting review, {in_progress} in progress, {due} due, {overdue} overdue",
            **counts))
    return EXIT_OK


def cmd_inspection_pdf(args: argparse.Namespace) -> int:
    """The sheet of a site and month as an A4 PDF: the latest signed revision (or
    ``--revision``), the draft while unsigned, or ``--blank`` the paper form."""
    from opsdesk.models.users import Perm, require
    from opsdesk.ops.verify import export_sheet

    store = open_store(args)
    actor = login(store, args)
    require(actor, Perm.VIEW_REGISTER)
    year, month = args.month
    try:
        with store.read() as session:
            site = _site_arg(session, args.site)
            printed = export_sheet(session, site.id, f"{year}-{month:02d}", Path(args.out), revision=args.revision,
                                   blank=args.blank)
    except OSError as exc:
        raise _file_failure(exc, args.out, "write") from None
    what = {"blank": t("blank form"), "signed": t("signed"), "draft": t("draft, not signed")}[printed]
    print(t("Inspection sheet ({what}) written to {path}", what=what, path=args.out))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """Does an exported signed paper (inspection sheet, shift log) match its stored signed
    revision? Exit 0 it does, 1 it does not, 2 unknown (no verification code, no such record,
    not a PDF) or cannot be verified here (pdftoppm, poppler-utils, is not installed)."""
    from opsdesk.ops.papers import drawn_by
    from opsdesk.ops.verify import verify

    path = Path(args.file)
    if not path.is_file():
        raise CliError(t("No file {path}.", path=args.file), EXIT_USAGE)
    from opsdesk.models.users import Perm, require

    store = open_store(args)
    require(login(store, args), Perm.VIEW_REGISTER)
    with store.read() as session:
        result = verify(session, path)
    if result.status == "unknown":
        print({"not_pdf": t("Unknown: {path} is not a readable PDF.", path=args.file),
               "no_code": t("Unknown: no verification code found on the pages."),
               "no_record": t("Unknown: no signed record has the verification code {code}.", code=result.code),
               }.get(result.detail, t("Unknown.")))
        return EXIT_USAGE
    if result.status == "cannot_verify":  # fails closed: the text alone is no proof
        print(t("Cannot verify against the stored record: {title}, revision {n} (code {code}).",
                title=result.title, n=result.revision, code=result.code))
        for note in result.notes:
            print(note)
        return EXIT_USAGE
    if result.status == "match":
        print(t("Matches the stored record: {title}, revision {n} (code {code}).", title=result.title,
                n=result.revision, code=result.code))
    elif result.detail == "record_damaged":
        print(t("Does not match: the stored revision {n} fails its own hash check.", n=result.revision))
    else:
        print(t("Does not match the stored record: {title}, revision {n} (code {code}).", title=result.title,
                n=result.revision, code=result.code))
    if result.reason:
        print(t("Reason for this revision: {reason}", reason=result.reason))
    for signer in result.signers:
        print(t("Signed as {meaning}: {name}, {time}", meaning=signer.meaning, name=signer.printed_name,
                time=signer.signed_at))
    print(t("Signed hash: {hash}", hash=result.signed_hash))
    if result.status == "match":
        print(t("This paper: {drawing}", drawing=drawn_by(result)))
    for diff in result.differences:
        if diff.kind == "render":
            print(t("The file's pages cannot be drawn: {error}", error=diff.found))
        elif diff.page == 0:
            print(t("Page count: stored {expected}, file {found}", expected=diff.expected, found=diff.found))
        else:
            print(t("Page {page}: stored “{expected}”, file “{found}”", page=diff.page, expected=diff.expected,
                    found=diff.found))
    for note in result.notes:
        print(note)
    return EXIT_OK if result.status == "match" else EXIT_ERROR


def format_local_safe(when) -> str:
    from opsdesk.clock import format_local

    return format_local(when)


def severity_label(severity: str) -> str:
    return {"critical": t("critical"), "warning": t("warning")}.get(severity, severity)


def cmd_console(args: argparse.Namespace) -> int:
    # Everything below Qt first: PySide6 installs an import hook that makes every
    # module imported after it slower (start-up time, bench/startup.py).
    import opsdesk.ops.backup
    import opsdesk.ops.register_csv
    import opsdesk.ops.users  # noqa: F401 - loaded before Qt (see above), not used here
    from opsdesk.demo.seed import DEMO_USERS
    from opsdesk.models.meta import is_demo
    from opsdesk.store import SchemaError

    try:
        store = open_store(args)
        with store.read() as session:
            demo = is_demo(session)
    except Exception as exc:  # what stops the start is said in a box, not only on stderr (else raised again)
        said = exc if isinstance(exc, (CliError, SchemaError, VaultError)) else environment.describe(exc)
        if said is None:
            raise
        from opsdesk.ui.app import report_start_failure

        return report_start_failure(str(said), lang=args.lang, quit_after=args.quit_after)
    auto_login = None
    if args.screenshot and demo:  # the picture shows the main window, not the login
        auto_login = args.user or DEMO_USERS[0].username
    from opsdesk.ui.app import run_console

    return run_console(store, lang=args.lang, screenshot=Path(args.screenshot) if args.screenshot else None,
                       quit_after=args.quit_after, auto_login=auto_login, start_poller=not args.no_poller)


# -- argument parsing ---------------------------------------------------------------------

def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("'{value}' is not a date like 2026-11-22", value=text)) from None


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
        description="OpsDesk 机房值班运维台 — duty-room console. Without a command: the console.")
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
        p.add_argument("--category", help="category, e.g. 服务器")
        p.add_argument("--status", choices=["in", "soon", "out"], help="warranty status")
        p.add_argument("--search", help="text to look for")
        p.add_argument("--as-of", type=_date, help="warranty status as of this date (default today)")

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
    q.add_argument("--display", help="full name, e.g. 张伟")
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
        q.add_argument("--date", type=_date, help="the shift's date (default today)")
        q.add_argument("--site", help="site name or code (default the first)")
        q.add_argument("--shift", default="day", choices=["day", "night"])
        if name == "pdf":
            q.add_argument("--out", required=True)
            q.add_argument("--revision", type=int, help="a stored signed revision (default: the shift as it stands)")
    p.set_defaults(func=cmd_shift)

    p = sub.add_parser("inspection", parents=[common], help="inspections: the calendar and the sheets")
    insub = p.add_subparsers(dest="insp_cmd", required=True)
    q = insub.add_parser("due", parents=[common], help="what is due, done and overdue in a month")
    q.add_argument("--month", type=_month, help="YYYY-MM (default this month)")
    q.add_argument("--site", help="site name or code (default every site)")
    q.set_defaults(func=cmd_inspection_due)
    q = insub.add_parser("pdf", parents=[common], help="write a site's sheet of a month as an A4 PDF")
    q.add_argument("--site", help="site name or code (default the first)")
    q.add_argument("--month", type=_month, required=True, help="YYYY-MM")
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


def main(argv: Sequence[str] | None = None) -> int:
    from opsdesk.models.users import PermissionDenied
    from opsdesk.ops.errors import OpError

    args = build_parser().parse_args(argv)
    set_language(args.lang)
    sharing.set_umask()  # what OpsDesk makes is the owner's and the group's only (issue 14)
    func = getattr(args, "func", cmd_console)
    try:
        return func(args)
    except EnvironmentProblem as exc:  # a read-only or full disk, a lock, no permission, a bad path
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except PermissionDenied as exc:
        print(t("Not allowed: {reason}", reason=exc), file=sys.stderr)
        return EXIT_AUTH
    except (OpError, ValueError, VaultError) as exc:  # VaultError: a missing or wrong key file, said
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into head(1) and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an OSError or a database error met on the way: said when it is the machine's
        found: EnvironmentProblem | str | None = environment.describe(exc)
        if found is None and isinstance(exc, OSError):  # no file named: the system's words, still no traceback
            found = t("The operating system stopped this: {error}", error=exc.strerror or exc)
        if found is None:
            raise
        print(str(found), file=sys.stderr)
        return EXIT_ERROR
