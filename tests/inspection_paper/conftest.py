"""A large monthly sheet to print: every device class of the seed 002 register.

``snapshot_yhl.json`` is the snapshot shape of the inspection contract, filled for the
119 units of 永和路数据中心 in the demo register (seed 002) plus three room check
points: monitor-filled readings with their read times, manual entries, and five
abnormal items with notes. Signed records are built in memory here, so the paper and
the page comparison are tested without the store."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from opsdesk.models.signing import Signature, SignedRecord, sha256
from opsdesk.reports import fonts

SNAPSHOT = Path(__file__).with_name("snapshot_yhl.json")


def load_snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def signature_png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (360, 110), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(10, 80), (80, 20), (150, 90), (220, 30), (340, 70)], fill=(20, 20, 120, 255), width=6)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def make_record(snapshot: dict, *, revision: int = 1, reason: str = "", signed: tuple[str, ...] = ("巡检人", "审核人"),
                image: bytes | None = None, record_id: int = 1) -> SignedRecord:
    """A signed revision as :mod:`opsdesk.ops.signing` would store it (not added to a session)."""
    record = SignedRecord(kind="inspection", record_id=record_id, revision=revision, snapshot=copy.deepcopy(snapshot),
                          content_hash=sha256(snapshot), reason=reason, created_at=dt.datetime(2026, 11, 22, 1, 0))
    people = {"巡检人": ("zhangwei", "张伟", "duty", dt.datetime(2026, 11, 22, 1, 30), image),
              "审核人": ("wangfang", "王芳", "supervisor", dt.datetime(2026, 11, 22, 2, 0), None)}
    for meaning in signed:
        user, name, role, when, png = people[meaning]
        sig = Signature(username=user, printed_name=name, role=role, meaning=meaning, signed_at=when,
                        image_png=png, hash="")
        record.signatures.append(sig)
        sig.hash = sig.compute_hash(record.content_hash)
    return record


@pytest.fixture
def snapshot() -> dict:
    return load_snapshot()


@pytest.fixture
def record(snapshot) -> SignedRecord:
    return make_record(snapshot, image=signature_png())


@pytest.fixture(scope="session", autouse=True)
def _font_once() -> None:
    fonts.register()


@pytest.fixture(autouse=True)
def _fresh_glyph_audit():
    fonts.reset_drawn()
    yield
