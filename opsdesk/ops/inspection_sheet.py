"""The inspection sheet as the screens show it, read in one session into frozen records: the
live sheet (from :func:`opsdesk.ops.inspection.sheet_rows`, with entry ids and versions for
editing) or a signed revision (from its snapshot). No ORM instance leaves the session, so the
console reads a sheet off the GUI thread and hands the result over (issue 15); a value stored
comes back as a new :class:`Cell` the same way (:func:`enter_cell`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from opsdesk.clock import format_local
from opsdesk.models import labels
from opsdesk.models.inspection import InspectionEntry
from opsdesk.models.signing import SignedRecord, revisions
from opsdesk.models.users import Principal, display_names
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ops import inspection_review
from opsdesk.ops.inspection_review import Completion


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # "number", "check", "text"
    unit: str = ""
    low: float | None = None
    high: float | None = None
    hint: str = ""

    def out_of_range(self, value: float | None) -> bool:
        if value is None or self.kind != "number":
            return False
        return (self.low is not None and value < self.low) or (self.high is not None and value > self.high)


@dataclass(frozen=True)
class Cell:
    entry_id: int | None  # None in a frozen revision
    version: int = 0
    value: float | None = None
    text: str = ""
    result: str = ""  # "ok", "abnormal", "" = not yet
    source: str = "manual"
    read_at: str = ""  # site-local "YYYY-MM-DD HH:MM" of a monitor reading
    note: str = ""
    entered_by: str = ""  # the person's name (张伟), not the login
    shown: str = ""  # as the sheet prints it: 24.5 ℃, 正常, 不适用, the text

    @property
    def filled(self) -> bool:
        return bool(self.result)


@dataclass(frozen=True)
class Row:
    unit_id: int | None
    asset_tag: str
    name: str
    cells: Mapping[str, Cell] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def counts(self) -> tuple[int, int, int]:
        """(filled, total, abnormal) cells."""
        cells = [row.cells[c.key] for row in self.rows for c in self.columns if c.key in row.cells]
        return (sum(1 for c in cells if c.filled), len(cells), sum(1 for c in cells if c.result == "abnormal"))

    def with_cell(self, row: int, key: str, cell: Cell) -> Section:
        """This section with one cell replaced (a value just stored)."""
        rows = list(self.rows)
        rows[row] = dataclasses.replace(rows[row], cells={**rows[row].cells, key: cell})
        return dataclasses.replace(self, rows=tuple(rows))

    def shape(self) -> tuple[str, tuple[Column, ...], tuple[tuple[int | None, str, tuple[str, ...]], ...]]:
        """What the table's layout depends on: its columns and its devices."""
        return self.key, self.columns, tuple((r.unit_id, r.asset_tag, tuple(r.cells)) for r in self.rows)


@dataclass(frozen=True)
class SignatureInfo:
    meaning: str
    printed_name: str
    role: str
    signed_at: str
    has_image: bool


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    created_at: str
    created_by: str  # the person's name (张伟), not the login
    reason: str
    signatures: tuple[SignatureInfo, ...]
    snapshot: Mapping[str, Any]


@dataclass(frozen=True)
class SheetState:
    id: int
    site_id: int
    site_name: str
    kind: str
    kind_name: str
    period: str
    due: dt.date
    status: str  # draft, inspected, reviewed
    provisional: bool
    findings: str
    advice: str
    version: int
    tz: str
    sections: tuple[Section, ...]
    revision: int | None  # the latest frozen revision, if any
    signatures: tuple[SignatureInfo, ...]  # of the latest revision
    revision_count: int
    completion: Completion  # when the inspector first signed, against the due day

    @property
    def locked(self) -> bool:
        """Signed: values change only through 更正 (a new revision)."""
        return self.status != "draft"

    @property
    def title(self) -> str:
        return f"{self.kind_name} {labels.period(self.period)}"

    def counts(self) -> tuple[int, int, int]:
        totals = [s.counts() for s in self.sections]
        return (sum(t[0] for t in totals), sum(t[1] for t in totals), sum(t[2] for t in totals))

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def with_cell(self, section_key: str, row: int, key: str, cell: Cell) -> SheetState:
        """This sheet with one cell replaced (a value just stored)."""
        sections = tuple(s.with_cell(row, key, cell) if s.key == section_key else s for s in self.sections)
        return dataclasses.replace(self, sections=sections)

    def same_layout(self, other: SheetState) -> bool:
        """The same sheet in the same state, tables of the same shape: only values may differ."""
        return ((self.id, self.status, self.revision, self.revision_count) ==
                (other.id, other.status, other.revision, other.revision_count)
                and [s.shape() for s in self.sections] == [s.shape() for s in other.sections])


def _float(x: Any) -> float | None:
    return None if x is None or x == "" else float(x)


def column_of(spec: Any) -> Column:
    """An ItemSpec (object or dict) as a Column."""
    def get(name: str, default: Any = None) -> Any:
        return spec.get(name, default) if isinstance(spec, dict) else getattr(spec, name, default)

    return Column(key=get("key"), label=get("label", get("key")), kind=get("kind", "text") or "text",
                  unit=get("unit", "") or "", low=_float(get("low")), high=_float(get("high")),
                  hint=get("hint", "") or "")


def signatures_of(record: SignedRecord | None, tz: str) -> tuple[SignatureInfo, ...]:
    if record is None:
        return ()
    return tuple(SignatureInfo(s.meaning, s.printed_name, s.role, format_local(s.signed_at, tz), bool(s.image_png))
                 for s in record.signatures)


def _cell(spec: Any, entry: InspectionEntry, tz: str, entered_by: str) -> Cell:
    return Cell(entry.id, entry.version, entry.value, entry.text or "", entry.result or "", entry.source or "manual",
                format_local(entry.read_at, tz) if entry.read_at else "", entry.note or "", entered_by,
                inspection_ops.value_text(spec, entry))


def load_sheet(session: Session, inspection_id: int) -> SheetState:
    """The sheet of one inspection as it stands, with its latest signed revision."""
    sheet = inspection_ops.get_sheet(session, inspection_id)
    tz = sheet.site.timezone
    names = display_names(session, {e.entered_by for e in sheet.entries})
    sections = []
    for section in inspection_ops.sheet_rows(session, sheet):
        rows = []
        for row in section.rows:
            cells = {spec.key: _cell(spec, entry, tz, names.get(entry.entered_by, ""))
                     for spec in section.columns if (entry := row.entries.get(spec.key)) is not None}
            rows.append(Row(row.unit_id, row.asset_tag or "", row.name or "", cells))
        sections.append(Section(section.key, section.title, tuple(column_of(c) for c in section.columns), tuple(rows)))
    record = inspection_ops.latest_record(session, inspection_id)
    count = sum(1 for r in revisions(session, "inspection", inspection_id) if r.signatures)
    return SheetState(
        id=sheet.id, site_id=sheet.site_id, site_name=sheet.site.name, kind=sheet.kind,
        kind_name=labels.inspection_kind(sheet.kind), period=sheet.period, due=sheet.due,
        status=sheet.status, provisional=bool(sheet.provisional), findings=sheet.findings or "",
        advice=sheet.advice or "", version=sheet.version, tz=tz, sections=tuple(sections),
        revision=record.revision if record else None, signatures=signatures_of(record, tz), revision_count=count,
        completion=inspection_review.completion(session, inspection_id))


def enter_cell(session: Session, actor: Principal, entry_id: int, column: Column, *, note: str | None = None,
               expected_version: int | None = None, **change: Any) -> Cell:
    """:func:`opsdesk.ops.inspection.enter`, answered with the cell as the sheet now shows it."""
    entry = inspection_ops.enter(session, actor, entry_id, note=note, expected_version=expected_version, **change)
    session.flush()  # the entry's new version
    return _cell(column, entry, entry.inspection.site.timezone, actor.display_name or entry.entered_by)


def load_revisions(session: Session, inspection_id: int, tz: str, *,
                   signed_only: bool = False) -> tuple[RevisionInfo, ...]:
    """Every frozen revision of a sheet (only those signed, if asked), the oldest first."""
    found = [r for r in revisions(session, "inspection", inspection_id) if r.signatures or not signed_only]
    names = display_names(session, {r.created_by for r in found})
    return tuple(RevisionInfo(r.revision, format_local(r.created_at, tz), names.get(r.created_by, r.created_by),
                              r.reason or "", signatures_of(r, tz), r.snapshot)
                 for r in found)


def sections_of_snapshot(snapshot: Mapping[str, Any]) -> tuple[Section, ...]:
    """A frozen revision's tables, read-only."""
    sections = []
    for section in snapshot.get("sections", []):
        columns = tuple(column_of(c) for c in section.get("columns", []))
        rows = []
        for row in section.get("rows", []):
            cells = {key: Cell(None, 0, _float(v.get("value")), v.get("text", "") or "", v.get("result", "") or "",
                               v.get("source", "manual") or "manual", v.get("read_at", "") or "",
                               v.get("note", "") or "", "", v.get("text", "") or "")
                     for key, v in (row.get("values") or {}).items()}
            rows.append(Row(None, row.get("asset_tag", "") or "", row.get("name", "") or "", cells))
        sections.append(Section(section.get("key", ""), section.get("title", ""), columns, tuple(rows)))
    return tuple(sections)
