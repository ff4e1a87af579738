"""``opsdesk`` without a command: the console window."""

from __future__ import annotations

import argparse
from pathlib import Path

from opsdesk import environment
from opsdesk.cli.common import CliError
from opsdesk.cli.session import open_store
from opsdesk.vault import VaultError


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
