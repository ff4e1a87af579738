"""signed papers: each signed revision's paper kept as drawn when signed (R-INSP-5), so that
verification compares a printed copy with what was printed, not with a fresh rendering by
whatever release is installed. Revisions signed before this revision get their paper drawn
now by drawing version 1, the frozen drawing of the release that signed them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import datetime as dt
import hashlib
import io
import json
import logging

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

log = logging.getLogger("opsdesk.migrations")


def upgrade() -> None:
    op.create_table('signed_paper',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=9), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('signed_record_id', sa.Integer(), nullable=False),
    sa.Column('signed_hash', sa.String(length=64), nullable=False),
    sa.Column('signatures', sa.Integer(), nullable=False),
    sa.Column('drawing', sa.Integer(), nullable=False),
    sa.Column('release', sa.String(length=32), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['signed_record_id'], ['signed_record.id'],
                            name=op.f('fk_signed_paper_signed_record_id_signed_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_paper')),
    sa.UniqueConstraint('signed_hash', 'drawing', name=op.f('uq_signed_paper_signed_hash'))
    )
    with op.batch_alter_table('signed_paper', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signed_paper_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_signed_paper_signed_record_id'), ['signed_record_id'], unique=False)
    keep_papers_signed_before(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('signed_paper', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signed_paper_signed_record_id'))
        batch_op.drop_index(batch_op.f('ix_signed_paper_code'))
    op.drop_table('signed_paper')


# -- the papers of revisions signed before -----------------------------------------------------
# Read from the rows as this revision knows them (not through today's models, which may have
# changed), drawn by the frozen drawing version 1.

def _utc(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def keep_papers_signed_before(conn) -> int:
    from pypdf import PdfReader

    from opsdesk.models.signing import short_code
    from opsdesk.reports.drawings import FROZEN, PaperInput, RecordView, SignatureView

    demo = conn.execute(sa.text("SELECT value FROM db_info WHERE key = 'demo'")).scalar() == "1"
    names = {u: d or u for u, d in conn.execute(sa.text("SELECT username, display_name FROM user_account"))}
    zones = {
        "inspection": dict(conn.execute(sa.text(
            "SELECT i.id, s.timezone FROM inspection i JOIN site s ON s.id = i.site_id")).all()),
        "shift": dict(conn.execute(sa.text(
            "SELECT h.id, s.timezone FROM shift h JOIN site s ON s.id = h.site_id")).all()),
    }
    signatures: dict[int, list] = {}
    for row in conn.execute(sa.text(
            "SELECT record_id, username, printed_name, role, meaning, signed_at, image_png, hash "
            "FROM signature ORDER BY id")):
        signatures.setdefault(row.record_id, []).append(SignatureView(
            row.username, row.printed_name, row.role, row.meaning, _utc(row.signed_at), row.image_png, row.hash))
    kept = 0
    records = conn.execute(sa.text(
        "SELECT id, kind, record_id, revision, reason, content_hash, created_at, snapshot "
        "FROM signed_record ORDER BY id"))
    for row in records.all():
        drawing = FROZEN.get(row.kind, {}).get(1)
        if drawing is None or not signatures.get(row.id):
            continue
        snapshot = json.loads(row.snapshot) if isinstance(row.snapshot, str) else row.snapshot
        record = RecordView(row.kind, row.record_id, row.revision, row.reason or "", row.content_hash,
                            _utc(row.created_at), snapshot, tuple(signatures[row.id]))
        tz = zones[row.kind].get(row.record_id, "Asia/Shanghai")
        try:
            pdf = drawing.render(PaperInput(record, demo, tz, names))
        except Exception as exc:  # noqa: BLE001 - no font, a damaged snapshot: verify draws it when asked
            log.warning("signed %s %s revision %s: paper not kept (%s); verification will draw it with "
                        "drawing 1 when asked", row.kind, row.record_id, row.revision, exc)
            continue
        signed = record.signed_hash()
        conn.execute(sa.text(
            "INSERT INTO signed_paper (code, kind, signed_record_id, signed_hash, signatures, drawing, release, pdf, "
            "pdf_sha256, pages, created_at) VALUES (:code, :kind, :rid, :signed, :n, 1, :release, :pdf, :sha, :pages, "
            ":now)"), {
                "code": short_code(signed), "kind": row.kind, "rid": row.id, "signed": signed,
                "n": len(record.signatures), "release": drawing.release, "pdf": pdf,
                "sha": hashlib.sha256(pdf).hexdigest(), "pages": len(PdfReader(io.BytesIO(pdf)).pages),
                "now": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
        kept += 1
    return kept
