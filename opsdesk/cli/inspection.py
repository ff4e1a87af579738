"""``opsdesk inspection due|pdf`` and ``opsdesk verify``: the inspection calendar, a sheet as a
PDF, and an exported signed paper checked against its stored record."""

from __future__ import annotations

import argparse
from pathlib import Path

from opsdesk.cli.common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError, file_failure, print_table
from opsdesk.cli.session import login, open_store
from opsdesk.i18n import language, t
from opsdesk.models import labels


def cmd_inspection_due(args: argparse.Namespace) -> int:
    """The inspection calendar of a month: what is due, done, in progress and overdue."""
    from opsdesk.ops.inspection_lists import due_in_month

    store = open_store(args)
    actor = login(store, args)
    with store.read() as session:
        month = due_in_month(session, actor, args.site, args.month)
    print(t("Inspections {year}-{month:02d}", year=month.year, month=month.month))
    if not month.items:
        print(t("Nothing is due."))
        return EXIT_OK
    rows = [[t("Due date"), t("Site"), t("Inspection"), t("Period"), t("State")]]
    for item in month.items:
        mark = labels.aside("", t("provisional")) if item.provisional else ""
        rows.append([item.due.isoformat() + mark, item.site_name, labels.inspection_kind(item.kind),
                     labels.period(item.period), labels.inspection_state(item.shown_state)])
    print_table(rows)
    counts = {state: sum(1 for i in month.items if i.state == state)
              for state in ("done", "review", "in_progress", "due", "overdue")}
    print(t("{done} done, {review} awaiting review, {in_progress} in progress, {due} due, {overdue} overdue",
            **counts))
    return EXIT_OK


def cmd_inspection_pdf(args: argparse.Namespace) -> int:
    """The sheet of a site and month as an A4 PDF: the latest signed revision (or
    ``--revision``), the draft while unsigned, or ``--blank`` the paper form."""
    from opsdesk.ops.devices import find_site
    from opsdesk.ops.verify import print_sheet

    store = open_store(args)
    actor = login(store, args)
    year, month = args.month
    try:
        with store.read() as session:
            site = find_site(session, args.site)
            printed = print_sheet(session, actor, site.id, f"{year}-{month:02d}", Path(args.out),
                                  revision=args.revision, blank=args.blank, lang=language())  # --lang
    except OSError as exc:
        raise file_failure(exc, args.out, "write") from None
    what = {"blank": t("blank form"), "signed": t("signed"), "draft": t("draft, not signed")}[printed]
    print(t("Inspection sheet ({what}) written to {path}", what=what, path=args.out))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """Does an exported signed paper (inspection sheet, shift log) match its stored signed
    revision? Exit 0 it does, 1 it does not, 2 unknown (no verification code, no such record,
    not a PDF) or cannot be verified here (pdftoppm, poppler-utils, is not installed)."""
    from opsdesk.ops.papers import drawn_by
    from opsdesk.ops.verify import check_paper

    path = Path(args.file)
    if not path.is_file():
        raise CliError(t("No file {path}.", path=args.file), EXIT_USAGE)
    store = open_store(args)
    actor = login(store, args)
    with store.read() as session:
        result = check_paper(session, actor, path)
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
