"""Write-only secrets (SNMP communities, v3 keys), encrypted at rest.

The key lives in a file outside the database (``secret.key`` in the data
directory, or ``OPSDESK_KEY_FILE``), so a copy of the database alone does not
leak a community string. Secrets are never shown, exported or logged.

The key file is made only when a database is made (``opsdesk init``, the demo's
first start: ``Vault(create=True)``). Anything else that needs it and does not
find it, or finds a file that is not a key, refuses with a sentence naming the
file and what to do (issue 14: a missing key used to be replaced by a new one in
silence, and the poller then skipped every device). The key's fingerprint is kept
in the database (``db_info``), so a key file of another database is told apart.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from opsdesk import environment, paths, sharing
from opsdesk.i18n import t

FINGERPRINT_INFO = "key_fingerprint"  # db_info row: the fingerprint of the key this database's secrets need
AUDIT_KEY_LABEL = b"opsdesk audit chain v1"  # the audit chain's HMAC key is derived from the same key file


class VaultError(RuntimeError):
    pass


class KeyFileError(VaultError):
    """The key file is missing, unreadable, not a key, or another database's key."""


def key_path() -> Path:
    override = os.environ.get("OPSDESK_KEY_FILE")
    return Path(override) if override else paths.data_dir() / "secret.key"


def fingerprint_of(key: bytes) -> str:
    """A key's fingerprint as people compare it: 16 hex digits of its SHA-256, in fours."""
    digest = hashlib.sha256(key.strip()).hexdigest()[:16]
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


class Vault:
    def __init__(self, path: Path | None = None, *, create: bool = False) -> None:
        self.path = path or key_path()
        self._create = create
        self._fernet: Fernet | None = None
        self._fingerprint = ""
        self._audit_key = b""

    def _load(self) -> Fernet:
        if self._fernet is None:
            if not self.path.exists():
                if not self._create:
                    raise KeyFileError(t(
                        "The key file {path} is missing: the devices' SNMP secrets cannot be read and nothing is "
                        "polled. Restore the key file from its backup (it is not in the database's backups), or "
                        "point OPSDESK_KEY_FILE at it.", path=self.path))
                self._make()
            try:
                key = self.path.read_bytes().strip()
            except OSError as exc:
                found = environment.from_os_error(exc, self.path)  # no permission: the group opsdesk, said
                raise KeyFileError(str(found) if found is not None else t(
                    "The key file {path} cannot be read: {reason}", path=self.path,
                    reason=exc.strerror or exc)) from None
            try:
                self._fernet = Fernet(key)
            except (ValueError, TypeError):
                raise KeyFileError(t(
                    "The key file {path} is not a key (damaged, or another file). Restore the key file from "
                    "its backup.", path=self.path)) from None
            self._fingerprint = fingerprint_of(key)
            self._audit_key = hmac.new(key, AUDIT_KEY_LABEL, hashlib.sha256).digest()
        return self._fernet

    def _make(self) -> None:
        """A new key, 0640 with the group opsdesk: the poller service, in that group, reads it
        (issue 14, finding 10); nobody else does."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, sharing.KEY_MODE)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(Fernet.generate_key())
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError:
                self.path.unlink(missing_ok=True)  # a full disk: no empty key file left to be taken for one
                raise
        except OSError as exc:
            found = environment.from_os_error(exc, self.path)
            raise (KeyFileError(str(found)) if found is not None else exc) from None
        sharing.share(self.path, sharing.KEY_MODE)

    def ensure(self) -> Vault:
        """Load the key now (made first when this vault may create it); KeyFileError if it cannot."""
        self._load()
        return self

    @property
    def fingerprint(self) -> str:
        self._load()
        return self._fingerprint

    def check_fingerprint(self, expected: str) -> None:
        """KeyFileError, said with both fingerprints, when a database that records ``expected``
        (its ``db_info`` row; empty: none recorded yet) is not this key's."""
        if expected and expected != self.fingerprint:
            raise KeyFileError(t(
                "The key file {path} is not this database's key (its fingerprint is {found}, the database's key "
                "is {expected}): the devices' SNMP secrets cannot be read. Restore this database's key file from "
                "its backup.", path=self.path, found=self.fingerprint, expected=expected))

    def audit_key(self) -> bytes:
        """The key that authenticates the audit chain's entries (HMAC-SHA256), derived from this
        key file: whoever lacks the file cannot write an entry that verifies."""
        self._load()
        return self._audit_key

    def encrypt(self, secret: str) -> bytes:
        return self._load().encrypt(secret.encode())

    def decrypt(self, token: bytes) -> str:
        """For the poller only; the UI and exports never call this."""
        try:
            return self._load().decrypt(token).decode()
        except InvalidToken:
            raise VaultError(t("A stored secret cannot be read with the key file {path}.", path=self.path)) from None

