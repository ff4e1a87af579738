"""Language for messages that come from below the UI (ops, CLI, reports).

The widgets translate through Qt (``tr()`` and ``.qm`` files); code that must not
import Qt says its messages through :func:`t`, in English source text with the
Simplified Chinese kept in :mod:`opsdesk.messages_zh`. Chinese is the default.
"""

from __future__ import annotations

import os

from opsdesk.messages_zh import ZH

_lang = "zh" if not os.environ.get("OPSDESK_LANG", "").lower().startswith("en") else "en"


def set_language(lang: str) -> None:
    global _lang
    _lang = "en" if lang.lower().startswith("en") else "zh"


def language() -> str:
    return _lang


def t(text: str, **params: object) -> str:
    """Translate an English message and fill in its ``{named}`` parameters."""
    return say(_lang, text, **params)


def N_(text: str) -> str:  # gettext's own name for it
    """Mark an English message for the catalogue where it is kept (a table of templates) and
    said later with :func:`t` or :func:`say`; returns it as it is."""
    return text


def say_n(lang: str, one: str, many: str, n: int, **params: object) -> str:
    """:func:`say` of a count: ``one`` when ``n`` is 1, else ``many`` ("1 item", "3 items"); both
    are in the catalogue, with the same Chinese. ``n`` is passed on as ``{n}``."""
    return say(lang, one if n == 1 else many, n=n, **params)


def say(lang: str, text: str, **params: object) -> str:
    """:func:`t` in a given language (a reading asked for in English by a script)."""
    if lang != "en":
        text = ZH.get(text, text)
    return text.format(**params) if params else text
