"""Figure ``import``: a 5,000-row register CSV through OpsDesk's importer, against
``csv.DictReader`` + ``sqlite3.executemany`` into one table with the same columns.

Both sides start from the same raw ``bytes`` (decoding and parsing are timed) and
end after COMMIT on a WAL database with ``synchronous=FULL``. Creating and
migrating the database, the first administrator and the site (OpsDesk), and the
table (baseline) are made before the clock starts.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Figure, log

ROWS = 5_000
LINES = 50
SITE_NAME, SITE_CODE = "永和路数据中心", "YHL"
ROOM = "主机房"
U_PER_RACK = 40

# (category, asset-tag code, names, brands and models)
_CATALOGUE = (
    ("服务器", "SRV", ("数据库服务器", "应用服务器", "虚拟化主机", "PACS服务器", "HIS前置机"),
     (("华为", "RH2288H V3"), ("浪潮", "NF5280M5"), ("联想", "SR650"), ("戴尔", "R740"), ("新华三", "R4900 G3"))),
    ("网络设备", "NET", ("核心交换机", "接入交换机", "汇聚交换机", "路由器"),
     (("华为", "S5735-L48T4X"), ("新华三", "S6520X-30QC"), ("锐捷", "RG-S5750C"), ("思科", "C9300-48T"))),
)


def make_register_csv(rows: int = ROWS, lines: int = LINES, seed: int = 2026) -> bytes:
    """A register export as Excel would hand it back: UTF-8 with BOM, every FIELDS column.

    ``lines`` distinct register lines (category, name, brand, model, purchased,
    warranty) share ``rows`` unit rows with unique asset tags, serials, rack/U
    places and management IPs."""
    from opsdesk.ops.devices import FIELDS

    rng = random.Random(seed)
    combos: list[dict[str, str]] = []
    seen: set[tuple] = set()
    while len(combos) < lines:
        category, _code, names, models = rng.choice(_CATALOGUE)
        brand, model = rng.choice(models)
        combo = {
            "category": category,
            "name": rng.choice(names),
            "brand": brand,
            "model": model,
            "purchased": f"{rng.randint(2015, 2024)}.{rng.randint(1, 12)}",
            "warranty_years": str(rng.choice((3, 5, 8))),
        }
        key = tuple(combo.values())
        if key not in seen:
            seen.add(key)
            combos.append(combo)
    codes = {c[0]: c[1] for c in _CATALOGUE}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([f.zh for f in FIELDS])
    for i in range(rows):
        combo = combos[i % lines] if i < lines else rng.choice(combos)  # every line gets at least one unit
        rack = f"{'ABCDEFGH'[(i // U_PER_RACK) % 8]}{i // U_PER_RACK // 8 + 1:02d}"
        values = {
            **combo,
            "asset_tag": f"{SITE_CODE}-{codes[combo['category']]}-{i + 1:05d}",
            "site": SITE_NAME,
            "serial": f"SN{rng.randrange(16**10):010X}{i:05d}",
            "room": ROOM,
            "rack": rack,
            "u_position": str(i % U_PER_RACK + 1),
            "u_height": "1",
            "mgmt_ip": f"10.{i // 65536 + 1}.{i // 256 % 256}.{i % 256}",
            "pdu_a": f"{rack}-PDU-A",
            "pdu_b": f"{rack}-PDU-B",
        }
        writer.writerow([values.get(f.key, "") for f in FIELDS])
    return buf.getvalue().encode("utf-8-sig")


# -- OpsDesk side -----------------------------------------------------------------------------

class OpsdeskImport:
    """A migrated template database made once; each run imports into a fresh copy of it."""

    def __init__(self, workdir: Path) -> None:
        from opsdesk.store import Store

        self.workdir = workdir
        self.template = workdir / "template.sqlite3"
        Store(str(self.template)).close()  # create + migrate, once
        self.runs = 0

    def prepare(self):
        """A fresh database with the first administrator and one site; returns (store, admin)."""
        from opsdesk.models.equipment import Site
        from opsdesk.ops.users import add_user
        from opsdesk.store import Store

        self.runs += 1
        path = self.workdir / f"run{self.runs}.sqlite3"
        _copy_db(self.template, path)
        store = Store(str(path))
        with store.write() as session:
            admin = add_user(session, None, "admin", "password123", "admin")
            session.add(Site(name=SITE_NAME, code=SITE_CODE))
        return store, admin

    @staticmethod
    def run(store, admin, data: bytes):
        from opsdesk.ops.register_csv import import_csv

        with store.write() as session:
            return import_csv(session, admin, data, "bench-register.csv")


def _copy_db(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    with b:
        a.backup(b)
    a.close()
    b.close()


def _remove_db(path: Path | None) -> None:
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- baseline ---------------------------------------------------------------------------------

def _baseline_db(path: Path, columns: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=FULL")
    cols = ", ".join(f'"{c}" TEXT NOT NULL DEFAULT \'\'' + (" UNIQUE" if c == "资产编号" else "") for c in columns)
    conn.execute(f"CREATE TABLE register_row (id INTEGER PRIMARY KEY, {cols})")
    return conn


def baseline_run(conn: sqlite3.Connection, columns: list[str], data: bytes) -> int:
    """Decode, parse with DictReader, insert every row in one transaction, commit."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    placeholders = ", ".join("?" for _ in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    conn.execute("BEGIN IMMEDIATE")
    cur = conn.executemany(
        f"INSERT INTO register_row ({names}) VALUES ({placeholders})",  # noqa: S608 - the bench's own column names
        ([row[c] for c in columns] for row in reader),
    )
    count = cur.rowcount
    conn.execute("COMMIT")
    return count


# -- the figure ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def measure(repeat: int, budget: float = 70.0, profile: Path | None = None) -> Figure:
    fig = Figure("import", aim=3.0,
                 what=f"{ROWS:,}-row register CSV: import_csv + COMMIT vs csv.DictReader + executemany + COMMIT")
    with tempfile.TemporaryDirectory(prefix="opsdesk-bench-import-") as tmp, _env(
        OPSDESK_HOME=str(Path(tmp) / "home"), OPSDESK_KEY_FILE=str(Path(tmp) / "secret.key")
    ):
        tmpdir = Path(tmp)
        os.environ.pop("OPSDESK_DB", None)
        from opsdesk.vault import Vault

        Vault(create=True).ensure()  # the key file every audited write needs (OPSDESK_KEY_FILE above)
        data = make_register_csv()
        columns = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        ops = OpsdeskImport(tmpdir)
        started = time.perf_counter()

        def one_baseline(n: int) -> None:
            path = tmpdir / f"baseline{n}.sqlite3"
            conn = _baseline_db(path, columns)
            t0 = time.perf_counter()
            inserted = baseline_run(conn, columns, data)
            fig.baseline.append(time.perf_counter() - t0)
            conn.close()
            _remove_db(path)
            if inserted != ROWS:
                raise RuntimeError(f"baseline inserted {inserted} rows, expected {ROWS}")

        for n in range(repeat):
            # Baseline first, then OpsDesk, in the same iteration: both see the same noise.
            one_baseline(n)
            store, admin = ops.prepare()
            t0 = time.perf_counter()
            result = ops.run(store, admin, data)
            fig.opsdesk.append(time.perf_counter() - t0)
            store.close()
            _remove_db(store.path)
            if result.rows != ROWS or result.added != ROWS:
                raise RuntimeError(f"OpsDesk added {result.added} units, expected {ROWS}: {result.message()}")
            log(f"  import run {n + 1}/{repeat}: OpsDesk {fig.opsdesk[-1]:.3f} s, "
                f"baseline {fig.baseline[-1] * 1000:.1f} ms")
            elapsed = time.perf_counter() - started
            per_run = elapsed / (n + 1)
            if n + 1 < repeat and elapsed + per_run > budget:
                fig.notes.append(f"import: OpsDesk side stopped after {n + 1} of {repeat} runs to stay within its "
                                 f"{budget:.0f} s budget (one import takes {statistics.median(fig.opsdesk):.1f} s; "
                                 f"--budget raises it); the baseline still ran {repeat} times")
                # The baseline is cheap and fsync-noisy: it still gets all its runs.
                for rest in range(n + 1, repeat):
                    one_baseline(rest)
                break
        if profile is not None:
            fig.notes.extend(profile_import(ops, data, profile))
    return fig


def profile_import(ops: OpsdeskImport, data: bytes, out: Path, top: int = 25) -> list[str]:
    """One more import under cProfile; print the hot spots, save the stats for snakeviz/pstats."""
    import cProfile
    import pstats

    store, admin = ops.prepare()
    profiler = cProfile.Profile()
    profiler.enable()
    ops.run(store, admin, data)
    profiler.disable()
    store.close()
    profiler.dump_stats(out)
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(r"opsdesk/", top)
    buf.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    log("\n== cProfile of one OpsDesk import: OpsDesk functions by cumulative time, then everything by own time ==")
    log(buf.getvalue())
    return [f"import: profile saved to {out} (python -m pstats {out})"]
