"""``main``: parse, dispatch, and the command line's one error path.

What a person can act on is said in one sentence of their language, with its exit code: a refused
login or permission (3), an operation's refusal or a wrong value (``OpError``, ``ValidationError``:
1), the machine's trouble (a full or read-only disk, a locked database, a bad path, a missing or
wrong key file: 1). Anything else is a bug in OpsDesk: its traceback goes to stderr and to the
log in the data folder, one line says it is a bug, and the exit code is 70 (EX_SOFTWARE) — never a
bug dressed up as the user's mistake."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from opsdesk import environment, paths, sharing
from opsdesk.cli.common import EXIT_AUTH, EXIT_BUG, EXIT_ERROR, EXIT_OK, CliError
from opsdesk.cli.console import cmd_console
from opsdesk.cli.parser import build_parser
from opsdesk.i18n import set_language, t
from opsdesk.vault import VaultError


def main(argv: Sequence[str] | None = None) -> int:
    set_language(language_asked(sys.argv[1:] if argv is None else argv))  # the help and argparse's errors too
    args = build_parser().parse_args(argv)
    set_language(args.lang)
    sharing.set_umask()  # what OpsDesk makes is the owner's and the group's only (issue 14)
    func = getattr(args, "func", cmd_console)
    try:
        return int(func(args))
    except BrokenPipeError:  # output piped into head(1) and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the one error path: said to the user, or reported as a bug
        code, said = explain(exc)
        if said is None:
            return report_bug(exc)
        print(said, file=sys.stderr)
        return code


def language_asked(argv: Sequence[str]) -> str:
    """The language ``--lang`` asks for, read before the grammar is built (its help is said in it):
    the last one given, else ``OPSDESK_LANG``, else Chinese."""
    lang = os.environ.get("OPSDESK_LANG", "zh")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.removeprefix("--lang=")
    return lang


def explain(exc: BaseException) -> tuple[int, str | None]:
    """The exit code and the sentence for an error the user can act on; ``(EXIT_BUG, None)`` for a bug."""
    from opsdesk.models.users import AuthError, PermissionDenied
    from opsdesk.ops.errors import OpError
    from opsdesk.profiles.spec import ProfileError
    from opsdesk.store import SchemaError

    if isinstance(exc, CliError):
        return exc.code, str(exc)
    if isinstance(exc, environment.EnvironmentProblem):  # a read-only or full disk, a lock, a bad path
        return EXIT_ERROR, str(exc)
    if isinstance(exc, PermissionDenied):
        return EXIT_AUTH, t("Not allowed: {reason}", reason=exc)
    if isinstance(exc, AuthError):  # a refused login (or a signer's password)
        return EXIT_AUTH, str(exc)
    # VaultError: a missing or wrong key file; SchemaError: a database newer than this OpsDesk or
    # damaged; ProfileError: a site's own profile file that does not load — each said as it is.
    if isinstance(exc, (OpError, VaultError, SchemaError, ProfileError)):
        return EXIT_ERROR, str(exc)
    found = environment.describe(exc)  # an OSError or a database error met on the way: the machine's
    if found is not None:
        return EXIT_ERROR, str(found)
    if isinstance(exc, OSError):  # no file named: the system's words, still no traceback
        return EXIT_ERROR, t("The operating system stopped this: {error}", error=exc.strerror or exc)
    return EXIT_BUG, None


def log_path() -> Path:
    return paths.data_dir() / "cli.log"


def report_bug(exc: BaseException) -> int:
    """A bug: the traceback on stderr and in the log (when the data folder takes it), then one line."""
    import traceback

    traceback.print_exception(exc, file=sys.stderr)
    where = _log_bug(exc)
    error = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    if where is None:
        print(t("This is a bug in OpsDesk, not a mistake of yours ({error}); the details are above.", error=error),
              file=sys.stderr)
    else:
        print(t("This is a bug in OpsDesk, not a mistake of yours ({error}); the details are above and in {path}.",
                error=error, path=where), file=sys.stderr)
    return EXIT_BUG


def _log_bug(exc: BaseException) -> Path | None:
    import logging  # only on a bug: not in every command's start-up
    from logging.handlers import RotatingFileHandler

    try:
        path = log_path()
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except (OSError, environment.EnvironmentProblem):  # a read-only or missing data folder: stderr only
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log = logging.getLogger("opsdesk.cli")
    log.addHandler(handler)
    try:
        log.error("a bug in the command line: %s", " ".join(sys.argv), exc_info=(type(exc), exc, exc.__traceback__))
    finally:
        log.removeHandler(handler)
        handler.close()
    return path
