"""The audit trail's check (R-SEC-2, issue 14): the chain itself (:func:`opsdesk.models.audit.
verify_chain`), authenticated with the key file, against every head kept outside the table —
each manifest of this database's backups in every backup folder, and the head file beside the
database — and the users table against what the chain recorded of it.

What it promises, and where that ends, is said in the README's security section."""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from opsdesk import paths
from opsdesk.i18n import t
from opsdesk.models import labels, settings
from opsdesk.models.audit import AuditEntry, ChainHead, ChainReport, head_mac, verify_chain
from opsdesk.models.meta import get_info
from opsdesk.models.users import Perm, Principal, require
from opsdesk.ops.backup import IDENTITY_INFO, manifests
from opsdesk.store import Store
from opsdesk.vault import VaultError

RESTORE = "restore"


@dataclass(frozen=True)
class AuditRow:
    """One entry of the trail as the audit screen and ``opsdesk audit log`` list it."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    summary: str
    before: Any
    after: Any


def audit_rows(session: Session, actor: Principal, limit: int) -> list[AuditRow]:
    """The ``limit`` newest entries, newest first (supervisors and administrators)."""
    require(actor, Perm.VIEW_AUDIT)
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return [AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.summary, e.before, e.after)
            for e in entries]


def _backup_folders(session: Session, folder: Path | None) -> list[Path]:
    folders = [folder or paths.backup_dir()]
    second = settings.get(session, "backup.second_dir")
    if second and Path(second) not in folders:
        folders.append(Path(second))
    return folders


def _last_restore(session: Session) -> dt.datetime | None:
    return session.execute(select(AuditEntry.at).where(AuditEntry.action == RESTORE)
                           .order_by(AuditEntry.id.desc()).limit(1)).scalar()


def outside_heads(store: Store, session: Session, key: bytes | None, folder: Path | None = None
                  ) -> tuple[list[ChainHead], list[str], list[str]]:
    """The heads this chain must still hold: (heads, problems, notes). A manifest or head file
    whose MAC does not match is itself a problem (edited to hide a cut)."""
    heads, problems, notes = [], [], []
    identity = get_info(session, IDENTITY_INFO)
    if identity:
        restored_at = _last_restore(session)
        for manifest in manifests(_backup_folders(session, folder), identity):
            head = manifest.get("live_head") or manifest.get("audit_head")
            if not head:
                continue
            name = manifest.get("_path", manifest.get("file", ""))
            mac = manifest.get("head_mac")
            if key is not None and mac and not hmac.compare_digest(mac, head_mac(key, head["id"], head["hash"])):
                problems.append(t("the backup manifest {name} was altered (its chain head is not the one OpsDesk "
                                  "wrote)", name=name))
                continue
            if restored_at is not None and dt.datetime.fromisoformat(manifest["created"]) < restored_at:
                continue  # a head of the chain as it was before the newest restore
            heads.append(ChainHead(head["id"], head["hash"], t("the backup {name}", name=manifest.get("file", name))))
    target = store.head_file()
    if target is not None:
        try:
            body = json.loads(target.read_text(encoding="utf-8"))
            entry_id, entry_hash, mac = int(body["id"]), str(body["hash"]), str(body["mac"])
        except FileNotFoundError:
            newest = session.execute(select(AuditEntry.id).where(AuditEntry.mac.is_not(None)).limit(1)).scalar()
            if newest is not None:
                notes.append(t("The chain's head file {name} is missing: entries cut from the end can only be "
                               "found by comparing with a backup.", name=target.name))
        except (OSError, ValueError, KeyError, TypeError):
            problems.append(t("the chain's head file {name} is damaged", name=target.name))
        else:
            if key is not None and not hmac.compare_digest(mac, head_mac(key, entry_id, entry_hash)):
                problems.append(t("the chain's head file {name} was altered", name=target.name))
            else:
                heads.append(ChainHead(entry_id, entry_hash, t("the chain's head file {name}", name=target.name)))
    return heads, problems, notes


def check(store: Store, folder: Path | None = None) -> ChainReport:
    """The whole check, as ``opsdesk audit verify`` and the console's audit screen run it."""
    with store.read() as session:
        if "audit_entry" not in inspect(session.connection()).get_table_names():
            return ChainReport(False, 0, None, t("the audit trail's table is gone (dropped in the file)"))
        key, key_problem = None, ""
        try:
            key = store.audit_key(session)
        except VaultError as exc:
            key_problem = str(exc)
        try:
            heads, problems, notes = outside_heads(store, session, key, folder)
            report = verify_chain(session, heads, key, key_problem)
        except DBAPIError as exc:  # a table altered in the file: said, never a traceback
            return ChainReport(False, 0, None, t("the audit trail's table cannot be read: {error}",
                                                 error=exc.orig or exc))
    if problems:
        reason = labels.clauses(([report.reason] if not report.ok and report.reason else []) + problems)
        report = replace(report, ok=False, reason=reason, key_problem=key_problem, notes=tuple(notes))
    elif notes:
        report = replace(report, key_problem=key_problem, notes=tuple(notes))
    return report


def check_by(store: Store, actor: Principal, folder: Path | None = None) -> ChainReport:
    """:func:`check` run by a user (``opsdesk audit verify``): supervisors and administrators."""
    require(actor, Perm.VIEW_AUDIT)
    return check(store, folder)
