"""What every command shares: the exit codes, the error a command raises to say something to the
user, the argument types, and the table printer."""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from pathlib import Path

from opsdesk import environment
from opsdesk.i18n import t

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_AUTH, EXIT_CHECK_FAILED = 0, 1, 2, 3, 4
EXIT_BUG = 70  # EX_SOFTWARE (sysexits.h): a bug in OpsDesk, not the user's input or the machine


class CliError(Exception):
    """What the command line tells the user (already in their language), and its exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def file_failure(exc: OSError, path: Path | str, verb: str) -> CliError:
    """A file the user named could not be read or written: said in the user's language with its
    name (a missing folder, a full or read-only disk, no permission), else with the OS's words."""
    said = environment.file_error(exc, path)
    if said is None and verb == "read":
        said = t("Cannot read {path}: {error}", path=path, error=exc.strerror)
    elif said is None:
        said = t("Cannot write {path}: {error}", path=path, error=exc.strerror)
    return CliError(said)


# -- argument types ------------------------------------------------------------------------

def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("'{value}' is not a date like 2026-11-22", value=text)) from None


def month_arg(text: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(t("'{value}' is not a month like 2026-11", value=text)) from None
    return day.year, day.month


# -- printing ------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(rows: list[list[str]]) -> None:
    widths = [max(_width(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=True)).rstrip())
