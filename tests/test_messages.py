"""The one catalogue (opsdesk.messages_zh): every message the Qt-free code says and every text the
console's widgets say has its Simplified Chinese there, once, and nothing else is kept there."""

from __future__ import annotations

import ast
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import opsdesk
from opsdesk import paths
from opsdesk.messages_zh import BY_CONTEXT, ZH
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
            # say_n(lang, "one", "many", n): a count's two forms (opsdesk.i18n.say_n)
            positions = {"t": (0,), "say": (1,), "N_": (0,), "say_n": (1, 2)}.get(node.func.id, ())
            for position in positions:
                if (
                    len(node.args) > position
                    and isinstance(node.args[position], ast.Constant)
                    and isinstance(node.args[position].value, str)
                ):
                    found.add(node.args[position].value)
    found |= {spec.description for spec in SPECS.values()}
    return found


def widget_texts() -> set[tuple[str, str]]:
    """(context, source) of every ``tr()`` text of the console, as lupdate collected them into the
    committed .ts (tests/ui/test_translations_ts.py proves the .ts current with the sources)."""
    ts = paths.RESOURCES / "translations" / "opsdesk_zh_CN.ts"
    root = ET.parse(ts).getroot()  # noqa: S314 - our own committed translation file, not untrusted input
    return {(c.findtext("name", ""), m.findtext("source", "")) for c in root.iter("context") for m in c.iter("message")}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_is_translated():
    missing = sorted(source_messages() - ZH.keys())
    assert not missing, "untranslated messages:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
    wrong = [k for k, v in ZH.items() if _fields(k) != _fields(v)]
    assert not wrong, wrong


def test_no_stale_translations():
    said = source_messages() | {source for _, source in widget_texts()}
    stale = sorted(ZH.keys() - said)
    assert not stale, stale
    stale_contexts = sorted(BY_CONTEXT.keys() - widget_texts())
    assert not stale_contexts, stale_contexts


def test_each_text_is_given_once():
    """A text given twice in the catalogue: Python keeps the last, and every screen using it
    silently takes the other words (a verify dialog's "Note" once renamed the register's 备注
    column). A context that needs other words uses BY_CONTEXT."""
    tree = ast.parse((ROOT / "messages_zh.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [ast.literal_eval(k) for k in node.keys if k is not None]
            repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
            assert repeated == [], repeated


def test_one_catalogue_for_widgets_and_the_rest():
    """The console's .qm and the Qt-free t() say the same words for the same text."""
    from opsdesk.i18n import say

    ts = paths.RESOURCES / "translations" / "opsdesk_zh_CN.ts"
    root = ET.parse(ts).getroot()  # noqa: S314 - our own committed translation file, not untrusted input
    differ = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            if (name, source) in BY_CONTEXT or not source:
                continue
            if message.findtext("translation") != say("zh", source):
                differ.append((name, source))
    assert differ == []
    assert not (paths.RESOURCES / "translations" / "zh_CN.py").exists()
