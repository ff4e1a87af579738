"""Its own backups (R-SEC-4): a consistent online copy, proved by an integrity
check of the copy, rotated, optionally copied to a second folder.

Each backup has a manifest beside it carrying the audit chain's head, so that
removing the newest audit entries is caught against the latest backup. The manifest
is the backup's commit point: a copy without one (a backup killed half-way) is not a
backup and is cleaned away, as are the half-written ``.partial`` files.

Every database has an identity of its own (``db_info`` ``database_id``), recorded in
each manifest with the key's fingerprint: the audit check and restore compare a
database only with backups of itself, from every backup folder (issue 14).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk import environment, paths, sharing
from opsdesk.clock import now, to_local
from opsdesk.i18n import t
from opsdesk.models import audit, labels, settings
from opsdesk.models.meta import get_info, set_info
from opsdesk.models.users import Perm, Principal, User, require
from opsdesk.ops.errors import OpError
from opsdesk.store import Store
from opsdesk.vault import FINGERPRINT_INFO

PREFIX = "opsdesk-"
SUFFIX = ".sqlite3"
IDENTITY_INFO = "database_id"
LITTER_AGE_S = 600  # a .partial or a copy without its manifest this old is a killed backup, not one being written


class BackupError(OpError):
    pass


# A backup's manifest: JSON written beside it, read back as whatever the file holds.
Manifest = dict[str, Any]


class Head(TypedDict):
    """A chain head as a manifest and the audit trail's restore entry keep it."""

    id: int
    hash: str


class FileFacts(TypedDict):
    """What :func:`check_file` proves of a database file."""

    integrity: str
    schema: str | None
    audit_head: Head | None


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    copies: list[Path]

    def message(self) -> str:
        return t("Backup written and checked: {path}", path=self.path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sqlite_copy(source: Path | str, target: Path, *, read_only: bool = True, self_contained: bool = False) -> None:
    """Copy a database through SQLite's online backup (consistent while others write);
    ``self_contained``: the copy in journal mode DELETE, one file with no -wal beside it."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True) if read_only else sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
            if self_contained:
                dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def check_file(path: Path) -> FileFacts:
    """Open a database file read-only and prove it: integrity check, schema, audit head."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(t("The backup {path} failed its integrity check: {result}", path=path,
                                    result=result))
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            head = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(t("{path} is not a readable OpsDesk database: {error}", path=path, error=exc)) from None
    return FileFacts(integrity="ok", schema=rev[0] if rev else None,
                     audit_head=Head(id=head[0], hash=head[1]) if head else None)


def database_identity(session: Session) -> str:
    """This database's identity, made on first use (a backup keeps it, so a restored database
    is still itself; another database, even with the same sites, is not)."""
    found = get_info(session, IDENTITY_INFO)
    if not found:
        found = uuid.uuid4().hex
        set_info(session, IDENTITY_INFO, found)
    return found


def _clean_litter(folder: Path, older_than: float = LITTER_AGE_S) -> list[Path]:
    """Remove what killed backups left: ``.partial`` files (and their -wal/-shm) and copies
    whose manifest was never written, once they are old enough not to be a backup in progress."""
    removed = []
    limit = time.time() - older_than
    candidates = list(folder.glob(f"{PREFIX}*.partial*"))
    candidates += [f for f in folder.glob(f"{PREFIX}*{SUFFIX}") if not f.with_suffix(".json").exists()]
    for path in candidates:
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _rotate(folder: Path, keep: int) -> None:
    _clean_litter(folder)
    files = sorted(f for f in folder.glob(f"{PREFIX}*{SUFFIX}") if f.with_suffix(".json").exists())
    for old in files[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


def _free_name(folder: Path, stamp: str) -> Path:
    """``opsdesk-<stamp>.sqlite3``, or with -2, -3 … when a backup of the same second exists."""
    target = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while target.exists() or target.with_suffix(".json").exists() or target.with_suffix(".partial").exists():
        n += 1
        target = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    return target


def backup(store: Store, actor: Principal | None = None, folder: Path | None = None) -> BackupResult:
    """Write, prove, rotate and (if set) copy a backup. ``actor`` None: the console's own daily run."""
    if actor is not None:
        require(actor, Perm.BACKUP)
    if store.path is None:
        raise BackupError(t("Backups of a shared server database are made by the server (pg_dump), not by OpsDesk."))
    folder = folder or paths.backup_dir()
    with store.write() as session:
        keep = settings.get(session, "backup.keep")
        second = settings.get(session, "backup.second_dir")
        identity = database_identity(session)
        key_fingerprint = get_info(session, FINGERPRINT_INFO)
    stamp = to_local(now()).strftime("%Y%m%d-%H%M%S")
    partial: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, stamp)
        partial = target.with_suffix(".partial")
        # A backup is one self-contained file: no -wal/-shm beside it (a WAL-mode copy left
        # its .partial-wal and -shm behind after every backup).
        _sqlite_copy(store.path, partial, read_only=False, self_contained=True)
        facts = check_file(partial)
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:  # a full disk arrives as sqlite3.OperationalError
        if partial is not None and partial.parent.is_dir():
            for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
                leftover.unlink(missing_ok=True)
        said = environment.describe(exc, folder)  # a full or read-only disk, no right, a bad path: in words
        raise BackupError(t("The backup could not be written to {folder}: {error}", folder=folder,
                            error=said if said is not None else getattr(exc, "strerror", None) or exc)) from None
    except BackupError:
        if partial is not None:  # it is: only check_file raises BackupError here
            partial.unlink(missing_ok=True)
        raise
    digest = _sha256(target)
    # The backup's own audit entry first, and its head in the manifest: cutting the live chain
    # back to the copy's head would remove this entry, and that is caught.
    with store.write() as session:
        entry = audit.record(session, actor.username if actor else "system", "backup", "backup", target.name,
                             t("Backup {name}", name=target.name), None,
                             {"sha256": digest, "audit_head": facts["audit_head"]})
        session.flush()
        live_head = Head(id=entry.id, hash=entry.hash)
        key = store.audit_key(session)
    manifest: Manifest = {"created": now().isoformat(), "file": target.name, "sha256": digest, **facts,
                          "live_head": live_head, "head_mac": audit.head_mac(key, live_head["id"], live_head["hash"]),
                          "database_id": identity, "key_fingerprint": key_fingerprint}
    written = target.with_suffix(".json.partial")
    try:
        written.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        written.replace(target.with_suffix(".json"))  # the commit point: now it is a backup
    except OSError as exc:  # a disk that filled up just now: no half backup is left to look like one
        written.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        said = environment.describe(exc, folder)
        raise BackupError(t("The backup could not be written to {folder}: {error}", folder=folder,
                            error=said if said is not None else exc.strerror or exc)) from None
    for made in (target, target.with_suffix(".json")):
        sharing.share(made, sharing.BACKUP_MODE)  # 0640, the group opsdesk (issue 14, finding 10)
    _rotate(folder, keep)
    copies = []
    if second:
        try:
            other = Path(second)
            other.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, other / target.name)
            shutil.copy2(target.with_suffix(".json"), other / target.with_suffix(".json").name)
            _rotate(other, keep)
            copies.append(other / target.name)
        except OSError as exc:
            raise BackupError(t("The backup {path} is good, but the copy to {folder} failed: {error}",
                                path=target, folder=second, error=exc.strerror or exc)) from None
    return BackupResult(target, manifest, copies)


def manifests(folders: list[Path], database_id: str | None = None) -> list[Manifest]:
    """The readable manifests in ``folders``, oldest first (by when they were made); with
    ``database_id``, only those of that database (a backup of another one is not this one's)."""
    found: list[Manifest] = []
    for folder in folders:
        for candidate in folder.glob(f"{PREFIX}*.json") if folder.is_dir() else ():
            try:
                manifest = json.loads(candidate.read_text(encoding="utf-8"))
                dt.datetime.fromisoformat(manifest["created"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if database_id is None or manifest.get("database_id") == database_id:
                found.append({**manifest, "_path": str(candidate)})
    return sorted(found, key=lambda m: m["created"])


def latest_manifest(folder: Path | None = None, database_id: str | None = None) -> Manifest | None:
    found = manifests([folder or paths.backup_dir()], database_id)
    return found[-1] if found else None


def read_manifest(source: Path) -> Manifest | None:
    """The manifest beside a backup file; None when it is missing or unreadable."""
    try:
        manifest: Manifest = json.loads(Path(source).with_suffix(".json").read_text(encoding="utf-8"))
        return manifest
    except (OSError, ValueError):
        return None


def chain_head(path: Path) -> Head | None:
    """A database file's newest audit entry ({id, hash}), read-only; None when unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Head(id=row[0], hash=row[1]) if row else None


def backup_if_due(store: Store, folder: Path | None = None,
                  every: dt.timedelta = dt.timedelta(days=1)) -> BackupResult | None:
    """The console's daily backup: make one if the newest is older than ``every``."""
    if store.path is None:
        return None
    with store.read() as session:
        identity = get_info(session, IDENTITY_INFO)
    manifest = latest_manifest(folder, identity) if identity else None
    if manifest is not None:
        created = dt.datetime.fromisoformat(manifest["created"])
        if now() - created < every:
            return None
    return backup(store, None, folder)


def check_backup(source: Path, accept_modified: bool = False) -> tuple[FileFacts, Manifest | None, list[str]]:
    """Everything a restore must know before it touches the live file: the copy's integrity
    and schema (one this release can open), and its manifest — present, naming this file, with
    the SHA-256 the copy still has. An edited copy or one without its manifest is refused
    unless ``accept_modified`` (then the reasons are returned, for the audit trail)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(t("No backup file at {path}", path=source))
    facts = check_file(source)
    if not Store.knows_revision(facts["schema"]):
        raise BackupError(t("The backup {name} was made by a newer OpsDesk (schema {rev}); this version cannot open "
                            "it. Restore it with that version. Nothing was changed.", name=source.name,
                            rev=facts["schema"]))
    manifest_path = source.with_suffix(".json")
    manifest, doubts = read_manifest(source), []
    if manifest is None and not manifest_path.exists():
        doubts.append(t("it has no manifest ({name}), so nothing proves it is unchanged since it was made",
                        name=manifest_path.name))
    elif manifest is None:
        doubts.append(t("its manifest {name} cannot be read", name=manifest_path.name))
    if manifest is not None and manifest.get("sha256") != _sha256(source):
        doubts.append(t("its content differs from the SHA-256 its manifest recorded when it was made: it was changed "
                        "afterwards"))
    if doubts and not accept_modified:
        raise BackupError(t("The backup {name} is not restored: {reasons}. Nothing was changed. If you know why, "
                            "restore it with --accept-modified (recorded in the audit trail).",
                            name=source.name, reasons=labels.clauses(doubts)))
    return facts, manifest, doubts


def authorize_restore(source: Path, username: str, password: str) -> None:
    """The authority for a restore is the backup being restored, not the live database (which may
    be damaged): ``username`` must be an administrator enabled in that backup, with that backup's
    password. AuthError otherwise, one message for every refusal (it does not tell which part was
    wrong); every refusal costs one argon2id check."""
    from opsdesk.models.users import ROLE_PERMS, AuthError, Role, password_matches

    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT role, password_hash, disabled FROM user_account WHERE username = ?",
                               (username,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(t("{path} is not a readable OpsDesk database: {error}", path=source, error=exc)) from None
    matches = password_matches(row[1] if row else None, password)
    try:
        allowed = row is not None and not row[2] and Perm.RESTORE in ROLE_PERMS[Role(row[0])]
    except ValueError:
        allowed = False
    if not (matches and allowed):
        raise AuthError(t("A restore needs the user name and password of an administrator who is enabled in the "
                          "backup being restored ({name}). Nothing was changed.", name=Path(source).name))


def _backup_key_fingerprint(source: Path, manifest: Manifest | None) -> str:
    found: str = (manifest or {}).get("key_fingerprint") or ""
    if found:
        return found
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM db_info WHERE key = ?", (FINGERPRINT_INFO,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""


def _keep_aside(live: Path, kept: Path, healthy: bool) -> None:
    """Copy the live file aside before it is replaced: through SQLite when it is a readable database,
    byte for byte (with its -wal) when it is damaged or empty — it is kept either way, as it was."""
    try:
        if not healthy:
            raise sqlite3.DatabaseError("damaged")
        _sqlite_copy(live, kept)
    except sqlite3.Error:
        kept.unlink(missing_ok=True)
        shutil.copy2(live, kept)
        wal = Path(f"{live}-wal")
        if wal.exists():
            shutil.copy2(wal, Path(f"{kept}-wal"))


def restore(live: Store | Path | str, source: Path, username: str, password: str,
            accept_modified: bool = False) -> Path:
    """Bring a backup back over the live database file, which may be damaged, empty or missing:
    it is not opened, nobody logs in to it. The authority is an administrator enabled in the backup
    (:func:`authorize_restore`). Checked before anything is touched: the copy (:func:`check_backup`),
    that authority, and that the key file in place is the backup's key (its secrets and its audit
    chain need it). The current file, if any, is kept aside.

    Returns the path of the kept copy (or of where it would have been, when there was no file)."""
    from opsdesk.vault import Vault

    if isinstance(live, Store):
        if live.path is None:
            raise BackupError(t("Restore of a shared server database is done on the server."))
        url, path = live.url, live.path
    else:
        path = Path(live)
        url = f"sqlite:///{path.resolve()}"
    source = Path(source)
    facts, manifest, doubts = check_backup(source, accept_modified)
    authorize_restore(source, username, password)
    wanted = _backup_key_fingerprint(source, manifest)
    vault = Vault()
    here = vault.fingerprint  # KeyFileError (said, nothing changed) when the key file is missing or damaged
    if wanted and wanted != here:
        raise BackupError(t("The key file in place ({here}) is not the key of the backup {name} ({wanted}): its "
                            "device secrets and its audit trail need that key. Put the key file of that time back "
                            "first. Nothing was changed.", here=here, name=source.name, wanted=wanted))
    if isinstance(live, Store):
        live.close()
    replaced = chain_head(path) if path.exists() else None  # None for a damaged live file: kept aside all the same
    kept = path.with_name(f"{path.stem}.before-restore-{to_local(now()).strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    healthy, existed = replaced is not None, path.exists()
    if existed:
        _keep_aside(path, kept, healthy)
    if healthy:  # through SQLite's locks: a poller or console with the file open sees the new content
        _sqlite_copy(source, path)
    else:  # damaged or missing: a new file in its place
        partial = path.with_name(f"{path.name}.restore-partial")
        partial.unlink(missing_ok=True)
        _sqlite_copy(source, partial)
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        partial.replace(path)
    restored = Store(url)  # migrates an older schema to this version
    restored.use_vault(vault)
    copy_head = facts["audit_head"]
    lacks = max(0, (replaced["id"] if replaced else 0) - (copy_head["id"] if copy_head else 0))
    with restored.write() as session:
        actor = session.scalars(select(User).where(User.username == username)).one()
        audit.record(session, actor.username, "restore", "backup", source.name,
                     t("Restored from {name}", name=source.name),
                     {"replaced_head": replaced, "replaced_file_damaged": existed and not healthy},
                     {"schema": facts["schema"], "kept": kept.name if kept.exists() else None,
                      "copy_head": copy_head, "entries_the_backup_lacks": lacks, "accepted_modified": doubts,
                      "database_id": (manifest or {}).get("database_id")})
    # A fresh backup records the restored chain's head, so later checks compare
    # against the chain as it now legitimately is.
    backup(restored, actor)
    restored.close()
    return kept
