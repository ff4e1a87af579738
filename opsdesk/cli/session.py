"""The database a command opens and the user it logs in as (``--db``, ``--user``, the
``OPSDESK_*`` variables, a password asked on the terminal)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from opsdesk import environment, paths
from opsdesk.cli.common import EXIT_AUTH, EXIT_USAGE, CliError
from opsdesk.i18n import t

if TYPE_CHECKING:
    from opsdesk.models.users import User
    from opsdesk.store import Store


def resolve_db(args: argparse.Namespace) -> tuple[str, bool]:
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


def open_store(args: argparse.Namespace, create_demo: bool = True) -> Store:
    from opsdesk.demo.seed import load_demo
    from opsdesk.store import SchemaError, Store, sqlite_file

    url, is_demo_default = resolve_db(args)
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


def credentials(args: argparse.Namespace) -> tuple[str, str]:
    username = args.user or os.environ.get("OPSDESK_USER")
    if not username:
        raise CliError(t("Log in with --user NAME (or OPSDESK_USER)."), EXIT_AUTH)
    password = os.environ.get("OPSDESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliError(t("No password: set OPSDESK_PASSWORD or run from a terminal."), EXIT_AUTH)
        password = getpass.getpass(t("Password for {user}: ", user=username))
    return username, password


def login(store: Store, args: argparse.Namespace) -> User:
    """The user of ``--user`` logged in (a refused login: AuthError, exit 3, in main)."""
    from opsdesk.ops.auth import authenticate

    username, password = credentials(args)
    with store.write() as session:
        return authenticate(session, username, password)


def new_password(prompt_user: str) -> str:
    password = os.environ.get("OPSDESK_NEW_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CliError(t("No new password: set OPSDESK_NEW_PASSWORD or run from a terminal."), EXIT_USAGE)
    first = getpass.getpass(t("New password for {user}: ", user=prompt_user))
    if getpass.getpass(t("Repeat the new password: ")) != first:
        raise CliError(t("The two passwords differ."), EXIT_USAGE)
    return first
