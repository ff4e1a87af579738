"""Undoable edits of the floor plan (QUndoStack commands). They change the items on the
scene only; saving turns the difference from the stored plan into ops.floor changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QUndoCommand

from opsdesk.ui.floor.items import FloorItem, RackItem


class ItemHost(Protocol):
    """What adding and removing items needs of the view (the FloorView), so that the view
    imports these commands and not the other way round."""

    def attach_item(self, item: FloorItem) -> None: ...

    def detach_item(self, item: FloorItem) -> None: ...


class MoveItems(QUndoCommand):
    """Items dragged from one place to another (the drag happened already)."""

    def __init__(self, moves: list[tuple[FloorItem, QPointF, QPointF]]) -> None:
        super().__init__(QCoreApplication.translate("Floor", "Move"))
        self.moves = moves

    def redo(self) -> None:
        for item, _old, new in self.moves:
            item.setPos(new)

    def undo(self) -> None:
        for item, old, _new in self.moves:
            item.setPos(old)


class RotateRack(QUndoCommand):
    def __init__(self, item: RackItem, old: int, new: int) -> None:
        super().__init__(QCoreApplication.translate("Floor", "Rotate"))
        self.item, self.old, self.new = item, old, new
        self.old_pos = item.pos()

    def redo(self) -> None:
        self.item.set_rotation_deg(self.new)
        self.item.setPos(self.item.pos())  # snaps back inside the room if the turn pushed it out

    def undo(self) -> None:
        self.item.set_rotation_deg(self.old)
        self.item.setPos(self.old_pos)


class AddItems(QUndoCommand):
    """New racks (one, or a row) or a unit placed on the floor."""

    def __init__(self, view: ItemHost, items: Sequence[FloorItem], text: str) -> None:
        super().__init__(text)
        self.view, self.items = view, items

    def redo(self) -> None:
        for item in self.items:
            self.view.attach_item(item)

    def undo(self) -> None:
        for item in self.items:
            self.view.detach_item(item)


class RemoveItems(QUndoCommand):
    def __init__(self, view: ItemHost, items: Sequence[FloorItem]) -> None:
        super().__init__(QCoreApplication.translate("Floor", "Remove"))
        self.view, self.items = view, items

    def redo(self) -> None:
        for item in self.items:
            self.view.detach_item(item)

    def undo(self) -> None:
        for item in self.items:
            self.view.attach_item(item)
