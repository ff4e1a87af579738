"""``opsdesk profiles list|check`` and ``opsdesk profile draft|test``: the device profiles, a
site's own checked against its MIB modules, and a device type drafted from the vendor's MIB and a
walk (issue 17)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from opsdesk import i18n, paths
from opsdesk.cli.common import EXIT_CHECK_FAILED, EXIT_OK, CliError, file_failure, print_table
from opsdesk.cli.session import login, open_store, resolve_db
from opsdesk.clock import format_local
from opsdesk.i18n import t
from opsdesk.models import labels

if TYPE_CHECKING:
    from opsdesk.ops.site_profiles import SiteProfileRow
    from opsdesk.probes.profiles import Profile
    from opsdesk.probes.reading import DeviceReading
    from opsdesk.probes.snmp import SnmpTarget

WALK_MAX_ROWS = 20_000  # a device's enterprise subtree, walked for a draft: bounded in rows …
WALK_SECONDS = 60.0  # … and in time

Walk = list[tuple[str, str, object]]


def cmd_profiles(args: argparse.Namespace) -> int:
    """The device profiles OpsDesk reads devices with, and the check a site's own profile
    must pass: it loads, and it follows the MIB modules it cites."""
    from opsdesk.probes import profiles as prof

    if args.action == "list":
        site = prof.site_dir()
        in_use, saved = _profiles_in_use(args)
        rows = [[t("Profile"), t("Profile name"), t("Kind"), t("MIB modules"), t("Where"), t("Version"),
                 t("Saved by")]]
        for p in sorted(in_use, key=lambda p: (p.kind, p.id)):
            row = saved.get(p.id)
            if row is not None and p.path.startswith("site_profile:"):
                where = t("site (database)") + (" " + t("replaces the shipped one") if row.overrides_shipped else "")
                rows.append([p.id, p.name.get(i18n.language()), p.kind, ", ".join(p.mibs), where, str(row.version),
                             f"{row.saved_by} {format_local(row.saved_at)}"])
                continue
            where = t("site") if Path(p.path).parent == site else t("shipped")
            rows.append([p.id, p.name.get(i18n.language()), p.kind, ", ".join(p.mibs), where, "", ""])
        print_table(rows)
        print(t("A site adds a device type with opsdesk profile save FILE (kept in the database, versioned; "
                "format: data/profiles/README.md)."))
        return EXIT_OK
    from opsdesk.probes.mibcheck import check_profile, index_for

    try:
        chosen = ([prof.load_profile(Path(f)) for f in args.files] if args.files else prof.load_profiles())
    except prof.ProfileError as exc:
        raise CliError(t("The profile does not load: {error}", error=exc)) from None
    idx, missing = index_for(chosen)
    failed = 0
    for p in chosen:
        problems = check_profile(p, idx)
        absent = [m for m in p.mibs if m in missing]
        if absent:
            problems.insert(0, t("MIB modules not found or not compiling: {mods} (put the vendor's module in {dir})",
                                 mods=", ".join(absent), dir=paths.ROOT / "resources" / "mibs"))
        if problems:
            failed += 1
            print(t("{id}: {n} problems", id=p.id, n=len(problems)))
            for line in problems:
                print(f"  {line}")
        else:
            print(t("{id}: follows its MIB modules ({mods})", id=p.id, mods=", ".join(p.mibs)))
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _profiles_in_use(args: argparse.Namespace) -> tuple[list[Profile], dict[str, SiteProfileRow]]:
    """The profiles the poller reads with (shipped, the site's folder, the database's site
    profiles) and the database's rows by id; without a database yet (no demo is made for a
    listing), the files' only."""
    from opsdesk.ops import site_profiles
    from opsdesk.store import sqlite_file

    url, is_demo_default = resolve_db(args)
    path = sqlite_file(url)
    if is_demo_default and path is not None and not path.exists():
        return list(site_profiles.file_profiles()), {}
    store = open_store(args, create_demo=False)
    with store.read() as session:
        return (site_profiles.profiles_in_use(session),
                {r.id: r for r in site_profiles.profile_rows(session)})


def cmd_profile_store(args: argparse.Namespace) -> int:
    """``profile save FILE``: a site profile kept in the database, checked, as its next version
    (supervisor or administrator); ``profile history ID``: its versions; ``profile retire ID``:
    no longer read."""
    from opsdesk.ops import site_profiles

    store = open_store(args)
    user = login(store, args)
    if args.profile_cmd == "save":
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            if isinstance(exc, OSError):
                raise file_failure(exc, Path(args.file), "read") from None
            raise CliError(t("{path} is not UTF-8 text.", path=args.file)) from None
        with store.write() as session:
            saved = site_profiles.save_profile(session, user, text, args.note or "")
        print(t("Device profile {id} saved as version {version} (SHA-256 {hash}); the poller reads it from its "
                "next cycle.", id=saved.id, version=saved.version, hash=saved.sha256[:12]))
        return EXIT_OK
    if args.profile_cmd == "retire":
        with store.write() as session:
            site_profiles.retire_profile(session, user, args.id)
        print(t("Device profile {id} retired; the poller no longer reads it from its next cycle.", id=args.id))
        return EXIT_OK
    with store.read() as session:
        history = site_profiles.profile_history(session, args.id)
    rows = [[t("Version"), t("Saved at"), t("Saved by"), "SHA-256", t("Note"), ""]]
    rows += [[str(v.version), format_local(v.saved_at, seconds=True), v.saved_by, v.sha256[:12], v.note,
              t("in use") if v.current else ""] for v in history]
    print_table(rows)
    return EXIT_OK


def _device_target(args: argparse.Namespace) -> SnmpTarget:
    """The SNMP target of the registered device ``--device`` (logged in, allowed to see the register)."""
    from opsdesk.poller import device_target

    store = open_store(args)
    target = device_target(store, login(store, args), args.device)
    if target is None:
        raise CliError(t("No polled device matches '{name}' (it needs a management IP and SNMP settings).",
                         name=args.device))
    return target


def _walk_device(args: argparse.Namespace) -> Walk:
    """The registered device ``--device`` walked: its system group and its enterprise subtree
    (the sysObjectID's arc), at most WALK_MAX_ROWS rows in WALK_SECONDS."""
    import asyncio

    from opsdesk.probes.draft import SYS_OBJECT_ID, enterprise_arc
    from opsdesk.probes.snmp import ProbeError, SnmpClient

    target = _device_target(args)

    async def go() -> Walk:
        async with SnmpClient(max_rows=WALK_MAX_ROWS) as client:
            system = await client.walk(target, "1.3.6.1.2.1.1", max_rows=100)
            arc = enterprise_arc(str(system.get(SYS_OBJECT_ID, "")))
            rows = dict(system)
            if arc:
                rows.update(await client.walk(target, arc, max_rows=WALK_MAX_ROWS))
            return [(oid, type(value).__name__, value) for oid, value in rows.items()]

    try:
        return asyncio.run(asyncio.wait_for(go(), WALK_SECONDS))
    except TimeoutError:
        raise CliError(t("The walk of {device} took longer than {seconds} s.", device=args.device,
                         seconds=int(WALK_SECONDS))) from None
    except ProbeError as exc:
        raise CliError(t("The walk of {device} failed: {error}", device=args.device, error=exc)) from None


def _read_walk_file(path: str) -> Walk:
    from opsdesk.probes.draft import parse_walk

    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise file_failure(exc, path, "read") from None
    walk = parse_walk(text)
    if not walk:
        raise CliError(t("{path} holds no walk (snmpwalk -On output or an .snmprec file).", path=path))
    return walk


def _print_readings(dev: DeviceReading, profile: Profile) -> None:
    """What ``profile`` read (value with unit, or the state and its severity) and what it did not."""
    from opsdesk.quantities import format_quantity

    rows = [[t("Reading"), t("Value"), t("Severity"), "OID"]]
    read_keys = set()
    for r in dev.readings:
        read_keys.add(r.metric)
        if r.value is None and r.invalid_reason:
            value = t("no value: {reason}", reason=r.invalid_reason)
        elif r.state_meaning or (r.cls == "state" and r.raw is not None):
            value = f"{r.state_meaning or r.text or ''} ({r.raw})"
        else:
            value = format_quantity(r.value, r.unit) if r.value is not None else (r.text or "")
        severity = {"ok": t("ok"), "unknown": t("unknown")}.get(r.severity or "", None)
        rows.append([r.label or r.name, value, severity or labels.severity(r.severity), r.oid or ""])
    print_table(rows)
    unread = [m for m in profile.metrics if m.key not in read_keys]
    print(t("{n} readings from {m} metrics.", n=len(dev.readings), m=len(profile.metrics)))
    if unread:
        print(t("Not read (the device does not answer these objects):"))
        for m in unread:
            print(f"  {m.key}  {m.source.object or ''} {m.source.oid}")


def cmd_profile(args: argparse.Namespace) -> int:
    """``profile draft``: a profile proposed from the vendor's MIB modules and a walk;
    ``profile test``: what a profile reads from a walk or a registered device."""
    from opsdesk.probes import profiles as prof
    from opsdesk.probes.draft import DraftError, draft_profile
    from opsdesk.probes.mibcheck import check_profile, index_for
    from opsdesk.probes.reading import read_values

    lang = i18n.language()
    if args.profile_cmd == "draft":
        walk = _read_walk_file(args.walk) if args.walk else _walk_device(args)
        try:
            draft = draft_profile(args.mib, walk, vendor_hint=args.vendor)
        except DraftError as exc:
            raise CliError(str(exc)) from None
        out = Path(args.out or f"{draft.id}.toml")
        try:
            out.write_text(draft.toml(), encoding="utf-8")
        except OSError as exc:
            raise file_failure(exc, out, "write") from None
        profile = draft.profile()
        idx, _ = index_for([profile])
        problems = check_profile(profile, idx)
        print(t("Drafted {n} metrics from {mods} ({kind}); written to {path} for review.",
                n=len(profile.metrics), mods=", ".join(profile.mibs), kind=profile.kind, path=out))
        for line in problems:
            print(f"  {line}")
        dev = read_values({o: v for o, _, v in walk}, [profile], lang=lang)
        print(t("What the draft reads from the walk now:"))
        _print_readings(dev, profile)
        return EXIT_CHECK_FAILED if problems else EXIT_OK
    try:
        profile = prof.load_profile(Path(args.file))
    except prof.ProfileError as exc:
        raise CliError(t("The profile does not load: {error}", error=exc)) from None
    if args.device:  # the device itself, over SNMP, as the poller reads it
        import asyncio

        from opsdesk.probes.reading import read_device
        from opsdesk.probes.snmp import SnmpClient

        target = _device_target(args)

        async def go() -> DeviceReading:
            async with SnmpClient() as client:
                matched = await read_device(client, target, [profile], lang=lang)
                if matched.status != "ok" or profile.id in matched.profiles:
                    return matched
                return await read_device(client, target, [], force=[profile], lang=lang)

        dev = asyncio.run(go())
        if dev.status != "ok":
            raise CliError(t("The device did not answer: {error}", error=f"{dev.error_category}: {dev.error_message}"))
    else:
        walk = _read_walk_file(args.walk)
        dev = read_values({o: v for o, _, v in walk}, [profile], lang=lang)
        if profile.id not in dev.profiles:
            import dataclasses

            forced = dataclasses.replace(profile, match=dataclasses.replace(profile.match, always=True, requires=()))
            dev = read_values({o: v for o, _, v in walk}, [forced], lang=lang)
            dev.profiles = []
    if profile.id not in dev.profiles:
        print(t("{id} does not match this device (sysObjectID {oid}); read anyway:", id=profile.id,
                oid=dev.sys_object_id or "?"))
    _print_readings(dev, profile)
    return EXIT_OK if dev.readings else EXIT_CHECK_FAILED
