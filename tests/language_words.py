"""What a language-switch test needs (issue 16, "Done when"): the words of each language, the
Latin names and units Chinese text keeps, and the data the program shows as it is stored.

The data is collected from the database itself (every text value of every table), so a Chinese
unit name in an English listing is data, while a Chinese word the program says is not. Columns
that hold a sentence the program said (not something a person or a device named) are left out
of the data with ``not_data``: a test then sees them as the program's words.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

CJK = re.compile(r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
CODE = re.compile(r"[A-Z0-9-]+")  # R-SHIFT-3, MIB names: codes, not words
# Names and codes Chinese text keeps in Latin letters.
LATIN_OK = frozenset({
    "UPS", "PDU", "IP", "SNMP", "CSV", "PDF", "OID", "MIB", "OpsDesk", "opsdesk", "AC", "CPU", "PoE", "AP", "RH",
    "kW", "kWh", "kVA", "VA", "Hz", "mV", "mA", "dBm", "mW", "rpm", "min", "SHA", "TOML", "ID", "id", "UTC",
    "poppler", "utils", "pdftoppm", "Ctrl", "QR", "GB", "MB", "KB", "DR", "OK", "SQLite", "agent",
})


# A metric series' name and last state text as the poller stored them (label, last_text: its language)
# and in both languages (names, meanings, migration 0018): the program's words, read in the reader's.
SERIES_WORDS = frozenset({("metric_series", "label"), ("metric_series", "last_text"), ("metric_series", "names"),
                          ("metric_series", "meanings")})


def data_words(db_path: str | Path, not_data: Iterable[tuple[str, str]] = ()) -> list[str]:
    """Every text value in the database, longest first: what the program shows as data, not
    says. ``not_data``: (table, column) pairs holding the program's own sentences."""
    skip = set(not_data)
    words: set[str] = set()
    with sqlite3.connect(db_path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            cursor = db.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
            keep = [i for i, d in enumerate(cursor.description) if (table, d[0]) not in skip]
            for row in cursor:
                words.update(v for v in (row[i] for i in keep) if isinstance(v, str) and 0 < len(v) < 200)
    return sorted(words, key=len, reverse=True)


def without_data(text: str, data: list[str]) -> str:
    """``text`` with every data value in it blanked out."""
    for word in data:
        if len(word) > 1 and word in text:
            text = text.replace(word, " ")
    return text


def chinese_in(text: str, data: list[str]) -> set[str]:
    """The Chinese runs in ``text`` outside the data."""
    return set(CJK.findall(without_data(text, data)))


def english_in(text: str, data: list[str], allowed: frozenset[str] = frozenset()) -> set[str]:
    """The English words in ``text`` outside the data, the Latin names Chinese keeps and codes."""
    words = WORD.findall(without_data(text, data))
    return {w for w in words if w not in LATIN_OK and w not in allowed and not CODE.fullmatch(w)}
