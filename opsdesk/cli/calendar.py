"""``opsdesk calendar import|show``: the working-day calendar."""

from __future__ import annotations

import argparse
from pathlib import Path

from opsdesk.cli.common import EXIT_OK, file_failure, print_table
from opsdesk.cli.session import login, open_store
from opsdesk.i18n import t
from opsdesk.models import labels


def cmd_calendar(args: argparse.Namespace) -> int:
    from opsdesk.ops.calendar import import_calendar, year_calendar

    store = open_store(args)
    actor = login(store, args)
    if args.cal_cmd == "import":
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            raise file_failure(exc, args.file, "read") from None
        with store.write() as session:
            count = import_calendar(session, actor, data, Path(args.file).name)
        print(t("{n} days imported.", n=count))
        return EXIT_OK
    with store.read() as session:
        year = year_calendar(session, args.year, every_day=args.all)
    rows = [[t("Date"), t("Weekday"), t("Working day"), t("Note")]]
    rows += [[info.day.isoformat(), labels.weekday(info.day.weekday()), labels.yes_no(info.workday), info.name]
             for info in year.days]
    print_table(rows)
    if not year.official:
        print(t("{year}: the official notice is not in the calendar yet; "
                "dates are computed from the statutory holidays (provisional).", year=year.year))
    return EXIT_OK
