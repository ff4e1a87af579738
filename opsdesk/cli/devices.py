"""``opsdesk devices``, ``import devices``, ``export devices``: the equipment register."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from opsdesk import paths
from opsdesk.cli.common import EXIT_OK, file_failure, print_table
from opsdesk.cli.session import login, open_store
from opsdesk.i18n import t
from opsdesk.models import labels

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from opsdesk.ops.devices import RegisterFilter


def register_filter(session: Session, args: argparse.Namespace) -> RegisterFilter:
    from opsdesk.models.equipment import WarrantyStatus
    from opsdesk.ops import devices

    flt = devices.RegisterFilter(text=args.search or "", as_of=args.as_of, category=args.category)
    if args.site:
        flt.site_id = devices.find_site(session, args.site).id
    if args.status:
        flt.warranty = WarrantyStatus(args.status)
    return flt


def cmd_devices(args: argparse.Namespace) -> int:
    from opsdesk.clock import get_clock
    from opsdesk.models import settings
    from opsdesk.models.equipment import format_month
    from opsdesk.ops.register_rows import export_table, register_lines

    store = open_store(args)
    actor = login(store, args)
    args.as_of = args.as_of or get_clock().today()
    with store.read() as session:
        flt = register_filter(session, args)
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
                             labels.warranty(line.warranty_status(args.as_of, soon))])
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
        raise file_failure(exc, args.file, "read") from None
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
        data = to_csv_bytes(export_table(session, actor, register_filter(session, args), args.as_of))
    try:
        paths.write_atomically(args.out, data)
    except OSError as exc:
        raise file_failure(exc, args.out, "write") from None
    print(t("{n} units written to {path}", n=data.count(b"\r\n") - 1, path=args.out))
    return EXIT_OK
