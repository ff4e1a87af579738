"""What the sheet screens show, read in one session into plain data: the live sheet
(from ``sheet_rows``, with entry ids and versions for editing) or a frozen revision
(from its snapshot dict). Widgets never hold ORM rows past a session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from opsdesk.clock import format_local
from opsdesk.models.inspection_schedule import KIND_NAMES
from opsdesk.models.signing import SignedRecord, revisions
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ops import inspection_review
from opsdesk.ops.inspection_review import Completion


@dataclass
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


@dataclass
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


@dataclass
class Row:
    unit_id: int | None
    asset_tag: str
    name: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]

    def counts(self) -> tuple[int, int, int]:
        """(filled, total, abnormal) cells."""
        cells = [row.cells[c.key] for row in self.rows for c in self.columns if c.key in row.cells]
        return (sum(1 for c in cells if c.filled), len(cells), sum(1 for c in cells if c.result == "abnormal"))


@dataclass
class SignatureInfo:
    meaning: str
    printed_name: str
    role: str
    signed_at: str
    has_image: bool


@dataclass
class RevisionInfo:
    revision: int
    created_at: str
    created_by: str  # the person's name (张伟), not the login
    reason: str
    signatures: list[SignatureInfo]
    snapshot: dict[str, Any]


@dataclass
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
    sections: list[Section]
    revision: int | None  # the latest frozen revision, if any
    signatures: list[SignatureInfo]  # of the latest revision
    revision_count: int
    completion: Completion  # when the inspector first signed, against the due day

    @property
    def locked(self) -> bool:
        """Signed: values change only through 更正 (a new revision)."""
        return self.status != "draft"

    @property
    def title(self) -> str:
        return f"{self.kind_name} {self.period}"

    def counts(self) -> tuple[int, int, int]:
        totals = [s.counts() for s in self.sections]
        return tuple(sum(t[i] for t in totals) for i in range(3))  # type: ignore[return-value]


def _float(x: Any) -> float | None:
    return None if x is None or x == "" else float(x)


def column_of(spec: Any) -> Column:
    """An ItemSpec (object or dict) as a Column."""
    get = spec.get if isinstance(spec, dict) else lambda k, d=None: getattr(spec, k, d)
    return Column(key=get("key"), label=get("label", get("key")), kind=get("kind", "text") or "text",
                  unit=get("unit", "") or "", low=_float(get("low")), high=_float(get("high")),
                  hint=get("hint", "") or "")


def signatures_of(record: SignedRecord | None, tz: str) -> list[SignatureInfo]:
    if record is None:
        return []
    return [SignatureInfo(s.meaning, s.printed_name, s.role, format_local(s.signed_at, tz), bool(s.image_png))
            for s in record.signatures]


def load_sheet(session: Session, inspection_id: int) -> SheetState:
    sheet = inspection_ops.get_sheet(session, inspection_id)
    tz = sheet.site.timezone
    names = inspection_review.display_names(session, {e.entered_by for e in sheet.entries})
    sections = []
    for section in inspection_ops.sheet_rows(session, sheet):
        columns = [column_of(c) for c in section.columns]
        rows = []
        for row in section.rows:
            cells = {}
            for spec in section.columns:
                entry = row.entries.get(spec.key)
                if entry is None:
                    continue
                cells[spec.key] = Cell(entry.id, entry.version, entry.value, entry.text or "", entry.result or "",
                                       entry.source or "manual",
                                       format_local(entry.read_at, tz) if entry.read_at else "",
                                       entry.note or "", names.get(entry.entered_by, ""),
                                       inspection_ops.value_text(spec, entry))
            rows.append(Row(row.unit_id, row.asset_tag or "", row.name or "", cells))
        sections.append(Section(section.key, section.title, columns, rows))
    record = inspection_ops.latest_record(session, inspection_id)
    count = sum(1 for r in revisions(session, "inspection", inspection_id) if r.signatures)
    return SheetState(
        id=sheet.id, site_id=sheet.site_id, site_name=sheet.site.name, kind=sheet.kind,
        kind_name=KIND_NAMES.get(sheet.kind, sheet.kind), period=sheet.period, due=sheet.due,
        status=sheet.status, provisional=bool(sheet.provisional), findings=sheet.findings or "",
        advice=sheet.advice or "", version=sheet.version, tz=tz, sections=sections,
        revision=record.revision if record else None, signatures=signatures_of(record, tz), revision_count=count,
        completion=inspection_review.completion(session, inspection_id))


def load_revisions(session: Session, inspection_id: int, tz: str) -> list[RevisionInfo]:
    found = revisions(session, "inspection", inspection_id)
    names = inspection_review.display_names(session, {r.created_by for r in found})
    return [RevisionInfo(r.revision, format_local(r.created_at, tz), names.get(r.created_by, r.created_by),
                         r.reason or "", signatures_of(r, tz), r.snapshot)
            for r in found]


def sections_of_snapshot(snapshot: dict[str, Any]) -> list[Section]:
    """A frozen revision's tables, read-only."""
    sections = []
    for section in snapshot.get("sections", []):
        columns = [column_of(c) for c in section.get("columns", [])]
        rows = []
        for row in section.get("rows", []):
            cells = {key: Cell(None, 0, _float(v.get("value")), v.get("text", "") or "", v.get("result", "") or "",
                               v.get("source", "manual") or "manual", v.get("read_at", "") or "",
                               v.get("note", "") or "", "", v.get("text", "") or "")
                     for key, v in (row.get("values") or {}).items()}
            rows.append(Row(None, row.get("asset_tag", "") or "", row.get("name", "") or "", cells))
        sections.append(Section(section.get("key", ""), section.get("title", ""), columns, rows))
    return sections
