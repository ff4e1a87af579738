"""Every suppression of a checker names what it suppresses and says why.

A ``noqa`` comment names its rule codes and gives a reason: ``# noqa: CODE[, CODE] - reason`` or
``# noqa: CODE  # reason``. A ``type: ignore`` names its error codes in brackets and gives a reason
after them: ``# type: ignore[code]  # reason`` (mypy refuses anything but a comment after the brackets).
A reason is a few words, not a single one. Only comments are read (tokenize): the same text in a string
is not a directive, for ruff and mypy as here.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("opsdesk", "tests", "bench")

# A comment is cut into segments at each hash sign (ruff finds a directive after any of them):
# a directive is one segment, and a reason written as a comment of its own the next one.
_NOQA = re.compile(r"(?:(?:ruff|flake8)\s*:\s*)?noqa\b(?P<rest>.*)", re.IGNORECASE)
_NOQA_CODES = re.compile(r"\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)(?P<tail>.*)")
_TYPE_IGNORE = re.compile(r"type:\s*ignore\b(?P<rest>.*)")
_IGNORE_CODES = re.compile(r"\s*\[(?P<codes>[a-z][a-z0-9-]*(?:\s*,\s*[a-z][a-z0-9-]*)*)\](?P<tail>.*)")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
MIN_WORDS = 2


def is_reason(text: str) -> bool:
    """At least a few words: two words of two letters or more (two Chinese characters count as one word)."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return words + cjk // 2 >= MIN_WORDS


def _is_directive(segment: str) -> bool:
    text = segment.strip()
    return _NOQA.match(text) is not None or _TYPE_IGNORE.match(text) is not None


def _reason_after(tail: str, following: list[str]) -> str:
    """The reason: the rest of the directive's own segment, else the next segment if it is not a directive."""
    if tail.strip():
        return tail
    if following and not _is_directive(following[0]):
        return following[0]
    return ""


def comment_problems(comment: str) -> list[str]:
    """What is wrong with the suppressions in one comment (the text from its first '#')."""
    segments = comment.split("#")[1:]
    problems = []
    for i, segment in enumerate(segments):
        text = segment.strip()
        following = segments[i + 1:]
        if (noqa := _NOQA.match(text)) is not None:
            codes = _NOQA_CODES.fullmatch(noqa["rest"])
            if codes is None:
                problems.append(f"noqa without rule codes: {text!r} (write '# noqa: CODE - reason')")
                continue
            tail = codes["tail"].strip()
            if tail and not tail.startswith("-"):
                problems.append(f"noqa: the reason must follow ' - ' or '  # ': {text!r}")
                continue
            if not is_reason(_reason_after(tail.removeprefix("-"), following)):
                problems.append(f"noqa without a reason: {text!r} (write '# noqa: {codes['codes']} - reason')")
        elif (ignore := _TYPE_IGNORE.match(text)) is not None:
            codes = _IGNORE_CODES.fullmatch(ignore["rest"])
            if codes is None:
                problems.append(f"type: ignore without [error-code]: {text!r} "
                                "(write '# type: ignore[code]  # reason')")
                continue
            if codes["tail"].strip():
                problems.append(f"type: ignore: only a comment may follow the codes (mypy refuses the rest): {text!r}")
                continue
            if not is_reason(_reason_after("", following)):
                problems.append(f"type: ignore without a reason: {text!r} "
                                f"(write '# type: ignore[{codes['codes']}]  # reason')")
    return problems


def source_problems(source: str, name: str) -> list[str]:
    """``name:line: problem`` for every suppression comment in ``source`` that lacks codes or a reason."""
    found = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                found += [f"{name}:{tok.start[0]}: {p}" for p in comment_problems(tok.string)]
    except (tokenize.TokenError, SyntaxError) as exc:
        found.append(f"{name}: cannot be read as Python: {exc}")
    return found


def scanned_files() -> list[Path]:
    return sorted(p for top in SCANNED for p in (ROOT / top).rglob("*.py"))


# -- the check itself -----------------------------------------------------------------------

SAMPLE = '''\
import os  # noqa
import re  # noqa: F401
import sys  # NOQA:F401 - ok
x = 1  # noqa: E501 - a long line of data
y = 2  # noqa: E501, F841  # the figure kept for the reader
z = 3  # noqa: E501 because it is long
w = 4  # explained first  # noqa: F841
v = 5  # noqa: E501 -
a = f(x)  # type: ignore
b = f(x)  # type: ignore[arg-type]
c = f(x)  # type: ignore[arg-type]  # the stub is wrong about bytes
d = f(x)  # type: ignore[arg-type] - the stub is wrong
e = f(x)  # type: ignore[arg-type]  # noqa: E501 - long and wrongly typed
s = "# noqa and # type: ignore inside a string are no directives"
t = 1  # a comment about noqa comments is not a directive
u = 2  # noqa: 机房 - 代码不是规则编号
p = 4  # see "#noqa: E501" for how
q = 3  # noqa: S608 - 我们自己的列名
# ruff: noqa
'''


def test_the_check_finds_what_it_should_in_a_sample():
    problems = source_problems(SAMPLE, "sample.py")
    flagged = [int(p.split(":")[1]) for p in problems]
    # 1 bare; 2 no reason; 3 one-word reason; 6 reason not after ' - '; 7 reason before the directive;
    # 8 empty reason; 9 bare ignore; 10 ignore without reason; 12 '- reason' after an ignore;
    # 13 the ignore's next segment is a directive, not a reason; 16 not a rule code; 17 a directive to ruff
    # even inside quotes (and the quote is no reason); 19 bare file-wide noqa
    assert flagged == [1, 2, 3, 6, 7, 8, 9, 10, 12, 13, 16, 17, 19], "\n".join(problems)
    assert problems[0].startswith("sample.py:1: noqa without rule codes")


def test_a_reason_is_a_few_words():
    assert is_reason("Qt override") and is_reason("fixed argv, no shell") and is_reason("我们自己的列名")
    assert not is_reason("") and not is_reason("ok") and not is_reason("  -  ") and not is_reason("列名")


def test_every_noqa_and_type_ignore_names_its_codes_and_says_why():
    files = scanned_files()
    assert len(files) > 100 and ROOT / "tests" / "test_lint_hygiene.py" in files
    assert ROOT / "opsdesk" / "reports" / "paper.py" in files
    problems = [p for path in files
                for p in source_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert problems == [], f"{len(problems)} suppressions without codes or a reason:\n" + "\n".join(problems)
