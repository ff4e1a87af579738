"""Regenerate the console's Chinese translation: lupdate → fill → lrelease.

    .venv/bin/python resources/translations/update_translations.py          # update .ts and .qm
    .venv/bin/python resources/translations/update_translations.py --check  # fail if out of date

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate()``
   text of ``opsdesk/ui`` into ``opsdesk_zh_CN.ts`` (obsolete texts dropped).
2. Each message gets its Chinese from the one catalogue, ``opsdesk/messages_zh.py``
   (``BY_CONTEXT`` first, then ``ZH``), the same words the Qt-free code says.
   A text without Chinese, or with placeholders that differ from the source,
   stops the run: the committed .ts never holds ``type="unfinished"``.
3. ``pyside6-lrelease`` compiles ``opsdesk_zh_CN.qm``, which the console loads.
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = ROOT / "opsdesk" / "ui"
TS = HERE / "opsdesk_zh_CN.ts"
QM = HERE / "opsdesk_zh_CN.qm"
CATALOGUE = ROOT / "opsdesk" / "messages_zh.py"
PLACEHOLDER = re.compile(r"\{\w*\}")


def tool(name: str) -> str:
    """A PySide6 tool from the running interpreter's environment, else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def source_files() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in sorted(SOURCES.rglob("*.py"))]


def run_lupdate(ts: Path) -> None:
    subprocess.run(  # noqa: S603 - fixed argv of Qt's own tool, no shell
        [tool("pyside6-lupdate"), *source_files(), "-no-obsolete", "-locations", "none",
         "-source-language", "en", "-target-language", "zh_CN", "-ts", str(ts)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )


def fill(ts: Path) -> list[str]:
    """Write the Chinese into ``ts``; return the problems (missing or bad translations)."""
    mapping = runpy.run_path(str(CATALOGUE))
    zh, by_context = mapping["ZH"], mapping["BY_CONTEXT"]
    tree = ET.parse(ts)  # noqa: S314 - the .ts file lupdate has just written from our sources
    problems: list[str] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = by_context.get((name, source)) or zh.get(source)
            if not text:
                problems.append(f"{name}: no Chinese for {source!r}")
                continue
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"{name}: placeholders differ in {text!r} for {source!r}")
                continue
            translation.text = text
            translation.attrib.pop("type", None)
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return problems


def run_lrelease(ts: Path, qm: Path) -> None:
    # Compile beside it and swap it in: a running console maps the .qm into memory, and
    # rewriting that file in place crashes it.
    partial = qm.with_suffix(".qm.tmp")
    subprocess.run(  # noqa: S603 - fixed argv of Qt's own tool, no shell
        [tool("pyside6-lrelease"), str(ts), "-qm", str(partial)], check=True, stdout=subprocess.DEVNULL)
    os.replace(partial, qm)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report whether the committed .ts is complete and current")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / TS.name
            if TS.exists():
                shutil.copy(TS, fresh)
            run_lupdate(fresh)
            problems = fill(fresh)
            if not problems and fresh.read_text(encoding="utf-8") != TS.read_text(encoding="utf-8"):
                problems.append(f"{TS.name} is out of date: run {Path(__file__).name}")
    else:
        run_lupdate(TS)
        problems = fill(TS)
        if not problems:
            run_lrelease(TS, QM)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
