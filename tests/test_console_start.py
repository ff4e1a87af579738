"""What the console reads at start and around a session (opsdesk.ops.console_start), without Qt."""

from __future__ import annotations

from sqlalchemy import select

from opsdesk.models.users import User
from opsdesk.ops import users as user_ops
from opsdesk.ops.console_start import console_start, idle_lock_minutes


def test_the_demo_and_its_screenshot_login(demo_store):
    with demo_store.read() as session:
        start = console_start(session, "zhangwei")
    assert start.demo
    assert start.auto_user is not None and start.auto_user.username == "zhangwei"
    assert start.auto_user.display_name == "张伟"  # loaded: it is read after the session is gone
    with demo_store.read() as session:
        assert console_start(session, "nobody") == console_start(session) == type(start)(True, None)


def test_a_disabled_demo_user_does_not_log_in_by_itself(demo_store):
    with demo_store.write() as session:
        session.scalars(select(User).where(User.username == "zhangwei")).one().disabled = True
    with demo_store.read() as session:
        assert console_start(session, "zhangwei").auto_user is None


def test_no_login_without_a_password_on_a_real_database(store):
    with store.write() as session:
        user_ops.add_user(session, None, "root", "a-strong-password", "admin")
    with store.read() as session:
        start = console_start(session, "root")
    assert not start.demo and start.auto_user is None


def test_the_idle_lock_minutes_from_the_settings(demo_store):
    with demo_store.read() as session:
        assert idle_lock_minutes(session) == 15.0
