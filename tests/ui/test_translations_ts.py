"""The committed translation: complete, current with the sources, and loadable."""

from __future__ import annotations

import runpy
import xml.etree.ElementTree as ET

from PySide6.QtCore import QTranslator

from opsdesk import paths

TRANSLATIONS = paths.RESOURCES / "translations"
TS = TRANSLATIONS / "opsdesk_zh_CN.ts"
QM = TRANSLATIONS / "opsdesk_zh_CN.qm"


def test_ts_has_no_unfinished_message():
    root = ET.parse(TS).getroot()  # noqa: S314 - our own committed translation file, not untrusted input
    messages = list(root.iter("message"))
    assert len(messages) > 150
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, message.findtext("source")
        assert (translation.text or "").strip(), message.findtext("source")


def test_ts_is_current_with_the_sources():
    """Fails when a tr() text was added without running update_translations.py."""
    script = runpy.run_path(str(TRANSLATIONS / "update_translations.py"))
    assert script["main"](["--check"]) == 0


def test_qm_loads_and_translates():
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("Panels", "Equipment register") == "设备台账"
    assert translator.translate("RegisterPanel", "{lines} lines / {units} units") == "共 {lines} 行 / {units} 台"
