"""The demo duty room: seed 002's hardware table as a working register.

Loaded on the first start of the demo (``opsdesk init --demo``). Every line of
``data/demo/register.csv`` becomes a register line with its units; rack-mounted
units get a rack and U position in the main room, ACs and UPS a floor place.
The database is marked as demo, and screens and papers say 演示数据.

Every unit of 永和路数据中心 and 容灾备份 gets SNMP settings as a real device would: address
127.0.0.1, the demo agents' port (``opsdesk.demo.agents``, 16161 unless
``OPSDESK_DEMO_AGENT_PORT`` says otherwise), SNMPv2c, and its community (its asset tag in
lower case) encrypted with the key file. The poller then reads them like any site.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from opsdesk import clock, paths
from opsdesk.clock import DEFAULT_TZ
from opsdesk.demo.devices import DEMO_SITE_CODES, HOST, community_for, demo_agent_port
from opsdesk.models import audit, categories, labels
from opsdesk.models.equipment import Institution, Rack, RegisterLine, Room, Site, Unit, parse_month
from opsdesk.models.meta import is_demo, set_info
from opsdesk.models.settings import Setting
from opsdesk.models.users import Role, User
from opsdesk.ops import devices, users
from opsdesk.store import Store
from opsdesk.vault import FINGERPRINT_INFO, Vault

DEMO_DIR = paths.DATA / "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    password: str


# Shown on the login screen, in demo mode only.
DEMO_USERS = (
    DemoUser("zhangwei", "张伟", Role.DUTY, "duty-2026"),
    DemoUser("lina", "李娜", Role.DUTY, "duty-2026"),
    DemoUser("chenjing", "陈静", Role.DUTY, "duty-2026"),
    DemoUser("liuyang", "刘洋", Role.DUTY, "duty-2026"),
    DemoUser("wangfang", "王芳", Role.SUPERVISOR, "review-2026"),
    DemoUser("admin", "系统管理员", Role.ADMIN, "admin-2026"),
)

SITES = (
    # name, code, hospital printed on papers, rooms
    ("永和路数据中心", "YHL", "上海市静安区卫生信息中心", (("主机房", 18, 12),)),
    ("容灾备份", "DR", "上海市静安区卫生信息中心", (("灾备机房", 10, 8),)),
    ("区属医疗机构", "QS", "静安区区属医疗机构", ()),
)

RACK_USABLE_U = 38  # leave room for patch panels and air


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DEMO_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_demo(store: Store, vault: Vault | None = None) -> None:
    """Fill an empty database with the demo duty room (idempotent: leaves a filled one).
    ``vault`` encrypts the demo units' communities (default: the data directory's key). The
    demo makes its key file when it has none — its communities are public and encrypted
    again — and records the key's fingerprint; every other database's key comes from
    ``opsdesk init`` only."""
    vault = Vault(vault.path if vault is not None else None, create=True)
    store.use_vault(vault)  # the demo's audit entries are authenticated with its key
    with store.read() as session:  # the usual case, every start: no write lock needed
        if session.query(Site.id).first() is not None:
            if _unaddressed_demo(session):
                _upgrade_addresses(store, vault)
            if _without_room_points(session):
                _upgrade_room_points(store, vault)
            return
    with store.write() as session:
        if session.query(Site.id).first() is not None:
            return
        session.info[audit.BACKFILL] = True  # a made-up past, written out of order: no clock.set_back entries
        set_info(session, "demo", "1")
        # The first administrator creates the others, as on a real site.
        first, *others = sorted(DEMO_USERS, key=lambda du: du.role is not Role.ADMIN)
        admin = users.add_user(session, None, first.username, first.password, first.role, first.display_name)
        for du in others:
            users.add_user(session, admin, du.username, du.password, du.role, du.display_name)
        site_rows: dict[str, Site] = {}
        rooms: dict[str, Room] = {}
        for order, (name, code, hospital, room_specs) in enumerate(SITES):
            site = Site(name=name, code=code, hospital=hospital, sort_order=order)
            session.add(site)
            site_rows[name] = site
            for room_name, cols, rows in room_specs:
                room = Room(site=site, name=room_name, grid_cols=cols, grid_rows=rows)
                session.add(room)
                rooms.setdefault(name, room)
        institutions: dict[str, list[Institution]] = {}
        for row in _read_csv("institutions.csv"):
            inst = Institution(site=site_rows[row["site"]], name=row["name"], kind=row["kind"])
            session.add(inst)
            institutions.setdefault(row["site"], []).append(inst)
        session.flush()

        racks: dict[str, list[tuple[Rack, int]]] = {}  # site → [(rack, next free U)]

        def place_in_rack(site_name: str, unit: Unit, height: int) -> None:
            room = rooms[site_name]
            slots = racks.setdefault(site_name, [])
            if not slots or slots[-1][1] + height - 1 > RACK_USABLE_U:
                index = len(slots)
                row_letter = "AB"[index % 2]
                # Two rows facing each other across a cold aisle two tiles wide (row A looks
                # down the plan, row B up); the row's AC stands at its left end (in-row CRV).
                rack = Rack(room=room, name=f"{row_letter}{index // 2 + 1:02d}", x=4.0 + (index // 2) * 1.0,
                            y=3.0 if row_letter == "A" else 7.0, rotation=0 if row_letter == "A" else 180)
                session.add(rack)
                slots.append((rack, 2))
            rack, free_u = slots[-1]
            unit.room, unit.rack, unit.u_position, unit.u_height = room, rack, free_u, height
            unit.pdu_a, unit.pdu_b = f"{rack.name}-PDU-A", f"{rack.name}-PDU-B"
            slots[-1] = (rack, free_u + height)

        # ACs at the row ends, the UPS in the power corner by the right wall (tiles).
        floor_spots = {"永和路数据中心": [(3.0, 3.0), (3.0, 7.0), (16.0, 1.0), (16.0, 3.0), (16.0, 5.0), (16.0, 7.0)],
                       "容灾备份": [(1.0, 1.0)]}
        spread = {name: 0 for name in institutions}
        for row in _read_csv("register.csv"):
            site = site_rows[row["site"]]
            category = categories.categories().lookup(row["category"]) or categories.get(categories.OTHER)
            notes = (f"台账原文：{row['note']}", "每年两次充放电" if "充放电" in row["note"] else "")
            line = RegisterLine(
                site=site, category=category.code, name=row["name"], brand=row["brand"], model=row["model"],
                purchased=parse_month(row["purchased"]), warranty_years=int(row["warranty_years"]),
                note=labels.clauses((p for p in notes if p), "zh"),
            )
            session.add(line)
            session.flush()
            for _ in range(int(row["quantity"])):
                unit = Unit(asset_tag=devices.next_asset_tag(session, site, line.category))
                line.units.append(unit)
                session.flush()
                if row["site"] in institutions:
                    insts = institutions[row["site"]]
                    unit.institution = insts[spread[row["site"]] % len(insts)]
                    spread[row["site"]] += 1
                elif category.rack_mounted and row["site"] in rooms:
                    place_in_rack(row["site"], unit, category.u_height or 1)
                elif row["site"] in rooms:
                    unit.room = rooms[row["site"]]
                    spots = floor_spots.get(row["site"], [])
                    if spots:
                        unit.x, unit.y = spots.pop(0)
        # The main room's two rows run to seven racks each; the ones not used yet stand empty.
        main_room = rooms.get("永和路数据中心")
        if main_room is not None:
            taken = {rack.name for rack, _ in racks.get("永和路数据中心", [])}
            for n in range(7):
                for letter, y, rotation in (("A", 3.0, 0), ("B", 7.0, 180)):
                    if f"{letter}{n + 1:02d}" not in taken:
                        session.add(Rack(room=main_room, name=f"{letter}{n + 1:02d}", x=4.0 + n, y=y,
                                         rotation=rotation))
        # One server fed from a single PDU, so the R-FLOOR-4 flag has something to show.
        session.flush()
        single = (session.query(Unit).join(RegisterLine)
                  .filter(RegisterLine.category.in_([c.code for c in categories.categories().all if c.dual_feed]),
                          Unit.rack_id.isnot(None)).order_by(Unit.id).first())
        if single is not None:
            single.pdu_b = ""
        # Seed 002's table counted, then what a real room has beside it (动环 points, lines of their own).
        seed_counts = {"lines": session.query(RegisterLine).count(), "units": session.query(Unit).count()}
        from opsdesk.demo.facilities import SUPPLEMENT_NOTE, load_room_points

        points = load_room_points(session)
        address_demo_units(session, vault)
        set_info(session, FINGERPRINT_INFO, vault.fingerprint)
        # 125 devices over SNMP cost the poller 10–20 s of CPU a cycle on two cores: poll the
        # demo every minute rather than every 30 s (a setting like any other).
        session.add(Setting(key="poller.interval_seconds", value=60, updated_by=admin.username))
        # The demo's service contract began on the first of last month: earlier inspections are
        # not owed, so last month's sheet (signed below) is the first, this month's is due.
        session.add(Setting(key="inspection.since", value=contract_start().isoformat(), updated_by=admin.username))
        # R-SHIFT-4: four engineers on every working day (5×8), pinned whatever the default.
        session.add(Setting(key="roster.min_workday", value=4, updated_by=admin.username))
        # Last month's inspection sheet of the main room, filled by an engineer and signed by the
        # hospital's reviewer: the inspection calendar shows it done, this month's still due.
        from opsdesk.demo.inspections import load_demo_inspections

        signer = {du.username: (session.query(User).filter_by(username=du.username).one(), du.password)
                  for du in DEMO_USERS if du.username in ("lina", "wangfang")}
        load_demo_inspections(session, *signer["lina"], *signer["wangfang"])
        # The room's past: a month of readings and a year of roll-ups for the ACs' return air,
        # so the environment trends show something before the poller has run for hours.
        from opsdesk.demo.history import load_demo_history

        load_demo_history(session)
        # Its last three weeks on duty: the roster, a 7×24 week, two weeks of signed day shifts.
        from opsdesk.demo.duty import load_demo_duty

        load_demo_duty(session, {du.username: du.password for du in DEMO_USERS})
        audit.record(session, admin.username, "demo.supplement", "database", "", SUPPLEMENT_NOTE, None,
                     {"lines": len({u.line_id for u in points}), "units": len(points)})
        audit.record(session, admin.username, "demo.load", "database", "", "演示数据载入（seed 002 设备清单）",
                     None, seed_counts)


def contract_start(tz: str = DEFAULT_TZ) -> dt.date:
    """The demo's service contract began on the first of last month (``inspection.since``)."""
    return (clock.get_clock().today(tz).replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def address_demo_units(session: Session, vault: Vault | None = None, port: int | None = None) -> int:
    """Give the units of the demo sites (永和路数据中心, 容灾备份) the demo agents' SNMP
    settings: 127.0.0.1, ``port`` (default: opsdesk.demo.devices.demo_agent_port()), v2c and
    their community, encrypted with ``vault``. Returns how many units were addressed."""
    vault = vault or Vault()
    port = port or demo_agent_port()
    units = (session.query(Unit).join(RegisterLine).join(Site)
             .filter(Site.code.in_(DEMO_SITE_CODES)).order_by(Unit.id).all())
    for unit in units:
        _address(unit, vault, port)
    return len(units)


def _address(unit: Unit, vault: Vault, port: int) -> None:
    unit.mgmt_ip = HOST
    unit.snmp_port = port
    unit.snmp_version = "2c"
    unit.snmp_community_enc = vault.encrypt(community_for(unit.asset_tag))


def _unaddressed_demo(session: Session) -> bool:
    """A demo database made before the demo had agents: no unit of the demo sites polled."""
    if not is_demo(session):
        return False
    demo_units = session.query(Unit.id).join(RegisterLine).join(Site).filter(Site.code.in_(DEMO_SITE_CODES))
    return demo_units.first() is not None and demo_units.filter(Unit.snmp_version != "").first() is None


def _upgrade_addresses(store: Store, vault: Vault) -> None:
    with store.write() as session:
        if _unaddressed_demo(session):
            count = address_demo_units(session, vault)
            set_info(session, FINGERPRINT_INFO, vault.fingerprint)  # every demo secret is under this key now
            audit.record(session, "system", "demo.address", "database", "", "演示设备地址（模拟 SNMP 代理）",
                         None, {"units": count})


def _without_room_points(session: Session) -> bool:
    """A demo database made before the demo room had its 动环 points."""
    from opsdesk.demo.facilities import SITE_NAME, SUPPLEMENT_NOTE

    return (is_demo(session) and session.query(Site.id).filter(Site.name == SITE_NAME).first() is not None
            and session.query(RegisterLine.id).filter(RegisterLine.note == SUPPLEMENT_NOTE).first() is None)


def _upgrade_room_points(store: Store, vault: Vault) -> None:
    from opsdesk.demo.facilities import SUPPLEMENT_NOTE, load_room_points

    with store.write() as session:
        if not _without_room_points(session):
            return
        port = session.query(Unit.snmp_port).join(RegisterLine).join(Site).filter(
            Site.code.in_(DEMO_SITE_CODES), Unit.snmp_version != "").limit(1).scalar()
        points = load_room_points(session)
        for unit in points:
            _address(unit, vault, port or demo_agent_port())
        audit.record(session, "system", "demo.supplement", "database", "", SUPPLEMENT_NOTE, None,
                     {"lines": len({u.line_id for u in points}), "units": len(points)})


def demo_database_path() -> Path:
    return paths.data_dir() / "demo.sqlite3"
