"""A real site's start (``opsdesk init --site``): the site, its first administrator, the key file of
its devices' secrets, and the marker that keeps a demo from ever taking the site database's place;
and the data folder shared with the poller service's user."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from opsdesk import paths, sharing
from opsdesk.i18n import t
from opsdesk.models import audit
from opsdesk.models.equipment import Site
from opsdesk.models.meta import set_info
from opsdesk.models.users import Role
from opsdesk.ops import users
from opsdesk.ops.errors import OpError, ValidationError
from opsdesk.store import Store, bind_key
from opsdesk.vault import Vault, key_path

DEFAULT_CODE = "S1"


@dataclass(frozen=True)
class SiteStarted:
    """What ``init --site`` tells: the site, the database, the administrator, the key file."""

    site: str
    url: str
    admin: str
    key_path: Path
    key_fingerprint: str


def share_data_folder() -> None:
    """The data folder for the console's user and the poller service: 2770 and the group
    opsdesk, made first when run as root (``opsdesk.sharing``; issue 14, finding 10)."""
    sharing.ensure_group()
    home = paths.data_dir()
    sharing.share_folder(home)
    if (home / "backups").is_dir():
        sharing.share_folder(home / "backups")
    if key_path().is_file():  # a key made before 0640: the service's user must read it
        sharing.share(key_path(), sharing.KEY_MODE)


def refuse_a_second_site(store: Store) -> None:
    """OpError when ``store`` holds a site already: ``init`` never starts one over another."""
    with store.read() as session:
        if session.scalars(select(Site)).first() is not None:
            raise OpError(t("This database holds a site already: {url}", url=store.url))


def start_site(store: Store, name: str, admin: str, password: str, *, code: str | None = None,
               hospital: str = "", timezone: str = "Asia/Shanghai", admin_display: str = "") -> SiteStarted:
    """The site ``name`` in the empty database of ``store``, with its first administrator.

    The one place a site's key file is made (kept, not replaced, if there), before the first audit
    entry: the chain's entries are authenticated with it. When the database is the data folder's
    default, the marker is left beside it: from now on no demo is made in its place."""
    refuse_a_second_site(store)
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # ValueError: a path-like or empty key
        raise ValidationError("timezone", t("Unknown time zone: {tz}", tz=timezone)) from None
    code = code or DEFAULT_CODE
    vault = Vault(create=True)
    store.use_vault(vault)
    with store.write() as session:
        bind_key(session, vault)
        first = users.add_user(session, None, admin, password, Role.ADMIN, admin_display)
        site = Site(name=name, code=code, hospital=hospital, timezone=timezone)
        session.add(site)
        set_info(session, "demo", "0")
        session.flush()
        audit.record(session, first.username, "site.add", "site", site.id, name, None,
                     {"name": name, "code": code, "timezone": timezone})
    if store.path is not None and store.path == paths.default_db_path():
        paths.site_marker().write_text(str(store.path), encoding="utf-8")  # no demo here from now on
    return SiteStarted(name, store.url, admin, vault.path, vault.fingerprint)
