"""``opsdesk audit verify|log``: the audit trail's check and its newest entries."""

from __future__ import annotations

import argparse
from pathlib import Path

from opsdesk.cli.common import EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, print_table
from opsdesk.cli.session import login, open_store
from opsdesk.i18n import t


def cmd_audit(args: argparse.Namespace) -> int:
    from opsdesk.clock import format_local
    from opsdesk.ops import audit_trail

    store = open_store(args)
    actor = login(store, args)
    if args.audit_cmd == "verify":
        report = audit_trail.check_by(store, actor, Path(args.backup_dir) if args.backup_dir else None)
        print(report.message())
        # Fails closed: without the key file the chain's authentication is not proven (exit 2).
        return {"intact": EXIT_OK, "cannot_verify": EXIT_USAGE}.get(report.status, EXIT_CHECK_FAILED)
    with store.read() as session:
        entries = audit_trail.audit_rows(session, actor, args.limit)  # the audit screen's query
    rows = [[t("No."), t("Time"), t("User"), t("Action"), t("Summary")]]
    rows += [[str(e.id), format_local(e.at, seconds=True), e.actor, e.action, e.summary] for e in entries]
    print_table(rows)
    return EXIT_OK
