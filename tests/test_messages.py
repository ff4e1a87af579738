"""Every message the Qt-free code says has its Simplified Chinese translation."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import opsdesk
from opsdesk.messages_zh import ZH
from opsdesk.models.settings import SPECS

ROOT = Path(opsdesk.__file__).parent


def source_messages() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "ui" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # t("…") in the console's language, say(lang, "…") in a given one (opsdesk.models.alarm_text)
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            # N_("…"): a template kept in a table and said later (opsdesk.i18n.N_)
            position = {"t": 0, "say": 1, "N_": 0}.get(node.func.id)
            if (
                position is not None
                and len(node.args) > position
                and isinstance(node.args[position], ast.Constant)
                and isinstance(node.args[position].value, str)
            ):
                found.add(node.args[position].value)
    found |= {spec.description for spec in SPECS.values()}
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_is_translated():
    missing = sorted(source_messages() - ZH.keys())
    assert not missing, "untranslated messages:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
    wrong = [k for k, v in ZH.items() if _fields(k) != _fields(v)]
    assert not wrong, wrong


def test_no_stale_translations():
    stale = sorted(ZH.keys() - source_messages())
    assert not stale, stale
