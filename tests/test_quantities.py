"""Values as duty staff write them, and a device's readings grouped and folded (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from opsdesk import i18n
from opsdesk.ops.device_readings import group_readings
from opsdesk.quantities import format_duration, format_limits, format_quantity, reading_label


@pytest.fixture(autouse=True)
def chinese():
    before = i18n.language()
    i18n.set_language("zh")
    yield
    i18n.set_language(before)


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (24.53, "℃", "24.5 ℃"),
    (45.0, "%RH", "45 %RH"),
    (230.04, "V", "230 V"),
    (0.003, "V", "3 mV"),
    (85.0, "%", "85 %"),
    (1.6, "A", "1.6 A"),
    (0.25, "A", "0.25 A"),
    (35.44, "A", "35.4 A"),
    (50.04, "Hz", "50 Hz"),
    (310.4, "W", "310 W"),
    (250_000, "W", "250 kW"),
    (6947995.78, "s", "80 天 10 时"),
    (24, "min", "24 分"),
    (0, "min", "0 秒"),
    (200_000_000_000, "B", "200 GB"),
    (3_500_000_000_000, "B", "3.5 TB"),
    (11451092.89, "B/s", "91.6 Mbit/s"),
    (10_000, "Mbit/s", "10 Gbit/s"),
    (-0.001, "℃", "0 ℃"),
])
def test_values_with_their_units(value, unit, shown):
    assert format_quantity(value, unit) == shown


def test_english_and_no_value():
    assert format_quantity(6947995.78, "s", "en") == "80 d 10 h"
    assert format_quantity(None, "V") == ""
    assert format_duration(3 * 3600 + 25 * 60) == "3 时 25 分"
    assert format_limits(18, 28, "℃") == "18–28 ℃" and format_limits(None, 80, "%") == "≤ 80 %"


@pytest.mark.parametrize(("name", "label", "shown"), [
    ("输出电流", "输出 L1", "输出电流 L1"),
    ("Output current", "Output L1", "Output current L1"),
    ("回风湿度", "回风湿度", "回风湿度"),
    ("湿度", "回风湿度", "回风湿度"),
    ("温度", "CPU1 Temp", "温度 CPU1 Temp"),
    ("电池电压", "", "电池电压"),
    ("温度设定值", "回风温度 设定值", "回风温度 设定值"),
])
def test_a_reading_is_named_by_its_metric_and_its_row(name, label, shown):
    assert reading_label(name, label) == shown


@dataclass
class Row:
    series_id: int
    metric: str
    idx: str
    label: str
    cls: str
    value: float | None
    unit_symbol: str
    text: str | None = None
    severity: str | None = None
    invalid_reason: str | None = None


def test_readings_grouped_by_class_and_many_rows_folded():
    rows = [Row(1, "ups.output.current", "1", "输出电流 L1", "current", 35.0, "A"),
            Row(2, "ups.output.voltage", "1", "输出电压 L1", "voltage", 230.0, "V"),
            Row(3, "ups.output.source", "", "输出来源", "state", 3, "", "正常", "ok")]
    rows += [Row(10 + i, "host.cpu.load", str(196608 + i), f"CPU 负载 {i}", "load", 10.0 * i, "%") for i in range(12)]
    rows += [Row(40 + i, "if.oper_status", str(i), f"接口运行状态 Gi1/0/{i}", "state", 2 if i == 3 else 1, "",
                 "断开" if i == 3 else "运行", "warning" if i == 3 else "ok") for i in range(1, 9)]
    groups = group_readings(rows, "zh")
    assert [g.label for g in groups] == ["电压", "电流", "负载", "状态"]
    states = groups[3]
    assert states.value_text == "9 项，1 项异常"
    assert states.severity == "warning"
    folded = next(line for line in states.children if line.children)
    assert folded.label == "接口运行状态（8 项）" and folded.value_text == "1 项异常" and folded.severity == "warning"
    assert [line.label for line in folded.children][:3] == ["接口运行状态 Gi1/0/1", "接口运行状态 Gi1/0/2",
                                                             "接口运行状态 Gi1/0/3"]
    cpu = groups[2].children[0]
    assert cpu.label == "CPU 负载（12 项）" and cpu.value_text == "平均 55 %" and len(cpu.children) == 12
    assert groups[1].children[0].value_text == "35 A"  # three rows or fewer stay unfolded
