"""The equipment register: seed 002 in full, derived warranty, import and export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from opsdesk import paths
from opsdesk.demo.facilities import is_supplement
from opsdesk.i18n import set_language
from opsdesk.models import AuditEntry, RegisterLine, Unit, categories
from opsdesk.models.equipment import WarrantyStatus, parse_month, warranty_end, warranty_status
from opsdesk.ops import devices
from opsdesk.ops.register_csv import ImportRefused, export_rows, import_csv, to_csv_bytes

SEED_CSV = paths.DATA / "demo" / "register.csv"


def seed_rows() -> list[dict[str, str]]:
    with SEED_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    "text, expected",
    [("2018.4", (2018, 4)), ("2018.01", (2018, 1)), ("2018-04", (2018, 4)), ("2018/4", (2018, 4)),
     ("2018年4月", (2018, 4)), (" 2019.10 ", (2019, 10)), ("201804", (2018, 4))],
)
def test_purchase_months_as_written_and_typed(text, expected):
    assert parse_month(text) == dt.date(*expected, 1)


@pytest.mark.parametrize("text", ["2018.13", "18.4", "四月", "2018-04-31x", ""])
def test_bad_months_are_refused(text):
    with pytest.raises(ValueError):
        parse_month(text)


def test_warranty_covers_through_the_end_of_the_month():
    assert warranty_end(dt.date(2019, 10, 1), 3) == dt.date(2022, 10, 31)
    assert warranty_status(dt.date(2019, 10, 1), 3, dt.date(2022, 10, 31)) is WarrantyStatus.SOON
    assert warranty_status(dt.date(2019, 10, 1), 3, dt.date(2022, 11, 1)) is WarrantyStatus.OUT
    assert warranty_status(dt.date(2019, 12, 1), 3, dt.date(2022, 10, 1)) is WarrantyStatus.IN  # 91 days left
    assert warranty_status(None, 3, dt.date(2022, 10, 1)) is WarrantyStatus.UNKNOWN


def test_demo_register_holds_every_seed_line(demo_store, demo_users):
    rows = seed_rows()
    with demo_store.read() as session:
        lines = [line for line in devices.list_lines(session, demo_users["duty"]) if not is_supplement(line)]
        assert len(lines) == len(rows) == 54
        by_site = {}
        for line in lines:
            by_site[line.site.name] = by_site.get(line.site.name, 0) + line.quantity
    assert by_site == {"永和路数据中心": 119, "容灾备份": 6, "区属医疗机构": 47}
    for line, row in zip(lines, rows, strict=True):
        assert (line.site.name, line.category, line.model, line.quantity) == (
            row["site"], categories.code_of(row["category"]), row["model"], int(row["quantity"]))


def test_derived_warranty_equals_the_seed_remark_as_of_2022_10_01(demo_store, demo_users):
    as_of = dt.date(2022, 10, 1)
    with demo_store.read() as session:
        lines = [line for line in devices.list_lines(session, demo_users["duty"]) if not is_supplement(line)]
    derived = ["过保" if line.warranty_status(as_of) is WarrantyStatus.OUT else "保内" for line in lines]
    assert derived == [row["remark"] for row in seed_rows()]
    soon = [line.title for line in lines if line.warranty_status(as_of) is WarrantyStatus.SOON]
    assert soon  # the 2019.10 lines end on 2022-10-31: 即将过保, counted as 保内


def test_filters(demo_store, demo_users):
    duty = demo_users["duty"]
    with demo_store.read() as session:
        site = next(s for s in devices.sites(session) if s.name == "区属医疗机构")
        assert len(devices.list_lines(session, duty, devices.RegisterFilter(site_id=site.id))) == 2
        kvm = devices.list_lines(session, duty, devices.RegisterFilter(category="KVM"))
        assert [line.model for line in kvm] == ["KMD3232", "KMD3232"]
        out = devices.list_lines(session, duty,
                                 devices.RegisterFilter(warranty=WarrantyStatus.IN, as_of=dt.date(2022, 10, 1)))
        assert {line.purchased.year for line in out} >= {2020}
        assert all(line.purchased >= dt.date(2019, 12, 1) for line in out)
        found = devices.list_lines(session, duty, devices.RegisterFilter(text="oceanstor"))
        assert len(found) == 3


def test_single_pdu_server_is_flagged(demo_store):
    with demo_store.read() as session:
        flagged = session.scalars(select(Unit).where(Unit.rack_id.isnot(None))).all()
        singles = [u.asset_tag for u in flagged if u.single_pdu]
    assert singles == ["YHL-SRV-0001"]


# -- import ---------------------------------------------------------------------------------

HEADER = ("资产编号,站点,机构,类别,名称,品牌,型号,购置年月,保修年限,序列号,机房,机柜,U位,管理IP,SNMP版本,"
          "SNMP团体名,PDU A路,PDU B路,备注\n")
GOOD = HEADER + (
    "NEW-SRV-0001,永和路数据中心,,服务器,影像归档服务器,浪潮,NF5280M6,2024.3,5,SN001,主机房,C01,10,10.1.1.21,2c,,C01-PDU-A,C01-PDU-B,\n"
    "NEW-SRV-0002,永和路数据中心,,服务器,影像归档服务器,浪潮,NF5280M6,2024年3月,5,SN002,主机房,C01,12,10.1.1.22,2c,,C01-PDU-A,C01-PDU-B,\n"
    "NEW-NET-0001,容灾备份,,网络设备,接入交换机,华为,S5735,2023-11,3,SN003,灾备机房,DR01,30,10.2.0.2,,,DR01-PDU-A,,单路\n"
)


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_import_adds_units_grouped_into_lines_and_twice_adds_nothing(demo_store, demo_users):
    admin = demo_users["admin"]
    with demo_store.read() as session:
        lines0, units0 = _count(session, RegisterLine), _count(session, Unit)
    with demo_store.write() as session:
        result = import_csv(session, admin, GOOD.encode("utf-8"), "new.csv")
    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    with demo_store.write() as session:
        again = import_csv(session, admin, GOOD.encode("utf-8"), "new.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    with demo_store.read() as session:
        assert _count(session, Unit) == units0 + 3
        assert _count(session, RegisterLine) == lines0 + 2  # two servers share one line
        line = session.scalars(select(RegisterLine).where(RegisterLine.model == "NF5280M6")).one()
        assert line.quantity == 2 and line.purchased == dt.date(2024, 3, 1)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "register.import")).all()
        assert len(entries) == 2 and entries[0].after["rows"] == 3 and len(entries[0].after["sha256"]) == 64


def test_an_edited_row_updates_instead_of_duplicating(demo_store, demo_users):
    admin = demo_users["admin"]
    with demo_store.write() as session:
        import_csv(session, admin, GOOD.encode(), "a.csv")
    edited = GOOD.replace("SN001", "SN001-REPLACED").replace("C01,10,", "C01,14,")
    with demo_store.write() as session:
        result = import_csv(session, admin, edited.encode(), "b.csv")
    assert (result.added, result.updated, result.unchanged) == (0, 1, 2)
    with demo_store.read() as session:
        unit = session.scalars(select(Unit).where(Unit.asset_tag == "NEW-SRV-0001")).one()
        assert (unit.serial, unit.u_position) == ("SN001-REPLACED", 14)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_encodings_chinese_excel_writes(demo_store, demo_users, encoding):
    with demo_store.write() as session:
        result = import_csv(session, demo_users["admin"], GOOD.encode(encoding), "x.csv")
    assert result.added == 3
    with demo_store.read() as session:
        assert session.scalars(select(RegisterLine).where(RegisterLine.name == "影像归档服务器")).one().brand == "浪潮"


def test_bad_rows_are_named_and_nothing_is_imported(demo_store, demo_users):
    bad = GOOD + (
        "NEW-SRV-0009,永和路数据中心,,服务器,x,y,z,2024.13,5,,,,,,,,,,\n"
        "NEW-SRV-0010,永和路数据中心,,冰箱,x,y,z,2024.1,5,,,,,,,,,,\n"
        "NEW-SRV-0011,不存在的站点,,服务器,x,y,z,2024.1,五,,,,,999.1.1.1,,,,,\n"
        "NEW-SRV-0001,永和路数据中心,,服务器,x,y,z,2024.1,5,,,,,,,,,,\n"
    )
    with demo_store.read() as session:
        units0 = _count(session, Unit)
    with pytest.raises(ImportRefused) as info:
        with demo_store.write() as session:
            import_csv(session, demo_users["admin"], bad.encode(), "bad.csv")
    message = str(info.value)
    assert "未导入任何数据" in message
    assert "第 5 行，“购置年月”列：“2024.13”不是年月" in message
    assert "第 6 行，“类别”列：未知类别“冰箱”" in message
    assert "第 7 行，“保修年限”列：“五”不是整数" in message
    assert "第 7 行，“管理IP”列" in message
    assert "第 7 行，“站点”列：没有名为“不存在的站点”的站点" in message
    assert "第 8 行，“资产编号”列：资产编号 NEW-SRV-0001 已在第 2 行出现" in message
    with demo_store.read() as session:
        assert _count(session, Unit) == units0
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "register.import")).all()


def test_bad_file_message_in_english_when_asked(demo_store, demo_users):
    set_language("en")
    with pytest.raises(ImportRefused, match=r"Line 2, column 类别: unknown category 'fridge'"):
        with demo_store.write() as session:
            import_csv(session, demo_users["admin"], (HEADER + "T1,永和路数据中心,,fridge,,,,,,,,,,,,,,,\n").encode(),
                       "e.csv")


def test_missing_required_column_and_garbage_files(demo_store, demo_users):
    with pytest.raises(ImportRefused, match="“资产编号”列：缺少此列"):
        with demo_store.write() as session:
            import_csv(session, demo_users["admin"], "站点,类别\n永和路数据中心,服务器\n".encode(), "m.csv")
    with pytest.raises(ImportRefused, match="既不是 UTF-8 也不是 GBK"):
        with demo_store.write() as session:
            import_csv(session, demo_users["admin"], bytes(range(128, 256)) * 3, "bin.csv")


def test_secrets_are_encrypted_never_exported_and_blank_means_unchanged(demo_store, demo_users, isolated_home):
    admin = demo_users["admin"]
    with_secret = GOOD.replace("10.1.1.21,2c,,", "10.1.1.21,2c,s3cret-community,")
    with demo_store.write() as session:
        import_csv(session, admin, with_secret.encode(), "s.csv")
    raw = demo_store.path.read_bytes()
    assert b"s3cret-community" not in raw
    assert (isolated_home / "secret.key").exists()
    with demo_store.write() as session:  # the same file without the secret: unchanged
        import_csv(session, admin, GOOD.encode(), "s2.csv")
    with demo_store.read() as session:
        unit = session.scalars(select(Unit).where(Unit.asset_tag == "NEW-SRV-0001")).one()
        assert unit.has_secret("community")
        from opsdesk.vault import Vault

        assert Vault().decrypt(unit.snmp_community_enc) == "s3cret-community"
        exported = to_csv_bytes(export_rows(session, admin, devices.list_lines(session, admin), dt.date(2026, 11, 22)))
    with demo_store.write() as session:  # a secret changed in the form: the trail says "changed"
        devices.save_unit(session, admin, unit.id, {"community": "another-s3cret"})
    with demo_store.read() as session:
        trail = " ".join(repr((e.before, e.after)) for e in session.scalars(select(AuditEntry)))
    assert b"s3cret-community" not in exported
    assert "s3cret" not in trail and "(changed)" in trail


def test_a_duty_engineer_may_not_set_secrets_by_import(demo_store, demo_users):
    from opsdesk.models.users import PermissionDenied

    with pytest.raises(PermissionDenied):
        with demo_store.write() as session:
            import_csv(session, demo_users["duty"], GOOD.encode(), "x.csv")


def test_export_round_trips_through_import(demo_store, demo_users):
    admin = demo_users["admin"]
    with demo_store.read() as session:
        site = next(s for s in devices.sites(session) if s.name == "容灾备份")
        lines = devices.list_lines(session, admin, devices.RegisterFilter(site_id=site.id))
        data = to_csv_bytes(export_rows(session, admin, lines, dt.date(2026, 11, 22)))
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it in Chinese
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 6 and rows[0][-1] == "保修状态" and rows[1][-1] == "过保"
    with demo_store.write() as session:
        result = import_csv(session, admin, data, "roundtrip.csv")
    assert (result.added, result.updated, result.unchanged) == (0, 0, 6)


def test_monitored_ports_and_the_pdu_category_from_csv(demo_store, demo_users):
    """监控端口 holds port names (ifName, else ifDescr) separated by ;, tidied; PDU is a category."""
    text = ("资产编号,站点,类别,名称,品牌,型号,管理IP,监控端口\n"
            "NEW-NET-0101,永和路数据中心,网络设备,核心交换机,华为,CE6881,10.1.0.1,\"Gi1/0/49 ; Gi1/0/50；Gi1/0/49\"\n"
            "NEW-PDU-0101,永和路数据中心,PDU,机柜PDU,APC,AP8853,10.1.0.9,\n")
    with demo_store.write() as session:
        result = import_csv(session, demo_users["admin"], text.encode("utf-8"), "ports.csv")
    assert result.added == 2
    with demo_store.read() as session:
        switch = session.scalars(select(Unit).where(Unit.asset_tag == "NEW-NET-0101")).one()
        assert switch.monitored_ports == "Gi1/0/49; Gi1/0/50"
        assert switch.monitored_port_names == {"Gi1/0/49", "Gi1/0/50"}
        pdu = session.scalars(select(Unit).where(Unit.asset_tag == "NEW-PDU-0101")).one()
        assert pdu.line.category == "pdu"


def test_an_imports_audit_entry_says_per_unit_what_changed_and_keeps_no_digest_of_secrets(demo_store, demo_users):
    """Issue 14, finding 10: the entry named only a file's SHA-256 — of a file holding communities."""
    admin = demo_users["admin"]
    with demo_store.write() as session:
        import_csv(session, admin, GOOD.encode(), "a.csv")
    edited = (GOOD.replace("SN001", "SN001-REPLACED").replace("C01,10,", "C01,14,")
              .replace("10.1.1.22,2c,,", "10.1.1.22,2c,s3cret-community,"))
    with demo_store.write() as session:
        import_csv(session, admin, edited.encode(), "b.csv")
    with demo_store.read() as session:
        first, second = session.scalars(select(AuditEntry).where(AuditEntry.action == "register.import")
                                         .order_by(AuditEntry.id)).all()
    assert first.after["added_units"] == ["NEW-SRV-0001", "NEW-SRV-0002", "NEW-NET-0001"]
    assert len(first.after["sha256"]) == 64  # no secret in that file
    changes = second.after["changes"]
    assert changes["NEW-SRV-0001"]["serial"] == ["SN001", "SN001-REPLACED"]
    assert changes["NEW-SRV-0001"]["u_position"] == [10, 14]
    assert changes["NEW-SRV-0002"] == {"community": [None, "(changed)"]}
    assert second.after["sha256"] is None and "s3cret" not in str(second.after)
