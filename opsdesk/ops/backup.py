"""Its own backups (R-SEC-4): a consistent online copy, proved by an integrity
check of the copy, rotated, optionally copied to a second folder.

Each backup has a manifest beside it carrying the audit chain's head, so that
removing the newest audit entries is caught against the latest backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from opsdesk import paths
from opsdesk.clock import now, to_local
from opsdesk.i18n import t
from opsdesk.models import audit, settings
from opsdesk.models.audit import ChainHead
from opsdesk.models.users import Perm, User, require
from opsdesk.ops.errors import OpError
from opsdesk.store import Store

PREFIX = "opsdesk-"
SUFFIX = ".sqlite3"


class BackupError(OpError):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict
    copies: list[Path]

    def message(self) -> str:
        return t("Backup written and checked: {path}", path=self.path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(path: Path) -> dict:
    """Open a database file read-only and prove it: integrity check, schema, audit head."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(t("The backup {path} failed its integrity check: {result}", path=path, result=result))
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            head = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(t("{path} is not a readable OpsDesk database: {error}", path=path, error=exc)) from None
    return {"integrity": "ok", "schema": rev[0] if rev else None,
            "audit_head": {"id": head[0], "hash": head[1]} if head else None}


def _rotate(folder: Path, keep: int) -> None:
    files = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
    for old in files[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


def backup(store: Store, actor: User | None = None, folder: Path | None = None) -> BackupResult:
    """Write, prove, rotate and (if set) copy a backup. ``actor`` None: the console's own daily run."""
    if actor is not None:
        require(actor, Perm.BACKUP)
    if store.path is None:
        raise BackupError(t("Backups of a shared server database are made by the server (pg_dump), not by OpsDesk."))
    folder = folder or paths.backup_dir()
    with store.read() as session:
        keep = settings.get(session, "backup.keep")
        second = settings.get(session, "backup.second_dir")
    stamp = to_local(now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}{SUFFIX}"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(store.path)
        dst = sqlite3.connect(partial)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
        facts = check_file(partial)
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:  # a full disk arrives as sqlite3.OperationalError
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
        raise BackupError(t("The backup could not be written to {folder}: {error}", folder=folder,
                            error=getattr(exc, "strerror", None) or exc)) from None
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    manifest = {"created": now().isoformat(), "file": target.name, "sha256": _sha256(target), **facts}
    target.with_suffix(".json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
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
    with store.write() as session:
        audit.record(session, actor.username if actor else "system", "backup", "backup", target.name,
                     t("Backup {name}", name=target.name), None, {"sha256": manifest["sha256"], "audit_head": facts["audit_head"]})
    return BackupResult(target, manifest, copies)


def latest_manifest(folder: Path | None = None) -> dict | None:
    folder = folder or paths.backup_dir()
    manifests = sorted(folder.glob(f"{PREFIX}*.json"))
    for candidate in reversed(manifests):
        try:
            return json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def latest_head(folder: Path | None = None) -> ChainHead | None:
    manifest = latest_manifest(folder)
    if manifest and manifest.get("audit_head"):
        return ChainHead(manifest["audit_head"]["id"], manifest["audit_head"]["hash"])
    return None


def backup_if_due(store: Store, folder: Path | None = None, every: dt.timedelta = dt.timedelta(days=1)) -> BackupResult | None:
    """The console's daily backup: make one if the newest is older than ``every``."""
    if store.path is None:
        return None
    manifest = latest_manifest(folder)
    if manifest is not None:
        created = dt.datetime.fromisoformat(manifest["created"])
        if now() - created < every:
            return None
    return backup(store, None, folder)


def restore(store: Store, actor: User, source: Path) -> Path:
    """Bring a backup back over the live database; the current file is kept aside.

    Returns the path of the kept copy. Reopen the Store afterwards: it migrates an
    older schema."""
    require(actor, Perm.RESTORE)
    if store.path is None:
        raise BackupError(t("Restore of a shared server database is done on the server."))
    source = Path(source)
    if not source.is_file():
        raise BackupError(t("No backup file at {path}", path=source))
    facts = check_file(source)
    kept = store.path.with_name(f"{store.path.stem}.before-restore-{to_local(now()).strftime('%Y%m%d-%H%M%S')}{store.path.suffix}")
    store.close()
    live = sqlite3.connect(store.path)
    try:
        aside = sqlite3.connect(kept)
        with aside:
            live.backup(aside)
        aside.close()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        with live:
            src.backup(live)
        src.close()
    finally:
        live.close()
    restored = Store(store.url)  # migrates an older schema to this version
    with restored.write() as session:
        audit.record(session, actor.username, "restore", "backup", source.name,
                     t("Restored from {name}", name=source.name), None, {"schema": facts["schema"], "kept": kept.name})
    # A fresh backup records the restored chain's head, so later checks compare
    # against the chain as it now legitimately is.
    backup(restored, actor)
    restored.close()
    return kept
