"""The CLI switched between Chinese and English says nothing in the other language outside the
data it shows (issue 16, "Done when"): device, site, room and person names, profile names, codes.

The data is collected from the demo database itself (every text value of every table), so a
Chinese unit name in an English listing is data, while a Chinese word the program says is not.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from opsdesk import i18n
from opsdesk.cli import main
from opsdesk.models.settings import SPECS

CJK = re.compile(r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
CODE = re.compile(r"[A-Z0-9-]+")  # R-SHIFT-3, MIB names: codes, not words
# Names and codes Chinese text keeps in Latin letters.
LATIN_OK = {
    "UPS", "PDU", "IP", "SNMP", "CSV", "PDF", "OID", "MIB", "OpsDesk", "opsdesk", "AC", "CPU", "PoE", "AP", "RH",
    "kW", "kWh", "kVA", "VA", "Hz", "mV", "mA", "dBm", "mW", "rpm", "min", "SHA", "TOML", "ID", "id", "UTC",
    "poppler", "utils", "pdftoppm", "Ctrl", "QR", "GB", "MB", "KB", "DR", "OK", "SQLite", "agent",
}

# Found by this test and not fixed yet, each with its reason; the lists are meant to empty.
# None: the whole output is left out of the check.
KNOWN_CHINESE_IN_ENGLISH: dict[str, set[str] | None] = {
    # the holidays' names come from the holidays library asked in zh_CN (models/workcal.py),
    # whatever the language
    "calendar show --year 2026": None,
}
KNOWN_ENGLISH = {
    # profile names and vendors come from the shipped profile files, not the database
    "profiles": None,
}

COMMANDS = [
    ("devices", "--site", "DR"),
    ("user", "list"),
    ("alarms",),
    ("shift", "show"),
    ("inspection", "due"),
    ("settings", "show"),
    ("calendar", "show", "--year", "2026"),
    ("profiles",),
    ("--help",),
]


def _data_words(db_path) -> list[str]:
    """Every text value in the database: what the program shows as data, not says."""
    words: set[str] = set()
    with sqlite3.connect(db_path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - our own table names
                words.update(v for v in row if isinstance(v, str) and 0 < len(v) < 200)
    return sorted(words, key=len, reverse=True)


def _without_data(text: str, data: list[str]) -> str:
    for word in data:
        if len(word) > 1 and word in text:
            text = text.replace(word, " ")
    return text


@pytest.fixture
def outputs(demo_db_path, monkeypatch, capsys):
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "admin")
    monkeypatch.setenv("OPSDESK_PASSWORD", "admin-2026")
    said: dict[tuple[str, tuple[str, ...]], str] = {}
    try:
        for lang in ("en", "zh"):
            for args in COMMANDS:
                try:
                    main([*args, "--lang", lang] if args != ("--help",) else ["--lang", lang, *args])
                except SystemExit:  # --help
                    pass
                out = capsys.readouterr()
                said[lang, args] = out.out + out.err
    finally:
        i18n.set_language("zh")
    return said, _data_words(demo_db_path)


def test_the_cli_in_english_says_no_chinese(outputs):
    said, data = outputs
    found = {}
    for (lang, args), text in said.items():
        if lang == "en":
            known = KNOWN_CHINESE_IN_ENGLISH.get(" ".join(args), set())
            if known is None:
                continue
            left = sorted(set(CJK.findall(_without_data(text, data))) - known)
            if left:
                found[" ".join(args)] = left
    assert not found, found


def test_the_cli_in_chinese_says_no_english(outputs):
    said, data = outputs
    found = {}
    for (lang, args), text in said.items():
        # argparse's help is English (not translated yet); the profiles' names are the files' data
        if lang == "zh" and args != ("--help",) and " ".join(args) not in KNOWN_ENGLISH:
            text = _without_data(text, sorted(SPECS, key=len, reverse=True))  # the settings' keys are codes
            words = WORD.findall(_without_data(text, data))
            left = sorted({w for w in words if w not in LATIN_OK and not CODE.fullmatch(w)})
            if left:
                found[" ".join(args)] = left
    assert not found, found
