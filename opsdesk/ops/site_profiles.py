"""A site's own device profiles kept in the database (issue 17): saved (checked first, each save
a new version, audited), retired, listed, their history; and the profiles in use.

The profiles in use, in this order, a later one with the same id replacing an earlier one:
the files shipped with OpsDesk (``data/profiles``), then the site's folder (``profiles/`` in the
data directory, kept for compatibility), then the database's current site profiles. The poller
reads them again when the site profiles' change mark moves (:func:`profiles_mark`), so a profile
saved from any console or the CLI is used at its next cycle.

This module parses with :mod:`opsdesk.profiles.spec` (pure TOML → dataclasses, no SNMP I/O), the
parser the probes read devices with; it sits below both, so ops never imports the probes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk import paths
from opsdesk.i18n import language, t
from opsdesk.models import audit
from opsdesk.models.meta import change_marks, note_change
from opsdesk.models.site_profiles import SiteProfile, SiteProfileVersion
from opsdesk.models.users import Perm, Principal, display_names, require
from opsdesk.ops.errors import NotFound, ValidationError
from opsdesk.profiles.expr import ExprError
from opsdesk.profiles.spec import Profile, ProfileError, load_profile, load_profiles, parse_profile, site_dir

log = logging.getLogger("opsdesk.ops.site_profiles")

TABLES = (SiteProfile.__tablename__, SiteProfileVersion.__tablename__)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
WHERE = "site_profile:{id}#v{version}"  # Profile.path of a database profile


@dataclasses.dataclass(frozen=True)
class SavedProfile:
    id: str
    version: int
    sha256: str


@dataclasses.dataclass(frozen=True)
class SiteProfileRow:
    """A current site profile as a list shows it."""

    id: str
    version: int
    name: str
    kind: str
    saved_by: str  # the person's name (张伟), or the login when the user is gone
    saved_at: dt.datetime
    overrides_shipped: bool  # a shipped profile has the same id: this one is read instead


@dataclasses.dataclass(frozen=True)
class ProfileVersionRow:
    version: int
    sha256: str
    saved_by: str
    saved_at: dt.datetime
    note: str
    current: bool


def parse_text(toml_text: str, lang: str = "") -> Profile:
    """The profile ``toml_text`` declares; ValidationError (the user's language) when it is not
    TOML or not a valid profile."""
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError("toml", t("The profile is not valid TOML: {error}", error=exc)) from None
    pid = data.get("id")
    if not isinstance(pid, str) or not _ID.fullmatch(pid):
        raise ValidationError("id", t("The profile needs an id: letters, digits, '.', '_' or '-' "
                                      "(at most 100), e.g. id = \"site-ups-extra\"."))
    try:
        return parse_profile(data, pid)
    except (ProfileError, KeyError, TypeError, ValueError, ExprError, re.error) as exc:
        raise ValidationError("profile", t("The profile is not valid: {error}", error=exc)) from None


def save_profile(session: Session, actor: Principal, toml_text: str, note: str = "") -> SavedProfile:
    """Check ``toml_text`` and keep it as the next version of its profile (the first: version 1);
    a retired profile saved again is current again. Audited with the id, version and SHA-256."""
    require(actor, Perm.EDIT_PROFILES)
    profile = parse_text(toml_text)
    digest = hashlib.sha256(toml_text.encode("utf-8")).hexdigest()
    row = session.get(SiteProfile, profile.id)
    if row is None:
        row = SiteProfile(id=profile.id, version=0, retired=False)
        session.add(row)
    before = None if row.version == 0 else {"version": row.version, "retired": row.retired}
    row.version += 1
    row.retired = False
    session.add(SiteProfileVersion(profile_id=profile.id, version=row.version, toml=toml_text, sha256=digest,
                                   saved_by=actor.username, note=note.strip()))
    session.flush()
    note_change(session, *TABLES)
    audit.record(session, actor.username, "profile.save", "site_profile", profile.id,
                 t("Device profile {id} saved as version {version}", id=profile.id, version=row.version),
                 before, {"version": row.version, "sha256": digest, "kind": profile.kind, "note": note.strip()})
    return SavedProfile(profile.id, row.version, digest)


def retire_profile(session: Session, actor: Principal, profile_id: str) -> None:
    """No longer read the site profile ``profile_id`` (its history stays; a shipped profile with the
    same id is read again). Audited."""
    require(actor, Perm.EDIT_PROFILES)
    row = session.get(SiteProfile, profile_id)
    if row is None or row.retired:
        raise NotFound(t("No site profile {id} in use.", id=profile_id))
    row.retired = True
    note_change(session, *TABLES)
    audit.record(session, actor.username, "profile.retire", "site_profile", profile_id,
                 t("Device profile {id} retired (version {version})", id=profile_id, version=row.version),
                 {"version": row.version, "retired": False}, {"version": row.version, "retired": True})


def _current(session: Session) -> list[tuple[SiteProfile, SiteProfileVersion]]:
    rows = session.execute(
        select(SiteProfile, SiteProfileVersion)
        .join(SiteProfileVersion, (SiteProfileVersion.profile_id == SiteProfile.id)
              & (SiteProfileVersion.version == SiteProfile.version))
        .where(SiteProfile.retired.is_(False)).order_by(SiteProfile.id)).all()
    return [(p, v) for p, v in rows]


def site_profiles(session: Session) -> list[Profile]:
    """The database's current site profiles, parsed. One that no longer parses (a newer OpsDesk
    checks more) is left out and logged: the others are still read."""
    found = []
    for row, version in _current(session):
        try:
            profile = parse_text(version.toml)
        except ValidationError as exc:
            log.warning("site profile %s version %s is not read: %s", row.id, row.version, exc)
            continue
        found.append(dataclasses.replace(profile, path=WHERE.format(id=row.id, version=row.version)))
    return found


def merge(*groups: Sequence[Profile]) -> list[Profile]:
    """Profiles from ``groups`` in order, a later one replacing an earlier one with the same id,
    sorted as :func:`opsdesk.profiles.spec.load_profiles` sorts them."""
    found: dict[str, Profile] = {}
    for group in groups:
        for profile in group:
            found[profile.id] = profile
    return sorted(found.values(), key=lambda p: (-p.priority, p.id))


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[Profile, ...]:
    return tuple(load_profiles([paths.DATA / "profiles"]))


@functools.lru_cache(maxsize=4)
def _with_folder(files: tuple[tuple[str, int, int], ...]) -> tuple[Profile, ...]:
    return tuple(merge(_shipped(), [load_profile(Path(name)) for name, _, _ in files]))


def file_profiles() -> tuple[Profile, ...]:
    """The shipped files, then the site's folder: the shipped ones read once per process, the
    folder's again when a file in it is added, removed or changed (its size or time)."""
    folder = site_dir()
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    stamps = []
    for path in files:
        st = path.stat()
        stamps.append((str(path), st.st_mtime_ns, st.st_size))
    return _with_folder(tuple(stamps))


def shipped_ids() -> frozenset[str]:
    return frozenset(p.id for p in _shipped())


def profiles_in_use(session: Session) -> list[Profile]:
    """What the poller reads devices with: the shipped files, the site's folder, then the
    database's current site profiles; a later one with the same id replaces an earlier one."""
    return merge(file_profiles(), site_profiles(session))


def profiles_mark(session: Session) -> tuple[int, ...]:
    """Moves whenever a site profile is saved or retired, by any process (the change marks)."""
    marks = change_marks(session)
    return tuple(marks.get(kind, 0) for kind in TABLES)


def profile_rows(session: Session) -> list[SiteProfileRow]:
    """The current site profiles in the database, by id."""
    current = _current(session)
    names = display_names(session, [v.saved_by for _, v in current])
    shipped = shipped_ids()
    rows = []
    for row, version in current:
        try:
            profile = parse_text(version.toml)
            name, kind = profile.name.get(language()), profile.kind
        except ValidationError:
            name, kind = "", ""
        rows.append(SiteProfileRow(row.id, row.version, name, kind, names.get(version.saved_by, version.saved_by),
                                   version.saved_at, row.id in shipped))
    return rows


def profile_history(session: Session, profile_id: str) -> list[ProfileVersionRow]:
    """Every saved version of ``profile_id``, the newest first; NotFound when it was never saved."""
    row = session.get(SiteProfile, profile_id)
    if row is None:
        raise NotFound(t("No site profile {id}.", id=profile_id))
    versions = list(session.scalars(select(SiteProfileVersion).where(SiteProfileVersion.profile_id == profile_id)
                                    .order_by(SiteProfileVersion.version.desc())))
    names = display_names(session, [v.saved_by for v in versions])
    return [ProfileVersionRow(v.version, v.sha256, names.get(v.saved_by, v.saved_by), v.saved_at, v.note,
                              v.version == row.version and not row.retired) for v in versions]


def profile_text(session: Session, profile_id: str, version: int | None = None) -> str:
    """The TOML text of ``profile_id`` as saved (its current version by default)."""
    row = session.get(SiteProfile, profile_id)
    number = version if version is not None else (row.version if row is not None else 0)
    text = session.scalars(select(SiteProfileVersion.toml).where(
        SiteProfileVersion.profile_id == profile_id, SiteProfileVersion.version == number)).first()
    if text is None:
        raise NotFound(t("No site profile {id}.", id=profile_id))
    return text



@dataclasses.dataclass(frozen=True)
class ProfileSource:
    """A profile's text and where it is kept: a site profile's version, or a file's path."""

    id: str
    text: str
    version: int | None  # the site profile's version; None for a file
    path: str  # the file's path; "" for a site profile


def profile_source(session: Session, profile_id: str, version: int | None = None) -> ProfileSource:
    """The text of profile ``profile_id`` as it is read: the site profile's current version (or
    ``version`` of it), else the file (the site's folder or shipped) with that id. NotFound when
    there is none."""
    row = session.get(SiteProfile, profile_id)
    if version is not None or (row is not None and not row.retired):
        number = version if version is not None else (row.version if row is not None else 0)
        return ProfileSource(profile_id, profile_text(session, profile_id, number), number, "")
    for profile in file_profiles():
        if profile.id == profile_id:
            path = Path(profile.path)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise NotFound(t("No profile {id}.", id=profile_id) + f" ({exc})") from None
            return ProfileSource(profile_id, text, None, str(path))
    raise NotFound(t("No profile {id}.", id=profile_id))
