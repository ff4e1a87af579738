"""The register CSV under bad input (issue 14): a strict reader that refuses an unclosed quote or an
oversized cell at its line and imports nothing; exports a spreadsheet cannot run as formulas, and
that import back unchanged; no control characters (NUL, ESC, …) in names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from opsdesk.cli import EXIT_OK, main
from opsdesk.models import AuditEntry, RegisterLine, Unit
from opsdesk.models.users import Role
from opsdesk.ops import devices, users
from opsdesk.ops.errors import ValidationError
from opsdesk.ops.register_csv import ImportRefused, export_rows, import_csv, parse_rows, to_csv_bytes

HEADER = ["资产编号", "站点", "机构", "类别", "名称", "品牌", "型号", "购置年月", "保修年限", "序列号", "机房", "机柜",
          "U位", "管理IP", "SNMP版本", "SNMP团体名", "PDU A路", "PDU B路", "备注"]


def _row(n: int, note: str = "") -> str:
    return (f"SAFE-SRV-{n:04d},永和路数据中心,,服务器,影像服务器{n},浪潮,NF5280M6,2024.3,5,SN{n:04d},主机房,C09,{n},"
            f"10.9.0.{n},2c,,C09-PDU-A,C09-PDU-B,{note}\n")


def ten_rows(note_on_line_7: str = "第七行的备注") -> str:
    """Header on line 1, ten units on lines 2–11; the unit on line 7 carries the given note as typed."""
    return ",".join(HEADER) + "\n" + "".join(_row(n, note_on_line_7 if n + 1 == 7 else f"备注{n}")
                                             for n in range(1, 11))


def _units(store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Unit))


def _imports(store) -> int:
    with store.read() as session:
        return len(session.scalars(select(AuditEntry).where(AuditEntry.action == "register.import")).all())


def _import_file(store, actor, path):
    with store.write() as session:
        return import_csv(session, actor, path.read_bytes(), str(path))


# -- strict import --------------------------------------------------------------------------

def test_an_unclosed_quote_in_the_middle_is_refused_at_its_line_and_nothing_is_imported(demo_store, demo_users,
                                                                                        tmp_path):
    admin = demo_users["admin"]
    units0 = _units(demo_store)
    path = tmp_path / "unclosed.csv"
    path.write_text(ten_rows('"机柜门锁坏了，已报修'), encoding="utf-8")  # the quote on line 7 never closes
    with pytest.raises(ImportRefused) as info:
        _import_file(demo_store, admin, path)
    message = str(info.value)
    assert "未导入任何数据" in message
    assert "第 7 行，“备注”列：引号未闭合" in message
    assert "文件末尾（第 11 行）" in message
    assert _units(demo_store) == units0 and _imports(demo_store) == 0
    # The same file with the quote closed imports all ten units.
    path.write_text(ten_rows('"机柜门锁坏了，已报修"'), encoding="utf-8")
    result = _import_file(demo_store, admin, path)
    assert (result.rows, result.added) == (10, 10)
    with demo_store.read() as session:
        assert session.scalars(select(Unit).where(Unit.asset_tag == "SAFE-SRV-0006")).one().note == (
            "机柜门锁坏了，已报修")
        assert session.scalars(select(Unit).where(Unit.asset_tag == "SAFE-SRV-0010")).one().note == "备注10"


def test_an_unclosed_quote_closed_by_a_later_quote_is_refused_where_it_opened(demo_store, demo_users, tmp_path):
    """A later quoted cell ends the runaway cell with text right after it: named at line 7, not merged."""
    text = ten_rows('"忘了关引号').replace("备注9\n", '"含,逗号的备注"\n')  # line 10 has a quoted cell
    path = tmp_path / "closed_later.csv"
    path.write_text(text, encoding="utf-8")
    units0 = _units(demo_store)
    with pytest.raises(ImportRefused) as info:
        _import_file(demo_store, demo_users["admin"], path)
    message = str(info.value)
    assert "第 7 行，“备注”列" in message and "在第 10 行结束" in message and "引号是否成对" in message
    assert _units(demo_store) == units0 and _imports(demo_store) == 0


def test_rows_swallowed_by_a_quote_that_a_stray_quote_closes_are_refused(demo_store, demo_users, tmp_path):
    """Strictness alone lets this one through: the stray quote at the end of line 9 closes the cell
    opened on line 7 cleanly, and lines 8 and 9 would become part of one 备注."""
    text = ten_rows('"忘了关引号').replace("备注8\n", '备注8"\n')
    rows, errors = parse_rows(text)
    assert len(rows) < 10  # what the reader sees: rows are swallowed…
    path = tmp_path / "swallowed.csv"
    path.write_text(text, encoding="utf-8")
    units0 = _units(demo_store)
    with pytest.raises(ImportRefused) as info:  # … and the import says so instead of importing 8 rows
        _import_file(demo_store, demo_users["admin"], path)
    message = str(info.value)
    assert ("第 7 行，“备注”列" in message and "第 9 行" in message and "第 8 行起" in message
            and "漏了结尾的引号" in message)
    assert _units(demo_store) == units0 and _imports(demo_store) == 0


def test_an_oversized_cell_is_refused_with_its_line_and_the_limit(demo_store, demo_users, tmp_path):
    limit = csv.field_size_limit()
    path = tmp_path / "huge.csv"
    path.write_text(ten_rows("x" * (limit + 10)), encoding="utf-8")
    units0 = _units(demo_store)
    with pytest.raises(ImportRefused) as info:
        _import_file(demo_store, demo_users["admin"], path)
    message = str(info.value)
    assert f"第 7 行，“备注”列：此单元格超过 {limit} 个字符" in message
    assert _units(demo_store) == units0 and _imports(demo_store) == 0


def test_a_bare_carriage_return_in_an_unquoted_cell_is_named(demo_store, demo_users):
    with pytest.raises(ImportRefused, match=r"第 7 行，“备注”列：未加引号的单元格内有换行符（CR）"):
        with demo_store.write() as session:
            import_csv(session, demo_users["admin"], ten_rows("第一段\r第二段").encode(), "cr.csv")


@pytest.fixture
def cli(demo_db_path, monkeypatch, capsys):
    def _run(*args: str):
        monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
        monkeypatch.setenv("OPSDESK_USER", "admin")
        monkeypatch.setenv("OPSDESK_PASSWORD", "admin-2026")
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


def test_the_cli_import_names_the_line_and_exits_non_zero(cli, demo_store, tmp_path):
    units0 = _units(demo_store)
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(ten_rows('"未闭合'), encoding="utf-8-sig")
    code, out, err = cli("import", "devices", str(unclosed))
    assert code == 1 and out == ""
    assert "未导入任何数据" in err and "第 7 行，“备注”列：引号未闭合" in err and "Traceback" not in err
    huge = tmp_path / "huge.csv"
    huge.write_text(ten_rows("y" * (csv.field_size_limit() + 1)), encoding="utf-8")
    code, out, err = cli("import", "devices", str(huge))
    assert code == 1 and f"第 7 行，“备注”列：此单元格超过 {csv.field_size_limit()} 个字符" in err
    assert "Error" not in err and "Traceback" not in err
    assert _units(demo_store) == units0 and _imports(demo_store) == 0
    unclosed.write_text(ten_rows('"闭合了"'), encoding="utf-8")
    code, out, _ = cli("import", "devices", str(unclosed))
    assert code == EXIT_OK and "新增 10" in out


# -- exports safe to open in a spreadsheet ----------------------------------------------------

DANGEROUS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3", "'=SUM(A1)"]
HARMLESS = ["-5", "+3.2", "-12", "'单引号开头", "普通文字"]


def test_exported_cells_cannot_start_a_formula_and_import_back_unchanged(demo_store, demo_users, tmp_path):
    admin = demo_users["admin"]
    values = DANGEROUS + HARMLESS
    tags: dict[str, str] = {}
    with demo_store.write() as session:  # each value once as a line's name and once as its unit's note
        for value in values:
            line = devices.save_line(session, admin, {"site": "容灾备份", "category": "服务器", "name": value},
                                     quantity=1)
            unit = line.units[0]
            devices.save_unit(session, admin, unit.id, {"note": value, "x": -12.5})
            tags[value] = unit.asset_tag

    with demo_store.read() as session:
        data = to_csv_bytes(export_rows(session, admin, devices.list_lines(session, admin), dt.date(2026, 11, 22)))
    exported = tmp_path / "register.csv"
    exported.write_bytes(data)
    with exported.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = {name: i for i, name in enumerate(rows[0])}
    by_tag = {row[col["资产编号"]]: row for row in rows[1:]}
    for value, tag in tags.items():
        row = by_tag[tag]
        expected = "'" + value if value in DANGEROUS else value
        assert (row[col["名称"]], row[col["备注"]]) == (expected, expected), value
        assert row[col["平面X"]] == "-12.5"
    for row in rows[1:]:  # nothing in the whole export starts a formula
        assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
                    and not re.fullmatch(r"[+-]\d+(\.\d+)?", cell)], row

    with demo_store.write() as session:
        result = import_csv(session, admin, exported.read_bytes(), str(exported))
    assert result.updated == 0 and result.added == 0 and result.unchanged == len(rows) - 1
    with demo_store.read() as session:
        for value, tag in tags.items():
            unit = session.scalars(select(Unit).where(Unit.asset_tag == tag)).one()
            assert (unit.line.name, unit.note, unit.x) == (value, value, -12.5)


def test_a_guarding_apostrophe_is_dropped_on_import_any_other_is_data(demo_store, demo_users):
    text = ("资产编号,站点,类别,名称,备注\n"
            "SAFE-Q-1,永和路数据中心,服务器,'=1+2,'@SUM(A1)\n"
            "SAFE-Q-2,永和路数据中心,服务器,'-5,'单引号\n")
    with demo_store.write() as session:
        import_csv(session, demo_users["admin"], text.encode(), "q.csv")
    with demo_store.read() as session:
        got = {u.asset_tag: (u.line.name, u.note)
               for u in session.scalars(select(Unit).where(Unit.asset_tag.like("SAFE-Q-%")))}
    assert got == {"SAFE-Q-1": ("=1+2", "@SUM(A1)"), "SAFE-Q-2": ("'-5", "'单引号")}


# -- no control characters in names ----------------------------------------------------------

@pytest.mark.parametrize("column, cell, char", [
    ("名称", "影像\x00服务器", "U+0000"),
    ("资产编号", "SAFE-\x1b[31m-1", "U+001B"),
    ("站点", "永和路\x00数据中心", "U+0000"),
    ("机房", "主机房\x07", "U+0007"),
])
def test_a_register_row_with_a_control_character_is_refused(demo_store, demo_users, column, cell, char):
    row = {"资产编号": "SAFE-CC-1", "站点": "永和路数据中心", "类别": "服务器", "名称": "影像服务器", "机房": "主机房",
           "备注": ""}
    row[column] = cell
    buf = io.StringIO()
    csv.writer(buf).writerows([list(row), list(row.values())])
    units0 = _units(demo_store)
    with pytest.raises(ImportRefused) as info:
        with demo_store.write() as session:
            import_csv(session, demo_users["admin"], buf.getvalue().encode(), "cc.csv")
    assert f"第 2 行，“{column}”列：含有控制字符 {char}" in str(info.value)
    assert _units(demo_store) == units0


def test_a_note_refuses_nul_but_keeps_tabs_and_line_breaks(demo_store, demo_users):
    with pytest.raises(ImportRefused, match=re.escape("第 2 行，“备注”列：含有控制字符 U+0000（第 3 个字符）")):
        with demo_store.write() as session:
            import_csv(session, demo_users["admin"],
                       "资产编号,站点,类别,备注\nSAFE-TAB-1,永和路数据中心,服务器,备注\x00里有 NUL\n".encode(),
                       "nul.csv")
    text = "资产编号,站点,类别,备注\r\nSAFE-TAB-1,永和路数据中心,服务器,\"第一行\t缩进\r\n第二行\"\r\n"
    with demo_store.write() as session:
        assert import_csv(session, demo_users["admin"], text.encode(), "tab.csv").added == 1
    with demo_store.read() as session:
        assert session.scalars(select(Unit).where(Unit.asset_tag == "SAFE-TAB-1")).one().note == (
            "第一行\t缩进\r\n第二行")


def test_saving_a_name_with_a_control_character_is_refused(demo_store, demo_users):
    admin = demo_users["admin"]
    with demo_store.read() as session:
        line = session.scalars(select(RegisterLine)).first()
        line_id, unit_id, name = line.id, line.units[0].id, line.name
    with pytest.raises(ValidationError, match=re.escape("名称: 含有控制字符 U+0000（第 3 个字符）")) as info:
        with demo_store.write() as session:
            devices.save_line(session, admin,
                              {"site": "永和路数据中心", "category": "服务器", "name": "影像\x00服务器"},
                              line_id=line_id)
    assert info.value.field == "name"
    with pytest.raises(ValidationError, match="序列号: 含有控制字符 U\\+001B") as info:
        with demo_store.write() as session:
            devices.save_unit(session, admin, unit_id, {"serial": "SN\x1b[2J"})
    assert info.value.field == "serial"
    with pytest.raises(ValidationError, match="名称: 含有控制字符 U\\+0000"):
        devices.parse_field("name", "a\x00b")
    with demo_store.read() as session:
        line = session.get(RegisterLine, line_id)
        assert line.name == name and "\x1b" not in line.units[0].serial


@pytest.mark.parametrize("field, username, display, label", [
    ("username", "zhao\x00lei", "赵磊", "用户名"),
    ("display_name", "zhaolei", "赵\x00磊", "显示名"),
    ("display_name", "zhaolei", "赵磊\x1b[8m", "显示名"),
])
def test_a_user_name_with_a_control_character_is_refused(demo_store, demo_users, field, username, display, label):
    with pytest.raises(ValidationError) as info:
        with demo_store.write() as session:
            users.add_user(session, demo_users["admin"], username, "password-123", Role.DUTY, display)
    assert info.value.field == field
    assert str(info.value).startswith(f"{label}含有控制字符 U+00")
    with demo_store.read() as session:
        assert not session.scalars(select(users.User).where(users.User.username.like("zhao%"))).all()
