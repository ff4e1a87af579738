"""Read a few recordings with the shipped profiles and check them against their expectations.

    .venv/bin/python -m tests.probes.trydevice NAME [NAME ...] [--show] [--anon]

NAME is a recording of shared/snmp-corpus, shared/snmp-corpus/wide or tests/probes/recordings.
Starts a private snmpsim with only those recordings (seconds, not the suite's minute), reads
each device once and prints every expected row it does not satisfy; ``--show`` prints every
reading; ``--anon`` reads the device again with an unknown sysObjectID (standard rows only).
Exit status 1 when a row is not satisfied. For writing and checking profiles; the suite's
tests (test_conformance*.py) are the judges.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

from opsdesk.probes.reading import read_device
from opsdesk.probes.snmp import SnmpClient
from tests.probes import expected as ex
from tests.probes.conftest import CORPUS, WIDE, WRITTEN, _anonymise
from tests.probes.simagent import SimAgent


def _find(name: str) -> tuple[Path, Path | None]:
    for folder in (CORPUS, WIDE, WRITTEN):
        rec = folder / f"{name}.snmprec"
        if rec.is_file():
            tsv = folder / (f"{name}.expected.tsv" if folder == WRITTEN else "expected.tsv")
            return rec, tsv if tsv.is_file() else None
    raise SystemExit(f"no recording named {name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="+")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--anon", action="store_true")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="trydevice-"))
    data = work / "data"
    data.mkdir()
    expectations: dict[str, list[ex.Expectation]] = {}
    for name in args.names:
        rec, tsv = _find(name)
        shutil.copy(rec, data / rec.name)
        (data / f"anon-{name}.snmprec").write_text(_anonymise(rec.read_text()))
        expectations[name] = [e for e in ex.load(tsv) if e.device == name] if tsv else []
    agent = SimAgent(data, work)
    agent.start(probe_community=args.names[0])
    bad = 0
    try:
        async def read_all():
            names = [*args.names, *(f"anon-{n}" for n in args.names if args.anon)]
            async with SnmpClient() as client:
                devs = await asyncio.gather(*(read_device(client, agent.target(n, timeout=3.0), lang="en")
                                              for n in names))
            return dict(zip(names, devs, strict=True))

        devs = asyncio.run(read_all())
        for name in args.names:
            dev = devs[name]
            print(f"== {name}: {dev.status} profiles={dev.profiles} readings={len(dev.readings)} "
                  f"warnings={dev.warnings}")
            if args.show:
                for r in dev.readings:
                    print("   ", ex._show(r), "|", r.oid, "| role", getattr(r, "role", ""))
            rows = expectations[name]
            fails = [m for e in rows if (m := ex.check(e, dev))]
            print(f"   {len(rows) - len(fails)}/{len(rows)} expected rows satisfied")
            for m in fails:
                print("  ", m)
            bad += len(fails)
            if args.anon:
                std = [e for e in rows if e.standard]
                fails = [m for e in std if (m := ex.check(e, devs[f"anon-{name}"]))]
                print(f"   anonymised: {len(std) - len(fails)}/{len(std)} standard rows satisfied")
                for m in fails:
                    print("  ", m)
                bad += len(fails)
    finally:
        agent.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
