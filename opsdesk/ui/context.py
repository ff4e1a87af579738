"""What every panel is given: the store and who is logged in. Nothing else is shared."""

from __future__ import annotations

from dataclasses import dataclass

from opsdesk.models.users import Actor, Perm
from opsdesk.store import Store


@dataclass(frozen=True)
class ConsoleContext:
    """The logged-in session of one console window."""

    store: Store
    user: Actor
    demo: bool = False

    def can(self, perm: Perm) -> bool:
        return self.user.can(perm)
