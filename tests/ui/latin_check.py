"""Latin words a Chinese user would read on a screen: in every visible widget's text, its
tooltip, window titles, menus, the cells and headers of every table, list and tree, and
in Qt's own dialogs. Allowed: units, protocol and device words, keys, and the data the
devices and the register hold (asset tags, brands, models, addresses, user names)."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
# Units, protocols, device words, key names, formats: what a Chinese duty engineer reads as is.
ALLOWED_WORDS = frozenset("""
    V A mA kV kA W kW kWh kVA VA kVar Hz RH U ms s h min dB dBm Mbps Gbps Kbps bps MB GB TB KB Pa kPa rpm
    UPS PDU KVM SNMP SNMPv IP CPU PDF QR CSV PNG SHA AES DES MD SNMPv1 SNMPv2c SNMPv3 v1 v2c v3 MIB OID
    Ctrl Shift Alt Tab Enter Esc Space Backspace Del PgUp PgDn F1 F2 F3 F5 F11 Home End
    L1 L2 L3 N PE AC DC BMC iBMC iDRAC iLO XCC IPMI BIOS RAID SSD HDD PSU FAN NIC LAN WAN VLAN PoE SFP
    ID SN OK GPS NTP HIS LIS PACS EMR HIT ICU
    OpsDesk Fusion
""".split())


def _columns(model: QAbstractItemModel, parent: QModelIndex | None = None) -> int:
    """A list model's columnCount is private in PySide6: it has one."""
    if isinstance(model, QAbstractListModel):
        return 1
    if parent is None or isinstance(model, QAbstractTableModel):
        parent = QModelIndex()
    return model.columnCount(parent)


def _model_texts(model: QAbstractItemModel, parent: QModelIndex, where: str, limit: int, out: list) -> None:
    rows = min(model.rowCount(parent), limit)
    for row in range(rows):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str) and value:
                    out.append((f"{where} [{row},{column}]", value))
        first = model.index(row, 0, parent)
        if not isinstance(model, (QAbstractListModel, QAbstractTableModel)) and model.hasChildren(first):
            _model_texts(model, first, where, limit, out)


def texts_of(top: QWidget, rows: int = 200) -> list[tuple[str, str]]:
    """(where, text) of everything a person can read in ``top`` (visible parts only)."""
    found: list[tuple[str, str]] = [("window title", top.windowTitle())]
    widgets = [top, *top.findChildren(QWidget)]
    for w in widgets:
        if w is not top and not w.isVisibleTo(top):
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if w.toolTip():
            found.append((f"{name} tooltip", w.toolTip()))
        if isinstance(w, QLabel) and w.pixmap().isNull():
            found.append((name, re.sub(r"<[^>]+>", " ", w.text())))
        elif isinstance(w, QAbstractButton):
            found.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            found.append((name, w.title()))
        elif isinstance(w, QComboBox):
            found += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTabBar):
            found += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
            found += [(f"{name} tab tip", w.tabToolTip(i)) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            found.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            found.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QAbstractSpinBox):
            found.append((f"{name} special", getattr(w, "specialValueText", lambda: "")()))
            found.append((f"{name} suffix", getattr(w, "suffix", lambda: "")()))
        if (isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None
                and not isinstance(w, QComboBox)):  # a header's model is its table's: read once
            model = w.model()
            for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
                header = getattr(w, "horizontalHeader" if orientation == Qt.Orientation.Horizontal
                                 else "verticalHeader", lambda: None)()
                if header is not None and not header.isHidden():
                    count = _columns(model) if orientation == Qt.Orientation.Horizontal else model.rowCount()
                    for section in range(min(count, rows)):
                        value = model.headerData(section, orientation)
                        if isinstance(value, str):
                            found.append((f"{name} header", value))
            _model_texts(model, QModelIndex(), name, rows, found)
    if isinstance(top, QMainWindow):
        for menu_action in top.menuBar().actions():
            found.append(("menu", menu_action.text()))
            for action in menu_action.menu().actions():
                if not action.isSeparator() and action.isVisible():
                    found += [("menu item", action.text()), ("menu tip", action.toolTip())]
        found.append(("status bar message", top.statusBar().currentMessage()))
    return [(where, text.replace("&", "")) for where, text in found if text and text.strip()]


def data_words(store) -> frozenset[str]:
    """Words the register, the devices and the users hold: shown as they are (read beside the
    screens, off the GUI thread)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_data_words, store).result()


def _data_words(store) -> frozenset[str]:
    from opsdesk.models.equipment import RegisterLine, Site, Unit
    from opsdesk.models.monitoring import DeviceState, MetricSeries
    from opsdesk.models.users import User

    words: set[str] = set()
    with store.read() as session:
        for row in session.execute(select(RegisterLine.name, RegisterLine.brand, RegisterLine.model,
                                          RegisterLine.category, RegisterLine.note)):
            words.update(LATIN_WORD.findall(" ".join(v or "" for v in row)))
        for row in session.execute(select(Unit.asset_tag, Unit.mgmt_ip, Unit.serial, Unit.note, Unit.pdu_a,
                                          Unit.pdu_b, Unit.monitored_ports)):
            words.update(LATIN_WORD.findall(" ".join(str(v or "") for v in row)))
        for row in session.execute(select(Site.name, Site.code)):
            words.update(LATIN_WORD.findall(" ".join(v or "" for v in row)))
        words.update(session.scalars(select(User.username)))
        for row in session.execute(select(MetricSeries.label, MetricSeries.last_text)):
            words.update(LATIN_WORD.findall(" ".join(v or "" for v in row)))
        for row in session.execute(select(DeviceState.sys_descr, DeviceState.sys_object_id)):
            words.update(LATIN_WORD.findall(" ".join(v or "" for v in row)))
    return frozenset(words)


def latin_words(top: QWidget, allowed: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(where, word, text) for each Latin word outside the allow-lists."""
    bad = []
    for where, text in texts_of(top):
        for word in LATIN_WORD.findall(text):
            if word in ALLOWED_WORDS or word in allowed or word.rstrip("-") in allowed:
                continue
            if re.fullmatch(r"[A-Z]{1,4}\d*|[A-Z]?\d+[A-Za-z]{0,3}|0x[0-9a-fA-F]+", word):
                continue  # short codes and numbers with a unit: L1, 1U, 42U, F11, 2c, B
            bad.append((where, word, text))
    return bad
