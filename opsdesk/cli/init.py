"""``opsdesk init``: the demo database, or a real site (``ops.sites`` starts it)."""

from __future__ import annotations

import argparse
import os
import sys

from opsdesk import paths
from opsdesk.cli.common import EXIT_OK, EXIT_USAGE, CliError
from opsdesk.cli.session import new_password
from opsdesk.i18n import t


def cmd_init(args: argparse.Namespace) -> int:
    from opsdesk.ops import sites
    from opsdesk.store import Store

    if args.demo:
        from opsdesk.demo.seed import demo_database_path, load_demo

        store = Store(args.db or os.environ.get("OPSDESK_DB") or str(demo_database_path()))
        load_demo(store)
        print(t("Demo database ready: {url}", url=store.url))
        return EXIT_OK
    url = args.db or os.environ.get("OPSDESK_DB") or str(paths.default_db_path())
    sites.share_data_folder()
    store = Store(url)
    sites.refuse_a_second_site(store)  # before anything is asked
    admin_name = args.admin or (input(t("First administrator's user name: ")) if sys.stdin.isatty() else "")
    if not admin_name:
        raise CliError(t("Name the first administrator with --admin NAME."), EXIT_USAGE)
    started = sites.start_site(store, args.site, admin_name, new_password(admin_name), code=args.code,
                               hospital=args.hospital or "", timezone=args.timezone,
                               admin_display=args.admin_display or "")
    print(t("Site {site} created in {url}; administrator {user}.", site=started.site, url=started.url,
            user=started.admin))
    print(t("The key file of the devices' SNMP secrets is {path} (fingerprint {fp}): back it up apart from the "
            "database; without it nothing can be polled.", path=started.key_path, fp=started.key_fingerprint))
    return EXIT_OK
