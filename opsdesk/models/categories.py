"""The register's categories as data (issue 16, item 3): ``data/categories.toml``, read once.

A register line stores a category's ``code`` (``"cooling"``, ``"ups"``, ``"server"`` …); its
name, the floor's short label, its footprint, whether it stands in a rack, the inspection class
its units fill, the profile kinds that count as reading it and the roles it is expected to
report are all looked up here by code. No module keys anything on a category's Chinese name.

``lookup(text)`` is what an import or a typed filter uses: a code, a name in either language or
an alias gives the category. The file is checked when it is read: an unknown key, a missing
field, a duplicate code or name, a role not in :mod:`opsdesk.models.roles` is a
:class:`CategoryFileError` naming the file and the category.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opsdesk import paths
from opsdesk.i18n import language
from opsdesk.models.roles import ROLES

CATEGORIES_FILE = paths.DATA / "categories.toml"
DEFAULT_FOOTPRINT = (1.0, 1.0)
OTHER = "other"  # the category of a line whose category is not known (and the file must have it)

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED = {"code", "name_zh", "name_en", "short_zh", "short_en", "tag_code"}
_OPTIONAL = {"aliases", "rack_mounted", "u_height", "footprint", "floor_shape", "site_sensor", "inspection_class",
             "reading_kinds", "roles_expected", "fast", "dual_feed"}
_SHAPES = ("box", "dot")


class CategoryFileError(ValueError):
    """``data/categories.toml`` does not say what it must (the message names the file and the entry)."""


@dataclass(frozen=True)
class InspectionClass:
    key: str
    name_zh: str
    name_en: str

    def name(self, lang: str | None = None) -> str:
        return self.name_en if (lang or language()) == "en" else self.name_zh


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str
    tag_code: str
    aliases: tuple[str, ...] = ()
    rack_mounted: bool = False
    u_height: int | None = None
    footprint: tuple[float, float] | None = None
    floor_shape: str = "box"
    site_sensor: bool = False
    inspection_class: str | None = None
    reading_kinds: frozenset[str] = frozenset()
    roles_expected: tuple[str, ...] = ()
    fast: bool = False
    dual_feed: bool = False

    def name(self, lang: str | None = None) -> str:
        """The category as people read it, in ``lang`` (default: the current language)."""
        return self.name_en if (lang or language()) == "en" else self.name_zh

    def short(self, lang: str | None = None) -> str:
        """What the box on the floor plan says."""
        return self.short_en if (lang or language()) == "en" else self.short_zh

    @property
    def floor_size(self) -> tuple[float, float]:
        """Width × depth in tiles of a unit standing on the floor by itself."""
        return self.footprint or DEFAULT_FOOTPRINT

    @property
    def words(self) -> tuple[str, ...]:
        """Everything that names it: code, both names, aliases."""
        return (self.code, self.name_zh, self.name_en, *self.aliases)


@dataclass(frozen=True)
class Categories:
    """Every category in the file's order, and the inspection classes' names."""

    all: tuple[Category, ...]
    classes: Mapping[str, InspectionClass]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {c.code: c for c in self.all})
        object.__setattr__(self, "_by_word", {w.casefold(): c for c in self.all for w in c.words})

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.all)

    def get(self, code: str) -> Category | None:
        by_code: dict[str, Category] = getattr(self, "_by_code")  # noqa: B009 - set in __post_init__ of a frozen class
        return by_code.get(code)

    def lookup(self, text: str) -> Category | None:
        """The category a code, a name in either language or an alias says (case and spaces ignored)."""
        by_word: dict[str, Category] = getattr(self, "_by_word")  # noqa: B009 - set in __post_init__ of a frozen class
        return by_word.get(text.strip().casefold())


def _fail(path: Path, where: str, message: str) -> CategoryFileError:
    return CategoryFileError(f"{path}: {where}: {message}")


def _strings(path: Path, where: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(path, where, f"{key} must be a list of non-empty strings")
    return tuple(value)


def _category(path: Path, n: int, raw: object) -> Category:
    where = f"category {n + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "must be a table")
    if isinstance(raw.get("code"), str):
        where = f"category {raw['code']!r}"
    unknown = set(raw) - _REQUIRED - _OPTIONAL
    if unknown:
        raise _fail(path, where, f"unknown key(s) {', '.join(sorted(unknown))}")
    missing = _REQUIRED - set(raw)
    if missing:
        raise _fail(path, where, f"missing {', '.join(sorted(missing))}")
    for key in _REQUIRED:
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise _fail(path, where, f"{key} must be a non-empty string")
    if not _CODE.match(raw["code"]):
        raise _fail(path, where, "code must be lower-case ASCII (a-z, 0-9, _), starting with a letter")
    for key in ("rack_mounted", "site_sensor", "fast", "dual_feed"):
        if key in raw and not isinstance(raw[key], bool):
            raise _fail(path, where, f"{key} must be true or false")
    footprint: tuple[float, float] | None = None
    if "footprint" in raw:
        fp = raw["footprint"]
        if (not isinstance(fp, list) or len(fp) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in fp)):
            raise _fail(path, where, "footprint must be [width, depth] in tiles, both above 0")
        footprint = (float(fp[0]), float(fp[1]))
    if raw.get("rack_mounted") and footprint is not None:
        raise _fail(path, where, "a rack-mounted category has no footprint of its own")
    u_height = raw.get("u_height")
    whole = isinstance(u_height, int) and not isinstance(u_height, bool)
    if u_height is not None and (not whole or not 1 <= u_height <= 60):
        raise _fail(path, where, "u_height must be a whole number of U from 1 to 60")
    shape = raw.get("floor_shape", "box")
    if shape not in _SHAPES:
        raise _fail(path, where, f"floor_shape must be one of {', '.join(_SHAPES)}")
    roles = _strings(path, where, "roles_expected", raw.get("roles_expected", []))
    unknown_roles = [r for r in roles if r not in ROLES]
    if unknown_roles:
        raise _fail(path, where, f"unknown role(s) {', '.join(unknown_roles)} (opsdesk.models.roles)")
    inspection_class = raw.get("inspection_class")
    if inspection_class is not None and (not isinstance(inspection_class, str) or not inspection_class):
        raise _fail(path, where, "inspection_class must be a non-empty string")
    return Category(
        code=raw["code"], name_zh=raw["name_zh"].strip(), name_en=raw["name_en"].strip(),
        short_zh=raw["short_zh"].strip(), short_en=raw["short_en"].strip(), tag_code=raw["tag_code"].strip(),
        aliases=_strings(path, where, "aliases", raw.get("aliases", [])),
        rack_mounted=bool(raw.get("rack_mounted", False)), u_height=u_height, footprint=footprint,
        floor_shape=shape, site_sensor=bool(raw.get("site_sensor", False)), inspection_class=inspection_class,
        reading_kinds=frozenset(_strings(path, where, "reading_kinds", raw.get("reading_kinds", []))),
        roles_expected=roles, fast=bool(raw.get("fast", False)), dual_feed=bool(raw.get("dual_feed", False)))


def parse(data: Mapping[str, Any], path: Path = CATEGORIES_FILE) -> Categories:
    """The categories of a parsed ``categories.toml`` (``path`` only names it in errors)."""
    unknown = set(data) - {"category", "inspection_class"}
    if unknown:
        raise _fail(path, "top level", f"unknown key(s) {', '.join(sorted(unknown))}")
    raw = data.get("category")
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "top level", "no [[category]] entries")
    cats = tuple(_category(path, n, entry) for n, entry in enumerate(raw))
    classes: dict[str, InspectionClass] = {}
    raw_classes = data.get("inspection_class", {})
    if not isinstance(raw_classes, dict):
        raise _fail(path, "inspection_class", "must be a table of tables")
    for key, entry in raw_classes.items():
        if not isinstance(entry, dict) or set(entry) != {"name_zh", "name_en"} \
                or not all(isinstance(v, str) and v for v in entry.values()):
            raise _fail(path, f"inspection_class {key!r}", "needs name_zh and name_en (and nothing else)")
        classes[key] = InspectionClass(key, entry["name_zh"], entry["name_en"])
    seen_codes: set[str] = set()
    seen_words: dict[str, str] = {}
    seen_tags: dict[str, str] = {}
    for cat in cats:
        if cat.code in seen_codes:
            raise _fail(path, f"category {cat.code!r}", "duplicate code")
        seen_codes.add(cat.code)
        if cat.tag_code in seen_tags:
            raise _fail(path, f"category {cat.code!r}", f"tag_code {cat.tag_code!r} already used by "
                                                        f"{seen_tags[cat.tag_code]!r}")
        seen_tags[cat.tag_code] = cat.code
        for word in set(w.casefold() for w in cat.words):
            other = seen_words.get(word)
            if other is not None and other != cat.code:
                raise _fail(path, f"category {cat.code!r}", f"name or alias {word!r} already names {other!r}")
            seen_words[word] = cat.code
        if cat.inspection_class is not None and cat.inspection_class not in classes:
            raise _fail(path, f"category {cat.code!r}", f"inspection_class {cat.inspection_class!r} has no "
                                                        "[inspection_class] entry")
    if OTHER not in seen_codes:
        raise _fail(path, "top level", f"the category {OTHER!r} is required (lines of an unknown category)")
    return Categories(cats, classes)


def load(path: Path = CATEGORIES_FILE) -> Categories:
    """Read and check a categories file."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CategoryFileError(f"{path}: {exc}") from exc
    return parse(data, path)


@functools.cache
def categories() -> Categories:
    """The shipped categories, read once per process."""
    return load()


def get(code: str) -> Category:
    """The category of a stored code; a code the file does not know reads as ``other`` (a row
    an old import left as text keeps its text: :func:`name` shows it as is)."""
    return categories().get(code) or categories().get(OTHER) or categories().all[-1]


def known(code: str) -> bool:
    return categories().get(code) is not None


def name(code: str, lang: str | None = None) -> str:
    """The category's name in ``lang``; a stored text the file does not know is shown as is."""
    found = categories().get(code)
    return found.name(lang) if found is not None else code


def code_of(text: str) -> str | None:
    """The code a name, alias or code says; None when none does."""
    found = categories().lookup(text)
    return found.code if found is not None else None


def codes() -> tuple[str, ...]:
    return categories().codes


def class_name(key: str, lang: str | None = None) -> str:
    """An inspection class's name (a section title a template does not give), else the key."""
    found = categories().classes.get(key)
    return found.name(lang) if found is not None else key
