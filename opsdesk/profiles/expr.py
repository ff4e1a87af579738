"""Tiny arithmetic expressions for device profiles (``100 * used / size``).

Profiles are data, so a formula is a string checked against a whitelist of syntax:
numbers, names bound by the profile, + - * / // % **, comparisons, and/or/not,
``a if c else b`` and the functions min, max, abs, round. Nothing else compiles.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from functools import lru_cache

# Values are numbers; comparisons and and/or/not give truth values, which count as numbers.
_BIN: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[float], float]] = {
    ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_,
}
_CMP: dict[type[ast.cmpop], Callable[[float, float], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_FUNCS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs, "round": round}


class ExprError(ValueError):
    """The expression is not allowed, or cannot be evaluated with these values."""


@lru_cache(maxsize=512)
def compile_expr(text: str) -> ast.Expression:
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"bad expression {text!r}: {exc.msg}") from exc
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in _FUNCS) or node.keywords:
                raise ExprError(f"only min/max/abs/round may be called in {text!r}")
        elif not isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp,
                                   ast.IfExp, ast.Constant, ast.Name, ast.Load, ast.operator,
                                   ast.unaryop, ast.cmpop, ast.boolop)):
            raise ExprError(f"{type(node).__name__} is not allowed in {text!r}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise ExprError(f"only numbers are allowed as constants in {text!r}")
        if isinstance(node, ast.BinOp) and type(node.op) not in _BIN:
            raise ExprError(f"operator not allowed in {text!r}")
    return tree


def names_in(text: str) -> set[str]:
    return {n.id for n in ast.walk(compile_expr(text)) if isinstance(n, ast.Name)} - set(_FUNCS)


def evaluate(text: str, values: Mapping[str, float]) -> float:
    """Evaluate ``text`` with ``values``; division by zero and the like raise ExprError."""
    tree = compile_expr(text)
    try:
        result = _eval(tree.body, values)
    except ZeroDivisionError as exc:
        raise ExprError("division by zero") from exc
    except (OverflowError, ValueError, TypeError) as exc:
        raise ExprError(str(exc)) from exc
    if isinstance(result, bool):
        return float(result)
    if isinstance(result, float) and not math.isfinite(result):
        raise ExprError("result is not a finite number")
    return result


def _eval(node: ast.AST, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, (int, float)):  # compile_expr lets numbers through only
            raise ExprError(f"constant {node.value!r} is not a number")
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise ExprError(f"no value for {node.id}")
        return values[node.id]
    if isinstance(node, ast.BinOp):
        return _BIN[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, values))
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, values)
            if not _CMP[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        results = [_eval(v, values) for v in node.values]
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.IfExp):
        return _eval(node.body, values) if _eval(node.test, values) else _eval(node.orelse, values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):  # compile_expr allows no other call
        return _FUNCS[node.func.id](*[_eval(a, values) for a in node.args])
    raise ExprError(f"{type(node).__name__} is not allowed")
