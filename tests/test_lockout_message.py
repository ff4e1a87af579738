"""A refused login never tells whether the user name exists (issue 14, finding 10; R-SEC-1).

"密码错误次数过多，账户已锁定至 10:15" was said only of real accounts, and "再错 4 次" only to a
real name, while an unknown name got "用户名或密码错误。": an attacker could list the user names
by trying them. Now the person at the login is told the same sentence for an unknown name, a
wrong password and a locked account, each refusal costs one argon2id check, and the audit
trail keeps the real reason.
"""

from __future__ import annotations

import argon2
import pytest
from sqlalchemy import select

from opsdesk.cli import EXIT_AUTH, EXIT_OK, main
from opsdesk.models import AuditEntry
from opsdesk.models.users import AuthError, User
from opsdesk.ops import users
from opsdesk.ops.auth import authenticate

REFUSED = "用户名或密码错误；多次输错后账号将被暂时锁定。"


def refused(store, name: str, password: str) -> str:
    """What the console's login screen shows for ``name`` / ``password`` (it audits logins)."""
    with store.write() as session:
        with pytest.raises(AuthError) as caught:
            authenticate(session, name, password, audit_login=True)
    return str(caught.value)


def login(store, name: str, password: str) -> User:
    with store.write() as session:
        return authenticate(session, name, password, audit_login=True)


def failures(store, after: int) -> list[tuple[str, str, str]]:
    with store.read() as session:
        return [(e.actor, e.action, e.summary) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.id > after, AuditEntry.action.in_(["user.login_failed", "user.locked"]))
            .order_by(AuditEntry.id))]


def last_entry(store) -> int:
    with store.read() as session:
        return session.scalars(select(AuditEntry.id).order_by(AuditEntry.id.desc())).first() or 0


def test_unknown_name_wrong_password_and_locked_account_get_the_same_words(demo_store, fixed_clock):
    start = last_entry(demo_store)
    said = [refused(demo_store, "nobody", "duty-2026")]
    said += [refused(demo_store, "zhangwei", "wrong") for _ in range(5)]  # the fifth locks the account
    said.append(refused(demo_store, "zhangwei", "duty-2026"))  # the right password, while locked
    said.append(refused(demo_store, "zhangwei", "wrong"))
    said.append(refused(demo_store, "nobody", "wrong"))
    assert said == [REFUSED] * len(said)  # no count of tries left, no time, no "locked"
    fixed_clock.advance(minutes=15, seconds=1)
    assert login(demo_store, "zhangwei", "duty-2026").username == "zhangwei"  # it was locked, and is no more

    # the audit trail still says what really happened
    wrong = [("zhangwei", "user.login_failed", f"密码错误（连续第 {n} 次，满 5 次锁定账号）")
             for n in (1, 2, 3, 4)]
    assert failures(demo_store, start) == [
        ("nobody", "user.login_failed", "用户名不存在"),
        *wrong,
        ("zhangwei", "user.locked", "连续 5 次密码错误：锁定 15 分钟"),
        ("zhangwei", "user.login_failed", "连续 5 次密码错误：账号锁定至 2026-11-22 10:15"),
        ("zhangwei", "user.login_failed", "账号锁定中，至 2026-11-22 10:15 解锁"),
        ("zhangwei", "user.login_failed", "账号锁定中，至 2026-11-22 10:15 解锁"),
        ("nobody", "user.login_failed", "用户名不存在"),
    ]


def test_a_disabled_account_is_named_only_to_whoever_knows_its_password(demo_store, demo_users):
    with demo_store.write() as session:
        users.set_disabled(session, demo_users["admin"], "lina")
    start = last_entry(demo_store)
    assert refused(demo_store, "lina", "wrong") == refused(demo_store, "nobody", "wrong") == REFUSED
    assert refused(demo_store, "lina", "duty-2026") == "该账户已停用，请联系管理员。"
    assert [summary for actor, _, summary in failures(demo_store, start) if actor == "lina"] == [
        "密码错误（连续第 1 次，满 5 次锁定账号）", "账号已停用"]


def test_every_refusal_costs_one_password_check(demo_store, fixed_clock, monkeypatch):
    """The time a refusal takes does not tell an unknown name from a real one either."""
    checks: list[int] = []
    verify = argon2.PasswordHasher.verify

    def counted(self, hash, password):  # argon2's own parameter names
        checks.append(1)
        return verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counted)
    cost = {}
    for case, name, password in [("unknown", "nobody", "x"), ("wrong", "zhangwei", "x"), ("wrong", "zhangwei", "x"),
                                 ("wrong", "zhangwei", "x"), ("wrong", "zhangwei", "x"), ("locks", "zhangwei", "x"),
                                 ("locked", "zhangwei", "duty-2026")]:
        checks.clear()
        refused(demo_store, name, password)
        cost[case] = len(checks)
    assert cost == {"unknown": 1, "wrong": 1, "locks": 1, "locked": 1}


def test_the_command_line_says_the_same_for_an_unknown_name_and_a_locked_account(demo_db_path, monkeypatch, capsys):
    def run(user: str, password: str) -> tuple[int, str]:
        monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
        monkeypatch.setenv("OPSDESK_USER", user)
        monkeypatch.setenv("OPSDESK_PASSWORD", password)
        code = main(["devices"])
        return code, capsys.readouterr().err

    unknown = run("nobody", "duty-2026")
    assert unknown[0] == EXIT_AUTH and REFUSED in unknown[1]
    for _ in range(5):
        assert run("zhangwei", "wrong") == unknown
    assert run("zhangwei", "duty-2026") == unknown  # locked: the right password is refused the same way
    assert run("wangfang", "review-2026")[0] == EXIT_OK  # the others are not affected
