"""The one place that knows the database URL: engine, sessions, schema version.

SQLite on local disk by default (WAL, foreign keys, busy timeout, ``synchronous=FULL``),
writes in ``BEGIN IMMEDIATE`` transactions so two consoles never deadlock on a
lock upgrade; another database by ``--db URL`` or ``OPSDESK_DB``. The schema is
Alembic's: a newer console upgrades an older database (after copying it aside),
an older console refuses a newer one.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from opsdesk import environment, paths, sharing
from opsdesk.clock import now
from opsdesk.i18n import t

if TYPE_CHECKING:
    import sqlite3

    from alembic.config import Config

    from opsdesk.vault import Vault

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def busy_timeout_ms() -> int:
    """How long a write waits for another program's lock: 10 s, or ``OPSDESK_BUSY_TIMEOUT_MS``
    (tests of a locked database wait a fraction of a second)."""
    try:
        return max(0, int(os.environ.get("OPSDESK_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS
# The newest migration. Opening a current database then needs one SELECT, not
# Alembic's import and a parse of every migration (start-up time);
# tests/test_store.py checks it against Alembic's own head.
SCHEMA_HEAD = "0018"


class SchemaError(RuntimeError):
    """The database cannot be used by this version of OpsDesk."""


def resolve_url(url: str | None = None) -> str:
    """``--db`` wins, then ``OPSDESK_DB``, then the file in the data directory.

    A bare path is taken as a SQLite file."""
    url = url or os.environ.get("OPSDESK_DB") or str(paths.default_db_path())
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def sqlite_file(url: str | None = None) -> Path | None:
    """The file a URL (or bare path) opens, as Store opens it; None for a server database."""
    parsed = make_url(resolve_url(url))
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


CACHE_KIB = 16 * 1024


def _sqlite_setup(engine: Engine, busy_ms: int = BUSY_TIMEOUT_MS) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        # FULL: a tick or a signature that was committed survives a power cut.
        cur.execute("PRAGMA synchronous=FULL")
        # A 16 MiB page cache per connection (SQLite's default is 2 MB): a month of a point's
        # readings stays in memory between the trend's reads instead of being read again.
        cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(path: Path) -> None:
    """Say what is wrong with an existing SQLite file before SQLAlchemy meets it: empty
    (0 bytes: truncated or overwritten — never silently made a new, empty database), not a
    SQLite database (a damaged header or another file), or shorter than its header says
    (truncated). SchemaError with the file's name and what to do."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:  # no permission, a path through a file: said as such (opsdesk.environment)
        found = environment.from_os_error(exc, path)
        if found is not None:
            raise found from None
        raise SchemaError(t("The database file {path} cannot be read: {reason}", path=path,
                            reason=exc.strerror or exc)) from None
    restore = t("Restore it from a backup (opsdesk restore FILE), or name another database with --db.")
    if size == 0:
        raise SchemaError(t("The database file {path} is empty (0 bytes): it was truncated or overwritten.",
                            path=path) + " " + restore)
    if not header.startswith(SQLITE_HEADER):
        raise SchemaError(t("The file {path} is not an SQLite database (its header is damaged, or it is another "
                            "file).", path=path) + " " + restore)
    if len(header) >= 100:
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        counter_valid = header[24:28] == header[92:96]
        if counter_valid and pages and size < pages * page_size:
            raise SchemaError(t("The database file {path} is truncated: {size} bytes of the {expected} its header "
                                "names.", path=path, size=size, expected=pages * page_size) + " " + restore)


class Store:
    """Engine and sessions for one database."""

    # Called before every session is opened: the console's test suite sets it to refuse a session
    # on the GUI thread (issue 15: screens go through the operation runner, never the store).
    session_guard: ClassVar[Callable[[], None] | None] = None

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = resolve_url(url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        self.path: Path | None = sqlite_file(self.url)
        self.busy_ms = busy_timeout_ms()
        if self.path is not None:
            try:
                if self.path.exists():
                    check_sqlite_file(self.path)
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a folder it may not enter, a path through a file
                raise (environment.from_os_error(exc, self.path) or exc) from None
        kwargs: dict[str, dict[str, float]] = (
            {"connect_args": {"timeout": self.busy_ms / 1000}} if self.is_sqlite else {})
        self.engine = create_engine(self.url, **kwargs)
        # Closed at the latest when the process ends: SQLite then folds its -wal into the file, so a
        # database copied by hand after a command is whole (the sessions' info ties store and
        # factories in a cycle the collector may never finalise at exit).
        weakref.finalize(self, self.engine.dispose)
        if self.is_sqlite:
            _sqlite_setup(self.engine, self.busy_ms)
        self._write_engine = self.engine.execution_options(sqlite_immediate=True)
        self.vault: Vault | None = None  # the key file; None: the data directory's
        self._audit_key: bytes | None = None
        # opsdesk.models.audit.KEY_PROVIDER, once the schema is this release's (an older one, opened
        # with migrate=False, has no columns for the authenticated chain)
        # and opsdesk.models.meta.TRACK: a write session bumps the change marks of what it changed
        self._read_info: dict[str, Any] = {}
        self._write_info: dict[str, Any] = {}
        self._read_factory = sessionmaker(self.engine, expire_on_commit=False, info=self._read_info)
        self._write_factory = sessionmaker(self._write_engine, expire_on_commit=False, info=self._write_info)
        event.listen(self._write_factory, "after_commit", self._after_commit)
        if migrate:
            try:
                self.migrate()
            except DBAPIError as exc:  # a damaged page met while opening: said, never a traceback
                self.engine.dispose()
                found = self._environment_problem(exc)
                if found is not None:  # a read-only folder, no permission: not damage
                    raise found from None
                raise SchemaError(t("The database {url} is damaged: {error}. Restore it from a backup "
                                    "(opsdesk restore FILE).", url=self.url, error=exc.orig or exc)) from None
        if migrate or self.current_revision() == SCHEMA_HEAD:
            self._current_schema()
        if self.path is not None and self.path.exists():
            sharing.share_database(self.path)  # 0660 and the group opsdesk (issue 14, finding 10)

    # -- sessions -------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for looking; never commits. Closing (not rolling back) keeps
        what was loaded readable afterwards."""
        if Store.session_guard is not None:
            Store.session_guard()
        try:
            with self._read_factory() as session:
                yield session
        except DBAPIError as exc:
            self._raise_environment(exc)
            raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), committed on success. A full or
        read-only disk, a lock held past the busy timeout, no permission: EnvironmentProblem,
        said with the database's name; the transaction is rolled back, nothing is lost."""
        if Store.session_guard is not None:
            Store.session_guard()
        try:
            with self._write_factory() as session:
                with session.begin():
                    yield session
        except DBAPIError as exc:
            self._raise_environment(exc)
            raise

    def _environment_problem(self, exc: BaseException) -> environment.EnvironmentProblem | None:
        if not self.is_sqlite:
            return None
        return environment.from_database_error(exc, self.path, self.busy_ms)

    def _raise_environment(self, exc: BaseException) -> None:
        found = self._environment_problem(exc)
        if found is not None:
            raise found from exc

    def close(self) -> None:
        self.engine.dispose()

    def _current_schema(self) -> None:
        """This release's schema: authenticate the audit chain, keep the change marks."""
        for info in (self._read_info, self._write_info):
            info["audit_key"] = self.audit_key
        self._write_info["track_changes"] = True

    # -- the audit chain's key and head file ----------------------------------------------------
    def use_vault(self, vault: Vault) -> None:
        """Authenticate the audit chain with ``vault``'s key file instead of the data directory's."""
        self.vault = vault
        self._audit_key = None

    def audit_key(self, session: Session) -> bytes:
        """The audit chain's HMAC key, from this database's key file (KeyFileError when it is
        missing, not a key, or another database's: no entry is written that cannot be checked)."""
        if self._audit_key is None:
            from opsdesk.vault import FINGERPRINT_INFO, Vault

            vault = self.vault or Vault()
            key = vault.audit_key()
            from opsdesk.models.meta import get_info

            vault.check_fingerprint(get_info(session, FINGERPRINT_INFO))
            self._audit_key = key
        return self._audit_key

    def head_file(self) -> Path | None:
        """The audit chain's newest head, kept beside the database file (a cut tail is caught even
        without a backup); None for a server database."""
        return self.path.with_name(f"{self.path.stem}.audit-head.json") if self.path is not None else None

    def _after_commit(self, session: Session) -> None:
        written = session.info.pop("audit_written", None)  # opsdesk.models.audit.WRITTEN
        target = self.head_file()
        if written is None or target is None or self._audit_key is None:
            return
        from opsdesk.models.audit import head_mac

        entry_id, entry_hash = written
        body = {"id": entry_id, "hash": entry_hash, "mac": head_mac(self._audit_key, entry_id, entry_hash)}
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(body, fh)
            os.replace(tmp, target)
            sharing.share(target, sharing.DATABASE_MODE)  # every writer of the database rewrites it
        except OSError as exc:  # the entry is committed; the check says the head file lags
            log.warning("audit head file %s not written: %s", target, exc)

    # -- schema ---------------------------------------------------------------------------
    @staticmethod
    def knows_revision(revision: str | None) -> bool:
        """Whether this release can open (and migrate) a database at ``revision``."""
        if revision is None:
            return False
        if revision == SCHEMA_HEAD:
            return True
        from alembic.script import ScriptDirectory

        try:
            return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
        except Exception:  # noqa: BLE001 - an unknown revision id: a newer release wrote it
            return False

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            revision: str | None = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return revision

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return not inspect(conn).get_table_names()

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to ``target``; refuse a database from a newer OpsDesk."""
        current = self.current_revision()
        if target == "head":
            self._current_schema()  # the audit chain is authenticated from here on
        if current == SCHEMA_HEAD and target == "head":
            return
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        if current is not None:
            if not self.knows_revision(current):
                raise SchemaError(t("This database was written by a newer OpsDesk (schema {rev}). "
                                    "Install the newer version; this one will not touch it.", rev=current))
        elif not self.is_empty():
            raise SchemaError(t("This file is not an OpsDesk database: {url}", url=self.url))
        if current == script.get_current_head() and target == "head":
            return
        if current is not None and self.path is not None and self.path.exists():
            # Keep the pre-upgrade file: an upgrade must never be the end of the data.
            stamp = now().strftime("%Y%m%d%H%M%S")
            shutil.copy2(self.path, self.path.with_name(f"{self.path.stem}.before-{current}-{stamp}{self.path.suffix}"))
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection if self.is_sqlite else None
            if raw is not None:
                # Batch mode rebuilds tables; with foreign keys on, dropping the old
                # copy would cascade deletes into child tables. Checked again below.
                raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    cfg = alembic_config()
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, target)
                    if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise SchemaError(t("The upgrade left broken references; nothing was changed."))
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys=ON")


def bind_key(session: Session, vault: Vault) -> str:
    """Check that ``vault``'s key (a :class:`opsdesk.vault.Vault`) is the key of this database:
    its fingerprint against the one recorded in ``db_info`` (recorded now when the database has
    none yet: a database made before fingerprints, or a new one). Returns the fingerprint; KeyFileError when the
    key file is missing, not a key, or another database's key."""
    from opsdesk.models.meta import get_info, set_info
    from opsdesk.vault import FINGERPRINT_INFO

    found = vault.fingerprint
    expected = get_info(session, FINGERPRINT_INFO)
    if not expected:
        set_info(session, FINGERPRINT_INFO, found)
    vault.check_fingerprint(expected)
    return found
