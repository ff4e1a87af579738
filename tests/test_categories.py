"""Categories as data (issue 16, item 3): data/categories.toml and its one loader, the register
storing codes (migration 0016), the CSV taking a name in either language or a code, no Chinese
category name as a key or a compared literal in code, the overlay following the room's own band,
and one display_name / place for a unit."""

from __future__ import annotations

import ast
import sqlite3
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from opsdesk import paths
from opsdesk.models import categories
from opsdesk.models.categories import CategoryFileError
from opsdesk.models.equipment import RegisterLine, Room, Unit, display_name, place
from opsdesk.ops import floor, settings_ops
from opsdesk.ops.register_csv import export_rows, import_csv
from opsdesk.store import Store
from tests.migrations import downgrade

ROOT = Path(paths.ROOT)


# -- the file and its loader ------------------------------------------------------------------

def test_the_shipped_file_loads_and_says_what_the_code_used_to():
    cats = categories.categories()
    assert cats.codes == ("cooling", "ups", "server", "network", "storage", "kvm", "security", "sensor", "pdu",
                          "other")
    assert categories.get("cooling").floor_size == (1.0, 2.0) and categories.get("sensor").floor_size == (0.5, 0.5)
    assert categories.get("server").rack_mounted and categories.get("server").footprint is None
    assert categories.get("server").floor_size == categories.DEFAULT_FOOTPRINT
    assert categories.get("cooling").reading_kinds == {"cooling", "environment"}
    assert categories.get("server").reading_kinds == frozenset()
    assert {c.code for c in cats.all if c.fast} == {"cooling", "ups", "sensor"}
    assert categories.get("ups").inspection_class == "ups" and categories.get("sensor").inspection_class is None
    assert categories.class_name("storage", "zh") == "存储设备"
    assert categories.class_name("room", "en") == "Machine room"
    assert categories.get("cooling").tag_code == "AC"
    assert categories.name("ups", "zh") == "UPS电源" and categories.name("ups", "en") == "UPS"
    assert categories.get("sensor").short("zh") == "温湿度" and categories.get("sensor").short("en") == "T/H"


@pytest.mark.parametrize("text, code", [("精密空调", "cooling"), ("Precision air conditioner", "cooling"),
                                        ("cooling", "cooling"), (" 空调 ", "cooling"), ("UPS电源扩容", "ups"),
                                        ("ups", "ups"), ("存储设备", "storage"), ("server", "server"),
                                        ("SERVER", "server"), ("冰箱", None)])
def test_a_name_in_either_language_an_alias_or_the_code_gives_the_code(text, code):
    assert categories.code_of(text) == code


def test_a_text_no_category_names_reads_as_other_and_shows_as_is():
    assert categories.get("机房冰箱").code == "other"
    assert categories.name("机房冰箱") == "机房冰箱"
    assert not categories.known("机房冰箱")


def _shipped() -> dict:
    with open(categories.CATEGORIES_FILE, "rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["category"][0].update(colour="red"), "category 'cooling': unknown key(s) colour"),
    (lambda d: d["category"][1].update(code="cooling"), "category 'cooling': duplicate code"),
    (lambda d: d["category"][1].update(name_zh="精密空调"), "'精密空调' already names 'cooling'"),
    (lambda d: d["category"][0].update(roles_expected=["room.colour"]), "unknown role(s) room.colour"),
    (lambda d: d["category"][0].pop("name_en"), "missing name_en"),
    (lambda d: d["category"][0].update(code="精密"), "code must be lower-case ASCII"),
    (lambda d: d["category"][2].update(footprint=[1, 1]), "a rack-mounted category has no footprint"),
    (lambda d: d["category"][0].update(footprint=[0, 1]), "footprint must be [width, depth]"),
    (lambda d: d["category"][0].update(inspection_class="attic"), "inspection_class 'attic' has no"),
    (lambda d: d["category"][0].update(tag_code="UPS"), "category 'ups': tag_code 'UPS' already used by 'cooling'"),
    (lambda d: d.update(colours={}), "top level: unknown key(s) colours"),
    (lambda d: d.update(category=[c for c in d["category"] if c["code"] != "other"]), "'other' is required"),
])
def test_a_wrong_file_is_refused_naming_the_file_and_the_entry(change, message):
    data = _shipped()
    change(data)
    with pytest.raises(CategoryFileError, match="categories.toml") as err:
        categories.parse(data)
    assert message in str(err.value)


def test_a_file_that_is_no_toml_is_refused(tmp_path):
    bad = tmp_path / "categories.toml"
    bad.write_text("[[category]\ncode = ", encoding="utf-8")
    with pytest.raises(CategoryFileError, match="categories.toml"):
        categories.load(bad)


# -- no Chinese category name is a key or a compared literal in code ----------------------------

def _chinese_names() -> set[str]:
    names = set()
    for cat in categories.categories().all:
        names.update(w for w in (cat.name_zh, *cat.aliases) if any("\u4e00" <= ch <= "\u9fff" for ch in w))
    return names


def _literal_uses(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    """String constants equal to a category name where they act as a key or a compared value: a
    dict key, a comparison's operand (also inside a tuple, list or set compared against), a set
    or frozenset member, a subscript, a case pattern, or a module constant holding just the name."""
    found: list[tuple[int, str]] = []

    def flag(node: ast.AST | None) -> None:
        if node is None:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() in names:
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            for elt in node.elts:
                flag(elt)

    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key in node.keys:
                flag(key)
        elif isinstance(node, ast.Compare):
            flag(node.left)
            for comparator in node.comparators:
                flag(comparator)
        elif isinstance(node, ast.Set):
            flag(node)
        elif isinstance(node, ast.Subscript):
            flag(node.slice)
        elif isinstance(node, ast.MatchValue):
            flag(node.value)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Constant):
            flag(node.value)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("frozenset", "set"):
            for arg in node.args:
                flag(arg)
    return found


def test_no_chinese_category_name_is_a_key_or_a_compared_literal_in_code():
    names = _chinese_names()
    assert {"精密空调", "UPS电源", "服务器", "网络设备", "存储", "安全设备", "环境传感器", "其他"} <= names
    offenders = []
    for path in sorted((ROOT / "opsdesk").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("opsdesk/migrations/", "opsdesk/reports/frozen/")):
            continue
        for lineno, value in sorted(set(_literal_uses(ast.parse(path.read_text(encoding="utf-8")), names))):
            offenders.append(f"{rel}:{lineno}: {value!r}")
    assert offenders == [], "Chinese category names used as keys in code (read them from data/categories.toml):\n" \
        + "\n".join(offenders)


def test_the_check_finds_what_it_looks_for():
    names = {"服务器", "精密空调"}
    source = ('FOOT = {"精密空调": 1}\nif c == "服务器":\n    pass\nX = "服务器"\nF = frozenset({"精密空调"})\n'
              'ok = "各服务器双路供电"\nlabel = ("其他", "Other")\n')
    assert sorted({n for n, _ in _literal_uses(ast.parse(source), names)}) == [1, 2, 4, 5]


# -- migration 0016 ----------------------------------------------------------------------------



def test_migration_0016_stores_codes_and_keeps_a_text_no_category_names(demo_db_path):
    downgrade(demo_db_path, "0015")
    with sqlite3.connect(demo_db_path) as db:
        before = dict(db.execute("SELECT category, COUNT(*) FROM register_line GROUP BY category").fetchall())
        assert "精密空调" in before and "cooling" not in before  # the downgrade wrote the names back
        ids = db.execute("SELECT id FROM register_line ORDER BY id LIMIT 3").fetchall()
        db.execute("UPDATE register_line SET category = '机房冰箱' WHERE id = ?", ids[0])
        db.execute("UPDATE register_line SET category = '存储设备' WHERE id = ?", ids[1])
        db.execute("UPDATE register_line SET category = ' 空调' WHERE id = ?", ids[2])
    store = Store(str(demo_db_path))  # upgrades to the head
    try:
        with store.read() as s:
            cats = {line.id: line.category for line in s.scalars(select(RegisterLine))}
            assert cats[ids[0][0]] == "机房冰箱"  # kept as it was, shown as is
            assert cats[ids[1][0]] == "storage" and cats[ids[2][0]] == "cooling"
            assert set(cats.values()) - {"机房冰箱"} <= set(categories.codes())
            odd = s.get(RegisterLine, ids[0][0])
            unit = odd.units[0]
            assert unit.display_name == f"{unit.asset_tag} {odd.name or '机房冰箱'}"
    finally:
        store.close()


# -- the CSV: a name in either language or the code in; the Chinese name out ------------------

HEADER = "资产编号,站点,类别,名称,品牌,型号\n"


def test_the_csv_takes_a_name_in_either_language_or_the_code_and_writes_the_chinese_name(demo_store, demo_users):
    admin = demo_users["admin"]
    rows = ("C-1,永和路数据中心,服务器,甲,浪潮,A1\nC-2,永和路数据中心,Network device,乙,华为,B1\n"
            "C-3,永和路数据中心,storage,丙,华为,C1\n")
    with demo_store.write() as s:
        import_csv(s, admin, (HEADER + rows).encode("utf-8"), "c.csv")
    with demo_store.read() as s:
        units = {u.asset_tag: u for u in s.scalars(select(Unit).where(Unit.asset_tag.in_(["C-1", "C-2", "C-3"])))}
        assert {tag: u.line.category for tag, u in units.items()} == {"C-1": "server", "C-2": "network",
                                                                       "C-3": "storage"}
        lines = [units[tag].line for tag in ("C-1", "C-2", "C-3")]
        out = export_rows(s, admin, lines, units["C-1"].line.purchased or __import__("datetime").date(2026, 1, 1))
    column = out[0].index("类别")
    assert [row[column] for row in out[1:]] == ["服务器", "网络设备", "存储"]


# -- the overlay follows the room's own band ----------------------------------------------------

def test_two_rooms_with_different_limits_colour_the_same_reading_differently(demo_store, demo_users):
    with demo_store.read() as s:
        rooms = list(s.scalars(select(Room).order_by(Room.id)))
    assert len(rooms) >= 2
    with demo_store.write() as s:
        settings_ops.set_room_limits(s, demo_users["admin"], rooms[0].id, {"temperature": (18.0, 28.0)})
        settings_ops.set_room_limits(s, demo_users["admin"], rooms[1].id, {"temperature": (15.0, 22.0)})
    with demo_store.read() as s:
        warm, cool = (floor.room_layout(s, r.id).room for r in rooms[:2])
    assert (warm.temp_low, warm.temp_high, cool.temp_low, cool.temp_high) == (18.0, 28.0, 15.0, 22.0)
    reading = 24.0
    inside = floor.temperature_colour(reading, warm.temp_low, warm.temp_high)
    beyond = floor.temperature_colour(reading, cool.temp_low, cool.temp_high)
    assert inside != beyond
    assert inside[1] > inside[0]  # green-ish: inside 18–28
    assert beyond[0] > beyond[1]  # red: 2 ℃ over 22
    # at the band's default the colours are the ones the overlay always had
    assert floor.temperature_colour(23.0) == (90, 185, 100) and floor.temperature_colour(31.0) == (215, 50, 40)
    assert floor.temperature_scale(15.0, 22.0) == (13.0, 25.0)


@pytest.mark.parametrize("low, high, band", [(None, None, (18.0, 28.0)), (20.0, None, (20.0, 30.0)),
                                             (None, 25.0, (15.0, 25.0)), (19.0, 27.0, (19.0, 27.0))])
def test_a_band_with_a_side_missing_still_gives_a_scale(low, high, band):
    assert floor.temperature_band(low, high) == band


# -- one display_name, one place ------------------------------------------------------------------

def test_display_name_is_the_asset_tag_and_the_name_else_the_category_in_the_readers_language():
    assert display_name("YHL-UPS-0001", "", "ups", "zh") == "YHL-UPS-0001 UPS电源"
    assert display_name("YHL-UPS-0001", "", "ups", "en") == "YHL-UPS-0001 UPS"
    assert display_name("YHL-SRV-0003", "影像服务器", "server") == "YHL-SRV-0003 影像服务器"
    assert display_name("", "", "cooling", "zh") == "精密空调"
    assert display_name("T-1", "", "机房冰箱") == "T-1 机房冰箱"
    assert display_name("T-1", "", "") == "T-1"


def test_place_is_site_room_and_rack_with_its_u_positions():
    assert place("永和路数据中心", "主机房", "A01", 10, 2) == "永和路数据中心 · 主机房 · A01 U10–11"
    assert place("永和路数据中心", "主机房", "A01", 10, 1) == "永和路数据中心 · 主机房 · A01 U10"
    assert place("", "主机房") == "主机房"
    assert place("区属医疗机构") == "区属医疗机构"


def test_every_reader_names_a_unit_the_same_way(demo_store, demo_users):
    from opsdesk.ops import device_snapshot
    from opsdesk.poller import unit_label

    with demo_store.read() as s:
        unit = s.scalars(select(Unit).join(RegisterLine).where(RegisterLine.category == "ups")
                         .order_by(Unit.asset_tag)).first()
        snap = device_snapshot.load_snapshot(s, demo_users["admin"], unit.id)
        assert unit_label(unit) == unit.display_name == snap.label
        assert snap.place == unit.place
        assert floor.room_layout(s, unit.room_id).units and any(
            u.label.startswith(unit.asset_tag) for u in floor.room_layout(s, unit.room_id).units)
