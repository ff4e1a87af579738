"""Inspection sheets (R-INSP-1 … R-INSP-5): open the sheet of a site for a period from the
template of its kind, fill it from the monitor and by hand with each value checked against its
expected range, write findings, sign as 巡检人 then 审核人 (frozen as a snapshot through
ops.signing), correct as revision n+1, and the calendar of what is due, done and overdue."""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from opsdesk import paths
from opsdesk.clock import DEFAULT_TZ, format_local, now, to_local
from opsdesk.i18n import t
from opsdesk.models import audit, categories, labels, settings
from opsdesk.models.equipment import RegisterLine, Site, Unit, display_name, place
from opsdesk.models.inspection import EntryResult, Inspection, InspectionEntry, InspectionStatus
from opsdesk.models.inspection_schedule import KIND_NAMES, Due, schedule
from opsdesk.models.monitoring import MetricSeries, series_name, series_text
from opsdesk.models.signing import Signature, SignedRecord, latest, revisions, short_code
from opsdesk.models.users import Perm, Principal, require
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import papers
from opsdesk.ops.errors import ConflictError, NotFound, OpError, ValidationError
from opsdesk.ops.signing import confirm_password, freeze, sign

TEMPLATE_DIR = paths.DATA / "inspections"
RECORD_KIND = "inspection"
INSPECTOR = "巡检人"
REVIEWER = "审核人"

# A register category's device class (the templates' section key) and a class's title where a
# template gives none: data/categories.toml (inspection_class), opsdesk.models.categories.
ITEM_KINDS = ("number", "check", "text")
RESULT_TEXT = {"ok": "正常", "abnormal": "异常", "na": "不适用"}


class SheetLocked(OpError):
    pass


# -- templates -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemSpec:
    key: str
    label: str
    kind: str  # number, check, text
    unit: str = ""
    low: float | None = None
    high: float | None = None
    metrics: tuple[str, ...] = ()  # roles of the readings that fill it in (opsdesk.models.roles)
    combine: str = "max"
    hint: str = ""
    low_setting: str = ""
    high_setting: str = ""

    @property
    def metric(self) -> str | None:
        return self.metrics[0] if self.metrics else None

    def resolved(self, session: Session) -> ItemSpec:
        """With a range taken from the shared settings (room limits) filled in."""
        low = settings.get(session, self.low_setting) if self.low_setting else self.low
        high = settings.get(session, self.high_setting) if self.high_setting else self.high
        if (low, high) == (self.low, self.high):
            return self
        return ItemSpec(self.key, self.label, self.kind, self.unit, low, high, self.metrics, self.combine,
                        self.hint, self.low_setting, self.high_setting)

    def in_range(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def range_text(self) -> str:
        """18–28 ℃, ≤ 80 %, ≥ 15 min."""
        if self.kind != "number":
            return ""
        unit = f" {self.unit}" if self.unit else ""
        low, high = self.low, self.high
        if low is not None and high is not None:
            return f"{fmt_number(low)}–{fmt_number(high)}{unit}"
        if high is not None:
            return f"≤ {fmt_number(high)}{unit}"
        if low is not None:
            return f"≥ {fmt_number(low)}{unit}"
        return ""

    def as_column(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "kind": self.kind, "unit": self.unit,
                "low": self.low, "high": self.high, "range": self.range_text()}


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    scope: str  # "unit": one row per unit of the class; "site": one row for the site
    items: tuple[ItemSpec, ...]
    row: str = ""  # a site-level section's row name


@dataclass(frozen=True)
class Template:
    kind: str
    title: str
    sections: tuple[SectionSpec, ...]

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)


def _number(v: Any) -> float | None:
    return None if v is None else float(v)


def parse_template(data: dict[str, Any], source: str = "") -> Template:
    kind = data.get("kind", "")
    if kind not in KIND_NAMES:
        raise ValueError(f"{source}: unknown kind {kind!r}")
    sections = []
    site_keys: set[str] = set()
    for s in data.get("section", []):
        scope = s.get("scope", "unit")
        if scope not in ("unit", "site"):
            raise ValueError(f"{source}: section {s.get('key')}: scope {scope!r}")
        items, keys = [], set()
        for i in s.get("item", []):
            key = i["key"]
            if key in keys or (scope == "site" and key in site_keys):
                raise ValueError(f"{source}: duplicate item key {key!r}")
            keys.add(key)
            if i.get("kind") not in ITEM_KINDS:
                raise ValueError(f"{source}: item {key}: kind {i.get('kind')!r}")
            metric = i.get("roles", ())
            items.append(ItemSpec(key=key, label=i["label"], kind=i["kind"], unit=i.get("unit", ""),
                                  low=_number(i.get("low")), high=_number(i.get("high")),
                                  metrics=(metric,) if isinstance(metric, str) else tuple(metric),
                                  combine=i.get("combine", "max"), hint=i.get("hint", ""),
                                  low_setting=i.get("low_setting", ""), high_setting=i.get("high_setting", "")))
        if scope == "site":
            site_keys |= keys
        sections.append(SectionSpec(key=s["key"], title=s.get("title") or categories.class_name(s["key"]),
                                    scope=scope, items=tuple(items), row=s.get("row", "")))
    return Template(kind=kind, title=data.get("title", KIND_NAMES[kind]), sections=tuple(sections))


@functools.cache
def templates() -> dict[str, Template]:
    """The shipped templates by kind (data/inspections/*.toml)."""
    out = {}
    for path in sorted(TEMPLATE_DIR.glob("*.toml")):
        tpl = parse_template(tomllib.loads(path.read_text(encoding="utf-8")), path.name)
        out[tpl.kind] = tpl
    return out


def template_for(kind: str) -> Template:
    try:
        return templates()[kind]
    except KeyError:
        raise ValidationError("kind", t("Unknown inspection kind '{kind}'.", kind=kind)) from None


# -- formatting ------------------------------------------------------------------------------

def fmt_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 100 else f"{value:.1f}".rstrip("0").rstrip(".")


def value_text(spec: ItemSpec, entry: InspectionEntry) -> str:
    """What the sheet shows and prints for an entry: 24.5 ℃, 35 %, 正常, the text."""
    if entry.result == "na":
        return RESULT_TEXT["na"]
    if spec.kind == "number":
        if entry.value is None:
            return entry.text
        return f"{fmt_number(entry.value)} {spec.unit}".strip()
    if spec.kind == "check":
        if entry.text:
            return entry.text
        return RESULT_TEXT.get(entry.result, "")
    return entry.text


# -- the sheet -------------------------------------------------------------------------------

@dataclass
class SheetRow:
    unit_id: int | None
    asset_tag: str
    name: str
    entries: dict[str, InspectionEntry] = field(default_factory=dict)
    location: str = ""


@dataclass
class SheetSection:
    key: str
    title: str
    columns: list[ItemSpec]
    rows: list[SheetRow]


@dataclass(frozen=True)
class DueItem:
    site_id: int
    site_name: str
    kind: str
    title: str
    period: str
    due: dt.date
    provisional: bool
    state: str  # done, review (signed by the inspector, awaiting the reviewer), due, overdue, in_progress
    inspection_id: int | None = None
    inspected_on: dt.date | None = None  # site-local day the inspector first signed the sheet

    @property
    def late(self) -> bool:
        """The inspector signed after the due day: the engineers' part was done late."""
        return self.inspected_on is not None and self.inspected_on > self.due

    @property
    def shown_state(self) -> str:
        """The state as the calendar shows it: a late completion is not a plain 已完成."""
        return "done_late" if self.state == "done" and self.late else self.state


def site_units(session: Session, site_id: int) -> dict[str, list[Unit]]:
    """The site's units by device class, by asset tag."""
    classes = {c.code: c.inspection_class for c in categories.categories().all if c.inspection_class}
    query = (select(Unit).join(RegisterLine).where(RegisterLine.site_id == site_id,
                                                   RegisterLine.category.in_(list(classes)))
             .options(selectinload(Unit.line), selectinload(Unit.rack), selectinload(Unit.room))
             .order_by(Unit.asset_tag))
    out: dict[str, list[Unit]] = {}
    for unit in session.scalars(query):
        out.setdefault(classes[unit.line.category], []).append(unit)
    return out


def _name(unit: Unit) -> str:
    """A sheet's 名称型号 column beside the asset tag's: the line's title, else its category."""
    return display_name("", unit.line.title, unit.line.category)


def _place(unit: Unit) -> str:
    """A sheet's location column (the site is the sheet's own)."""
    return place("", unit.room.name if unit.room else "", unit.rack.name if unit.rack else "")


def _applies(template: Template, units: dict[str, list[Unit]]) -> bool:
    return any(s.scope == "site" or units.get(s.key) for s in template.sections)


def get_sheet(session: Session, inspection_id: int) -> Inspection:
    sheet = session.get(Inspection, inspection_id, options=[selectinload(Inspection.entries),
                                                            selectinload(Inspection.site)])
    if sheet is None:
        raise NotFound(t("No inspection sheet {id}.", id=inspection_id))
    return sheet


def find_sheet(session: Session, site_id: int, kind: str, period: str) -> Inspection | None:
    return session.scalars(select(Inspection).where(Inspection.site_id == site_id, Inspection.kind == kind,
                                                    Inspection.period == period)).first()


def due_for(session: Session, kind: str, period: str, calendar: WorkCalendar | None = None) -> Due:
    """The schedule's entry for a kind and period (its due date and whether it is provisional)."""
    calendar = calendar or WorkCalendar.load(session)
    year = int(period[:4])
    for candidate in schedule(calendar, year) + schedule(calendar, year - 1):
        if candidate.kind == kind and candidate.period == period:
            return candidate
    raise ValidationError("period", t("No {kind} is scheduled for {period}.", kind=labels.inspection_kind(kind),
                                      period=period))


def open_sheet(session: Session, actor: Principal, site_id: int, kind: str, period: str) -> Inspection:
    """This period's sheet of the site: found, or made from the template for the site's
    units (one entry per item and unit) and filled from the monitor."""
    require(actor, Perm.INSPECT)
    template = template_for(kind)
    sheet = find_sheet(session, site_id, kind, period)
    if sheet is not None:
        return get_sheet(session, sheet.id)
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(t("No site {id}.", id=site_id))
    due = due_for(session, kind, period)
    sheet = Inspection(site_id=site_id, kind=kind, period=period, due=due.due, provisional=due.provisional,
                       created_by=actor.username, created_at=now())
    session.add(sheet)
    session.flush()
    units = site_units(session, site_id)
    for section in template.sections:
        targets: list[Unit | None] = [None] if section.scope == "site" else list(units.get(section.key, []))
        for unit in targets:
            for item in section.items:
                session.add(InspectionEntry(inspection_id=sheet.id, unit_id=unit.id if unit else None,
                                            section=section.key, item_key=item.key))
    session.flush()
    audit.record(session, actor.username, "inspection.open", "inspection", sheet.id,
                 t("{title} of {site} opened", title=f"{labels.inspection_kind(kind)} {period}", site=site.name), None,
                 {"site": site.code, "kind": kind, "period": period})
    session.expire(sheet, ["entries"])
    autofill(session, actor, sheet)
    return get_sheet(session, sheet.id)


def _specs(session: Session, template: Template) -> dict[tuple[str, str], ItemSpec]:
    return {(s.key, i.key): i.resolved(session) for s in template.sections for i in s.items}


def sheet_rows(session: Session, inspection: Inspection) -> list[SheetSection]:
    """The sheet as the screen shows it: per section its columns and one row per unit."""
    template = template_for(inspection.kind)
    units = {u.id: u for u in session.scalars(
        select(Unit).where(Unit.id.in_({e.unit_id for e in inspection.entries if e.unit_id}))
        .options(selectinload(Unit.line), selectinload(Unit.rack), selectinload(Unit.room)))}
    by_section: dict[str, dict[int | None, dict[str, InspectionEntry]]] = {}
    for entry in inspection.entries:
        by_section.setdefault(entry.section, {}).setdefault(entry.unit_id, {})[entry.item_key] = entry
    out = []
    for section in template.sections:
        rows_by_unit = by_section.get(section.key)
        if not rows_by_unit:
            continue
        rows = []
        for unit_id, entries in rows_by_unit.items():
            unit = units.get(unit_id) if unit_id else None
            if unit is not None:
                rows.append(SheetRow(unit_id, unit.asset_tag, _name(unit), entries, _place(unit)))
            else:
                rows.append(SheetRow(None, "", section.row or inspection.site.name, entries, ""))
        rows.sort(key=lambda r: r.asset_tag)
        out.append(SheetSection(section.key, section.title, [i.resolved(session) for i in section.items], rows))
    return out


# -- the monitor's values ----------------------------------------------------------------------

# What the monitor fills into an inspection sheet is said in Chinese, the signed paper's language,
# whichever language the poller ran in and the console is in.
FILLED_IN = "zh"


def _reading(session: Session, inspection: Inspection, unit_id: int | None,
             spec: ItemSpec) -> tuple[float | None, str, str, dt.datetime] | None:
    """(value, text, result, read time) from the latest readings: the unit's own series, or
    for a site-level item every series of the site; the first metric that has any wins."""
    for role in spec.metrics:
        query = select(MetricSeries).where(MetricSeries.role == role, MetricSeries.last_at.isnot(None))
        if unit_id is not None:
            query = query.where(MetricSeries.unit_id == unit_id)
        else:
            query = (query.join(Unit, MetricSeries.unit_id == Unit.id).join(RegisterLine)
                     .where(RegisterLine.site_id == inspection.site_id))
        series = list(session.scalars(query))
        if not series:
            continue
        at = min(s.last_at for s in series if s.last_at is not None)  # all of them: the query wants a last_at
        if spec.kind == "check":
            bad = [s for s in series if s.last_severity in ("warning", "critical")]
            if bad:
                text = labels.clauses([labels.said_of(series_name(s, FILLED_IN), said, FILLED_IN)
                                       if (said := series_text(s, FILLED_IN)) else series_name(s, FILLED_IN)
                                       for s in bad[:3]], FILLED_IN)
                return None, text, EntryResult.ABNORMAL.value, at
            texts = {said for s in series if (said := series_text(s, FILLED_IN))}
            text = texts.pop() if len(texts) == 1 and len(series) == 1 else ""
            return None, text, EntryResult.OK.value, at
        values = [s.last_value for s in series if s.last_value is not None]
        if not values:
            continue
        value = max(values) if spec.combine != "min" else min(values)
        if spec.kind == "text":
            return None, f"{fmt_number(value)} {spec.unit}".strip(), EntryResult.OK.value, at
        ok = spec.in_range(value)
        return round(value, 2), "", (EntryResult.OK if ok else EntryResult.ABNORMAL).value, at
    return None


def autofill(session: Session, actor: Principal, inspection: Inspection) -> int:
    """Fill the items the monitor has with its latest values and their time; a value an
    engineer entered stays. Returns how many entries changed."""
    require(actor, Perm.INSPECT)
    if inspection.status != InspectionStatus.DRAFT:
        return 0
    specs = _specs(session, template_for(inspection.kind))
    changed = 0
    for entry in inspection.entries:
        spec = specs.get((entry.section, entry.item_key))
        if spec is None or not spec.metrics or (entry.source == "manual" and entry.result):
            continue
        found = _reading(session, inspection, entry.unit_id, spec)
        if found is None:
            continue
        value, text, result, at = found
        if (entry.value, entry.text, entry.result, entry.read_at) == (value, text, result, at):
            continue
        entry.value, entry.text, entry.result, entry.read_at = value, text, result, at
        entry.source, entry.entered_by, entry.entered_at = "monitor", "", now()
        if result == EntryResult.ABNORMAL and not entry.note:
            entry.note = t("Monitor reading outside the expected range")
        changed += 1
    if changed:
        session.flush()
        audit.record(session, actor.username, "inspection.autofill", "inspection", inspection.id,
                     t("{n} values filled in from the monitor", n=changed), None, {"entries": changed})
    return changed


# -- entering ---------------------------------------------------------------------------------

def _editable(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.DRAFT:
        raise SheetLocked(t("The sheet is signed and locked: a correction is a new revision with a reason."))


def enter(session: Session, actor: Principal, entry_id: int, *, value: float | None = None, text: str | None = None,
          result: str | None = None, note: str | None = None, expected_version: int | None = None) -> InspectionEntry:
    """Enter one item by hand. A number is checked against its expected range: outside it the
    item is 异常 and needs a note. ``result``: "ok", "abnormal", "na" (不适用, needs a note) or ""
    to clear. ``note`` None keeps the note there is."""
    require(actor, Perm.INSPECT)
    entry = session.get(InspectionEntry, entry_id)
    if entry is None:
        raise NotFound(t("No inspection item {id}.", id=entry_id))
    if expected_version is not None and entry.version != expected_version:
        raise ConflictError()
    sheet = entry.inspection
    _editable(sheet)
    spec = _specs(session, template_for(sheet.kind)).get((entry.section, entry.item_key))
    if spec is None:
        raise NotFound(t("No inspection item {id}.", id=entry_id))
    if result is not None and result not in ("", "ok", "abnormal", "na"):
        raise ValidationError("result", t("Unknown result '{result}'.", result=result))
    before = {"value": entry.value, "text": entry.text, "result": entry.result, "note": entry.note,
              "source": entry.source}
    new_value, new_text = entry.value, entry.text
    new_note = entry.note if note is None else note.strip()
    if entry.source == "monitor" and note is None:
        new_note = ""  # the monitor's own remark goes with its value
    new_result = entry.result
    if spec.kind == "number":
        if value is not None:
            try:
                new_value = float(value)
            except (TypeError, ValueError):
                raise ValidationError("value", t("{label}: enter a number.", label=spec.label)) from None
            new_text = ""
            in_range = spec.in_range(new_value)
            new_result = result if result in ("abnormal",) else (
                EntryResult.OK.value if in_range else EntryResult.ABNORMAL.value)
            if not in_range and result == "ok":
                new_result = EntryResult.ABNORMAL.value
        elif result is not None:
            new_result = result
            if result in ("", "na"):
                new_value = None
        if text is not None:
            new_text = text.strip() if new_value is None else ""
    else:
        if text is not None:
            new_text = text.strip()
        if result is not None:
            new_result = result
        elif spec.kind == "text" and text is not None:
            new_result = EntryResult.OK.value if new_text else ""
        elif spec.kind == "check" and text is not None and not new_result:
            new_result = EntryResult.OK.value
    if spec.kind == "number" and new_value is not None and not spec.in_range(new_value) and new_result == "ok":
        new_result = EntryResult.ABNORMAL.value
    if new_result == EntryResult.ABNORMAL and not new_note:
        if spec.kind == "number" and new_value is not None and not spec.in_range(new_value):
            raise ValidationError("note", t(
                "{label}: {value} is outside the expected range {range}; a note is required.",
                label=spec.label, value=f"{fmt_number(new_value)} {spec.unit}".strip(), range=spec.range_text()))
        raise ValidationError("note", t("{label}: an abnormal item needs a note.", label=spec.label))
    if new_result == "na" and not new_note:
        raise ValidationError("note", t("{label}: say why the item does not apply.", label=spec.label))
    entry.value, entry.text, entry.result, entry.note = new_value, new_text, new_result, new_note
    if (entry.value, entry.text, entry.result) != (before["value"], before["text"], before["result"]):
        entry.source, entry.read_at = "manual", None
    entry.entered_by, entry.entered_at = actor.username, now()
    after = {"value": entry.value, "text": entry.text, "result": entry.result, "note": entry.note,
             "source": entry.source}
    if before != after:
        session.flush()
        tag = entry.unit.asset_tag if entry.unit else categories.class_name(entry.section)
        audit.record(session, actor.username, "inspection.enter", "inspection", sheet.id,
                     f"{tag} {spec.label}", before, after)
    return entry


def set_findings(session: Session, actor: Principal, inspection_id: int, findings: str, advice: str,
                 expected_version: int | None = None) -> Inspection:
    """巡检发现 and 处理建议, written at the end of the sheet."""
    require(actor, Perm.INSPECT)
    sheet = get_sheet(session, inspection_id)
    if expected_version is not None and sheet.version != expected_version:
        raise ConflictError()
    _editable(sheet)
    before = {"findings": sheet.findings, "advice": sheet.advice}
    sheet.findings, sheet.advice = findings.strip(), advice.strip()
    after = {"findings": sheet.findings, "advice": sheet.advice}
    if before != after:
        session.flush()
        audit.record(session, actor.username, "inspection.findings", "inspection", sheet.id,
                     t("Findings and advice"), before, after)
    return sheet


# -- freezing and signing ---------------------------------------------------------------------

def _revision_for(session: Session, inspection: Inspection) -> int:
    current = latest(session, RECORD_KIND, inspection.id)
    if current is None:
        return 1
    if current.signatures and inspection.status == InspectionStatus.DRAFT:
        return current.revision + 1
    return current.revision


def snapshot(session: Session, inspection: Inspection, *, inspected_by: str | None = None) -> dict[str, Any]:
    """The frozen form of the sheet: what the signatures cover and the paper prints. Times in
    the site's local time, values already formatted for print."""
    site = inspection.site
    tz = site.timezone or DEFAULT_TZ
    sections = []
    for section in sheet_rows(session, inspection):
        rows = []
        for row in section.rows:
            values = {}
            for spec in section.columns:
                entry = row.entries.get(spec.key)
                if entry is None:
                    continue
                values[spec.key] = {
                    "text": value_text(spec, entry), "value": entry.value, "result": entry.result,
                    "source": entry.source, "read_at": format_local(entry.read_at, tz) if entry.read_at else "",
                    "note": entry.note,
                }
            rows.append({"asset_tag": row.asset_tag, "name": row.name, "location": row.location, "values": values})
        sections.append({"key": section.key, "title": section.title,
                         "columns": [c.as_column() for c in section.columns], "rows": rows})
    if inspected_by is None and inspection.status != InspectionStatus.DRAFT:
        record = latest(session, RECORD_KIND, inspection.id)
        if record is not None:
            inspected_by = record.snapshot.get("inspected_by")
    return {
        "kind": inspection.kind, "kind_name": KIND_NAMES[inspection.kind],
        "title": template_for(inspection.kind).title, "period": inspection.period,
        "due": inspection.due.isoformat(), "provisional": bool(inspection.provisional),
        "revision": _revision_for(session, inspection),
        "site": {"name": site.name, "code": site.code, "hospital": site.hospital},
        "sections": sections, "findings": inspection.findings, "advice": inspection.advice,
        "inspected_by": inspected_by,
    }


def blank_snapshot(session: Session, site_id: int, kind: str, period: str) -> dict[str, Any]:
    """A sheet with the site's rows and no values: the paper form for when the console is down."""
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(t("No site {id}.", id=site_id))
    template = template_for(kind)
    due = due_for(session, kind, period)
    units = site_units(session, site_id)
    sections = []
    for section in template.sections:
        if section.scope == "site":
            rows = [{"asset_tag": "", "name": section.row or site.name, "location": "", "values": {}}]
        else:
            rows = [{"asset_tag": u.asset_tag, "name": _name(u), "location": _place(u), "values": {}}
                    for u in units.get(section.key, [])]
        if rows:
            sections.append({"key": section.key, "title": section.title,
                             "columns": [i.resolved(session).as_column() for i in section.items], "rows": rows})
    return {"kind": kind, "kind_name": KIND_NAMES[kind], "title": template.title, "period": period,
            "due": due.due.isoformat(), "provisional": due.provisional, "revision": 0,
            "site": {"name": site.name, "code": site.code, "hospital": site.hospital},
            "sections": sections, "findings": "", "advice": "", "inspected_by": None}


def open_items(inspection: Inspection) -> list[InspectionEntry]:
    return [e for e in inspection.entries if not e.result]


def sign_as_inspector(session: Session, user: Principal, password: str, inspection_id: int,
                      image_png: bytes | None = None) -> Inspection:
    """巡检人 signs: every item has a result; the sheet is frozen and locked."""
    require(user, Perm.INSPECT)
    user = confirm_password(session, user, password)  # first: a wrong password is counted and committed
    sheet = get_sheet(session, inspection_id)
    if sheet.status != InspectionStatus.DRAFT:
        raise SheetLocked(t("The sheet is signed already."))
    missing = open_items(sheet)
    if missing:
        raise ValidationError("items", t("{n} items are not filled in yet.", n=len(missing)))
    name = user.display_name or user.username
    record = freeze(session, user, RECORD_KIND, sheet.id, snapshot(session, sheet, inspected_by=name))
    sign(session, user, record, INSPECTOR, image_png)
    papers.keep(session, record)  # a copy printed before the review is verifiable too
    sheet.status = InspectionStatus.INSPECTED.value
    session.flush()
    return sheet


def sign_as_reviewer(session: Session, user: Principal, password: str, inspection_id: int,
                     image_png: bytes | None = None) -> Inspection:
    """审核人 (the hospital's reviewer) signs the revision the inspector signed."""
    require(user, Perm.REVIEW_INSPECTION)
    user = confirm_password(session, user, password)
    sheet = get_sheet(session, inspection_id)
    record = latest(session, RECORD_KIND, sheet.id)
    if sheet.status == InspectionStatus.REVIEWED:
        raise SheetLocked(t("The sheet is reviewed already."))
    inspector = next((s for s in record.signatures if s.meaning == INSPECTOR), None) if record else None
    if sheet.status != InspectionStatus.INSPECTED or record is None or inspector is None:
        raise ValidationError("status", t("The inspector signs first."))
    if inspector.username == user.username:
        raise ValidationError("reviewer", t("The reviewer must be another person than the inspector."))
    sign(session, user, record, REVIEWER, image_png)
    papers.keep(session, record)
    sheet.status = InspectionStatus.REVIEWED.value
    session.flush()
    return sheet


def correct(session: Session, actor: Principal, inspection_id: int, reason: str) -> Inspection:
    """Reopen a signed sheet for a correction: revision n+1 with the reason, to be signed
    anew by both; the signed revisions stay readable."""
    require(actor, Perm.INSPECT)
    if not reason.strip():
        raise ValidationError("reason", t("The record is signed: a correction needs a reason and new signatures."))
    sheet = get_sheet(session, inspection_id)
    if sheet.status == InspectionStatus.DRAFT:
        raise ValidationError("status", t("The sheet is not signed: change it directly."))
    sheet.status = InspectionStatus.DRAFT.value
    record = freeze(session, actor, RECORD_KIND, sheet.id, snapshot(session, sheet), reason.strip())
    audit.record(session, actor.username, "inspection.correct", "inspection", sheet.id, reason.strip(), None,
                 {"revision": record.revision})
    session.flush()
    return sheet


def latest_record(session: Session, inspection_id: int, *, signed_only: bool = True) -> SignedRecord | None:
    """The newest revision with a signature (what is printed as signed); with
    ``signed_only=False`` also an unsigned revision being corrected."""
    for record in reversed(revisions(session, RECORD_KIND, inspection_id)):
        if record.signatures or not signed_only:
            return record
    return None


def signed_revisions(session: Session, inspection_id: int) -> list[SignedRecord]:
    return revisions(session, RECORD_KIND, inspection_id)


def record_code(record: SignedRecord) -> str:
    """The short verification code printed on the sheet (of the signed hash)."""
    return short_code(record.signed_hash())


def record_for_code(session: Session, code: str) -> SignedRecord | None:
    """The stored revision whose printed verification code is ``code`` (ABCD-EFGH)."""
    found = papers.find(session, code)
    return found[0] if found is not None and found[0].kind == RECORD_KIND else None


# -- the calendar -----------------------------------------------------------------------------

def _sites(session: Session, site_id: int | None) -> list[Site]:
    query = select(Site).order_by(Site.sort_order, Site.id)
    if site_id is not None:
        query = query.where(Site.id == site_id)
    return list(session.scalars(query))


def calendar(session: Session, site_id: int | None, year: int, month: int | None = None,
             today: dt.date | None = None) -> list[DueItem]:
    """What is due in a year (or a month of it), per site: done (reviewed), in progress,
    due, or overdue (past its day and not reviewed)."""
    today = today or to_local(now()).date()
    cal = WorkCalendar.load(session)
    items = [d for d in schedule(cal, year) if month is None or d.due.month == month]
    return _states(session, _sites(session, site_id), items, today)


def _states(session: Session, sites: list[Site], items: list[Due], today: dt.date) -> list[DueItem]:
    out = []
    since = settings.get(session, "inspection.since")
    if since:  # the service began then: nothing due before it is owed
        start = dt.date.fromisoformat(since)
        items = [d for d in items if d.due >= start]
    for site in sites:
        units = site_units(session, site.id)
        sheets = {(s.kind, s.period): s
                  for s in session.scalars(select(Inspection).where(Inspection.site_id == site.id))}
        signed = first_inspected(session, [s.id for s in sheets.values()])
        for due in items:
            if not _applies(template_for(due.kind), units):
                continue
            sheet = sheets.get((due.kind, due.period))
            if sheet is not None and sheet.status == InspectionStatus.REVIEWED:
                state = "done"
            elif sheet is not None and sheet.status == InspectionStatus.INSPECTED:
                state = "review"  # the engineers did their part; the reviewer's signature is awaited
            elif due.due < today:
                state = "overdue"
            elif sheet is not None:
                state = "in_progress"
            else:
                state = "due"
            at = signed.get(sheet.id) if sheet is not None else None
            out.append(DueItem(site.id, site.name, due.kind, due.title, due.period, due.due, due.provisional, state,
                               sheet.id if sheet else None,
                               to_local(at, site.timezone or DEFAULT_TZ).date() if at else None))
    return out


def first_inspected(session: Session, inspection_ids: list[int]) -> dict[int, dt.datetime]:
    """Inspection id → when its inspector first signed (UTC), over all revisions: a later
    correction signed again does not make a sheet done on time late, nor a late one on time."""
    if not inspection_ids:
        return {}
    query = (select(SignedRecord.record_id, func.min(Signature.signed_at))
             .join(Signature, Signature.record_id == SignedRecord.id)
             .where(SignedRecord.kind == RECORD_KIND, SignedRecord.record_id.in_(inspection_ids),
                    Signature.meaning == INSPECTOR)
             .group_by(SignedRecord.record_id))
    return {record_id: at for record_id, at in session.execute(query)}


def announcements(session: Session, today: dt.date | None = None) -> list[DueItem]:
    """For the main screen: what falls due within ``inspection.announce_days`` days, and
    what is overdue since last month began, not yet done (a sheet the inspector signed is
    listed as ``review``: it waits for the reviewer, not for the engineers)."""
    today = today or to_local(now()).date()
    days = settings.get(session, "inspection.announce_days")
    cal = WorkCalendar.load(session)
    since = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    years = sorted({since.year, today.year, (today + dt.timedelta(days=days)).year})
    items = [d for y in years for d in schedule(cal, y)
             if since <= d.due <= today + dt.timedelta(days=days)]
    found = _states(session, _sites(session, None), items, today)
    return sorted((d for d in found if d.state != "done"), key=lambda d: (d.due, d.site_id))
