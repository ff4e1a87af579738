"""``opsdesk user add|passwd|disable|enable|list``."""

from __future__ import annotations

import argparse
import os

from opsdesk.cli.common import EXIT_OK, print_table
from opsdesk.cli.session import login, new_password, open_store
from opsdesk.i18n import t
from opsdesk.models import labels


def cmd_user(args: argparse.Namespace) -> int:
    from opsdesk.clock import now
    from opsdesk.models.users import Role
    from opsdesk.ops import users

    store = open_store(args)
    actor = login(store, args)
    with store.write() as session:
        actor = session.merge(actor)
        if args.user_cmd == "add":
            users.add_user(session, actor, args.name, new_password(args.name), Role(args.role), args.display or "")
            print(t("User {name} added", name=args.name))
        elif args.user_cmd == "passwd":
            old = None
            if args.name == actor.username and not os.environ.get("OPSDESK_NEW_PASSWORD"):
                old = os.environ.get("OPSDESK_PASSWORD")
            users.set_password(session, actor, args.name, new_password(args.name),
                               old_password=old or os.environ.get("OPSDESK_PASSWORD"))
            print(t("Password of {name} changed", name=args.name))
        elif args.user_cmd in ("disable", "enable"):
            users.set_disabled(session, actor, args.name, args.user_cmd == "disable")
            if args.user_cmd == "disable":
                print(t("User {name} disabled", name=args.name))
            else:
                print(t("User {name} enabled", name=args.name))
        elif args.user_cmd == "list":
            rows = [[t("User"), t("Full name"), t("Role"), t("Disabled")]]
            rows += [[u.username, u.display_name, labels.role(u.role), labels.yes_no(True) if u.disabled else ""]
                     for u in users.user_rows(session, actor, now())]  # the users screen's query
            print_table(rows)
    return EXIT_OK
