"""``opsdesk shift show|pdf``: a shift's checklist, handover and signatures, or its log as a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from opsdesk.cli.common import EXIT_OK, file_failure, print_table
from opsdesk.cli.session import login, open_store
from opsdesk.i18n import language, t
from opsdesk.models import labels

STATUS_MARK = {"normal": "√", "abnormal": "×", "na": "—", None: "□"}


def cmd_shift(args: argparse.Namespace) -> int:
    from opsdesk.clock import format_local
    from opsdesk.models.shift import SHIFT_DEFS
    from opsdesk.ops.shift import export_shift_log
    from opsdesk.ops.shift_rows import shift_report

    store = open_store(args)
    actor = login(store, args)
    with store.read() as session:
        report = shift_report(session, actor, args.site, args.date, args.shift)
    if args.shift_cmd == "pdf":
        try:
            with store.read() as session:
                # the paper in the command's language (--lang)
                export_shift_log(session, actor, report.shift_id, Path(args.out), revision=args.revision,
                                 lang=language())
        except OSError as exc:
            raise file_failure(exc, args.out, "write") from None
        print(t("Shift log written to {path}", path=args.out))
        return EXIT_OK
    print(f"{report.site}  {report.day.isoformat()}  {SHIFT_DEFS[args.shift].name}  "
          + t("on duty: {names}", names=labels.listing(report.on_duty)))
    rows = [[t("Group"), t("Item"), t("Status"), t("Value"), t("Note")]]
    for item in report.items:
        live = item["source"] == "metric" and item["metric_at"]
        value = item["value"] + (labels.aside("", f"{t('live')} {item['metric_at'][11:]}") if live else "")
        rows.append([item["group"], item["title"] + ("*" if item["required"] else ""), STATUS_MARK[item["status"]],
                     value, labels.clauses(p for p in (item["note"], item["followup"]) if p)])
    print_table(rows)
    state = report.completion
    print(t("{done}/{total} done; required open: {open}", done=state.done, total=state.total,
            open=labels.listing(state.open_required) or t("none")))
    for sig in report.signatures:
        print(t("Signed as {meaning}: {name} {time} (revision {n})", meaning=sig.meaning, name=sig.printed_name,
                time=format_local(sig.signed_at), n=sig.revision))
    return EXIT_OK
