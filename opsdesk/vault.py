"""Write-only secrets (SNMP communities, v3 keys), encrypted at rest.

The key lives in a file outside the database (``secret.key`` in the data
directory, or ``OPSDESK_KEY_FILE``), so a copy of the database alone does not
leak a community string. Secrets are never shown, exported or logged.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from opsdesk import paths
from opsdesk.i18n import t


class VaultError(RuntimeError):
    pass


def key_path() -> Path:
    override = os.environ.get("OPSDESK_KEY_FILE")
    return Path(override) if override else paths.data_dir() / "secret.key"


class Vault:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or key_path()
        self._fernet: Fernet | None = None

    def _load(self) -> Fernet:
        if self._fernet is None:
            if not self.path.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(Fernet.generate_key())
            self._fernet = Fernet(self.path.read_bytes().strip())
        return self._fernet

    def encrypt(self, secret: str) -> bytes:
        return self._load().encrypt(secret.encode())

    def decrypt(self, token: bytes) -> str:
        """For the poller only; the UI and exports never call this."""
        try:
            return self._load().decrypt(token).decode()
        except InvalidToken:
            raise VaultError(t("A stored secret cannot be read with the key file {path}.", path=self.path)) from None
