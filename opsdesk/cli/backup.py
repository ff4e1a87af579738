"""``opsdesk backup`` and ``opsdesk restore``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from opsdesk import environment, paths
from opsdesk.cli.common import EXIT_OK, CliError
from opsdesk.cli.session import credentials, login, open_store
from opsdesk.i18n import t
from opsdesk.vault import VaultError


def cmd_backup(args: argparse.Namespace) -> int:
    from opsdesk.ops.backup import BackupError, backup

    store = open_store(args)
    actor = login(store, args) if (args.user or os.environ.get("OPSDESK_USER")) else None
    folder = Path(args.dir) if args.dir else paths.backup_dir()
    try:
        result = backup(store, actor, folder)
    except BackupError as exc:  # a full or read-only backup disk: said as such, with the folder
        found = environment.describe(exc, folder)
        if found is None:
            raise
        raise found from None
    print(result.message())
    for copy in result.copies:
        print(t("Copy: {path}", path=copy))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from opsdesk.ops.backup import restore
    from opsdesk.store import sqlite_file

    # The live database is not opened and nobody logs in to it: it may be the damaged file this
    # restore is for. The authority is an administrator enabled in the backup (its password).
    path = sqlite_file(args.db)
    if path is None:
        raise CliError(t("Restore of a shared server database is done on the server."))
    username, password = credentials(args)
    kept = restore(path, Path(args.file), username, password, accept_modified=args.accept_modified)
    print(t("Restored from {name}", name=args.file))
    if kept.exists():
        print(t("The database as it was before is kept at {path}", path=kept))
    print(key_for_backup(Path(args.file)))
    return EXIT_OK


def key_for_backup(source: Path) -> str:
    """Whether the key file in place opens the restored backup's secrets (its manifest's fingerprint)."""
    from opsdesk.ops.backup import read_manifest
    from opsdesk.vault import Vault

    wanted = (read_manifest(source) or {}).get("key_fingerprint") or ""
    try:
        here = Vault().fingerprint
    except VaultError as exc:
        return str(exc)
    if not wanted:
        return t("The backup does not record its key's fingerprint: check with opsdesk poll --once that the devices "
                 "can be read.")
    if wanted == here:
        return t("The key file in place ({fp}) opens this backup's device secrets.", fp=here)
    return t("The key file in place ({here}) is not this backup's key ({wanted}): restore the key file of that time "
             "too, or no device can be polled.", here=here, wanted=wanted)
