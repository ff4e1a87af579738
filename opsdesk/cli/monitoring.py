"""Monitoring from the command line: ``opsdesk poller`` (the process a service manager runs),
``poll`` (read every device once), ``alarms`` (list, acknowledge) and ``service`` (the poller as a
systemd unit)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from opsdesk.cli.common import EXIT_OK, CliError, print_table
from opsdesk.cli.session import login, open_store, resolve_db
from opsdesk.i18n import t
from opsdesk.models import labels

if TYPE_CHECKING:
    from opsdesk.probes.reading import Reading


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
    from opsdesk.ops.sites import share_data_folder

    unit_dir = Path(args.unit_dir) if args.unit_dir else service.SYSTEM_UNIT_DIR
    try:
        if args.service_cmd == "uninstall":
            path = service.uninstall(unit_dir=unit_dir)
            print(t("Service removed: {path}", path=path))
            return EXIT_OK
        url, _demo = resolve_db(args)
        if args.service_cmd == "show":
            print(service.unit_text(url, user=args.run_as), end="")
            return EXIT_OK
        share_data_folder()  # the service's user reaches the files through the group opsdesk
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


def _reading_json(reading: Reading) -> dict[str, Any]:
    return {
        "metric": reading.metric, "index": reading.index, "name": reading.label or reading.name,
        "value": reading.value, "text": reading.state_meaning or reading.text, "unit": reading.unit,
        "class": reading.cls, "severity": reading.severity, "invalid": reading.invalid_reason,
        "role": reading.role, "row": reading.row, "time": reading.at.isoformat(),
    }


def cmd_poll(args: argparse.Namespace) -> int:
    import json

    from opsdesk.clock import format_local
    from opsdesk.i18n import language
    from opsdesk.models.alarm_text import reason_text
    from opsdesk.poller import poll_by
    from opsdesk.quantities import format_quantity

    store = open_store(args)
    actor = login(store, args)
    results = poll_by(store, actor, only=args.device, write=not args.dry_run)
    if args.device and not results:
        raise CliError(t("No polled device matches '{name}' (it needs a management IP and SNMP settings).",
                         name=args.device))
    if args.json:
        out = [{"device": d.label, "unit_id": d.unit_id, "target": r.target, "status": r.status,
                "error": f"{r.error_category}: {r.error_message}" if r.status != "ok" else None,
                "error_code": r.error_category if r.status != "ok" else None,
                "sys_descr": r.sys_descr, "uptime_s": r.uptime_s, "profiles": r.profiles,
                "failed_tables": r.failed, "warnings": r.warnings,
                "readings": [_reading_json(x) for x in r.readings]} for d, r in results]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = [[t("Device"), t("Status"), t("Reading"), t("Value"), t("Time")]]
    for device, result in results:
        if result.status != "ok":
            # the reason in the CLI's language (the agent's own words are in --json's "error")
            status = t("No answer") if result.status == "unreachable" else t("Read failed")
            rows.append([device.label, status, reason_text(result.error_category, language()), "", ""])
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


def cmd_alarms(args: argparse.Namespace) -> int:
    from opsdesk.clock import format_local
    from opsdesk.models.alarm_text import shown
    from opsdesk.models.users import display_names
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
        names = display_names(session, {a.acked_by for a in found})  # one query, not one per row
        for a in found:
            who = a.acked_by or ""
            ack = f"{names.get(who, who)} {format_local(a.acked_at)}" if a.acked_at else ""
            rows.append([str(a.id), format_local(a.raised_at, seconds=True), labels.severity(a.severity),
                         a.unit.asset_tag if a.unit else "", shown(a), ack, format_local(a.cleared_at)])
    print_table(rows)
    return EXIT_OK
