"""``opsdesk settings show|set|room``: the shared settings and a room's own limits."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Literal

from opsdesk.cli.common import EXIT_OK, CliError, print_table
from opsdesk.cli.session import login, open_store
from opsdesk.i18n import t
from opsdesk.models import labels

if TYPE_CHECKING:
    from opsdesk.models.users import User
    from opsdesk.store import Store


def cmd_settings(args: argparse.Namespace) -> int:
    from opsdesk.models import settings
    from opsdesk.ops.settings_ops import set_setting

    store = open_store(args)
    actor = login(store, args)
    if args.set_cmd == "set":
        with store.write() as session:
            value = set_setting(session, actor, args.key, args.value)
        print(f"{args.key} = {value}")
        return EXIT_OK
    if args.set_cmd == "room":
        return room_limits(store, actor, args)
    with store.read() as session:
        rows = [[t("Setting"), t("Value"), t("Meaning")]]
        rows += [[key, _shown(settings.get(session, key)), t(spec.description)] for key, spec in settings.SPECS.items()]
    print_table(rows)
    return EXIT_OK


def _shown(value: object) -> str:
    return labels.yes_no(value) if isinstance(value, bool) else str(value)


def band_arg(text: str | None) -> tuple[float, float] | None | Literal[False]:
    """"18-28" → (18, 28); "default" → None (back to the site-wide setting); absent → False."""
    if text is None:
        return False
    if text.strip().lower() in ("default", "默认", "全局"):
        return None
    parts = text.replace("–", "-").replace("～", "-").replace("~", "-").split("-")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise CliError(t("Not a band: {value} (write it as 18-28, or default)", value=text)) from None
    return low, high


def room_limits(store: Store, actor: User, args: argparse.Namespace) -> int:
    """``settings room --room NAME [--temp 18-28|default] [--humidity 35-75|default]``: a room's
    own band (R-ENV-1), shown after any change."""
    from opsdesk.models import settings
    from opsdesk.ops.devices import find_room, find_site
    from opsdesk.ops.settings_ops import set_room_limits

    bands = {cls: band for cls, band in (("temperature", band_arg(args.temp)),
                                         ("humidity", band_arg(args.humidity))) if band is not False}
    with (store.write() if bands else store.read()) as session:
        site = find_site(session, args.site)
        room = find_room(site, args.room)
        limits = (set_room_limits(session, actor, room.id, bands) if bands
                  else settings.room_limits(session, [room.id])[room.id])

        def said(cls: str, unit: str) -> str:
            band = limits[cls]
            text = f"{band.low:g}–{band.high:g} {unit}"
            return t("{band} (this room)", band=text) if band.own else t("{band} (site-wide setting)", band=text)

        print(t("Room {room}: temperature {temp}, humidity {humidity}", room=f"{site.name} {room.name}",
                temp=said("temperature", "℃"), humidity=said("humidity", "%RH")))
    return EXIT_OK
