"""snmpsim's command responder, as the demo site runs it (started by opsdesk.demo.agents).

Arguments are snmpsim-command-responder's. Three things differ from the stock command, all
about speed with ~125 recordings on one agent:

* snmpsim keeps at most 31 recordings open and reopens the others on every request; here
  all of them stay open.
* snmpsim indexes each recording with Python's ``dbm``; where Python was built without
  gdbm (pyenv builds often are) that is ``dbm.dumb``, which opens a file for every lookup
  and parses its whole index with ``literal_eval`` on every open. Here the index is a dict
  kept in memory and stored with ``marshal`` in snmpsim's cache directory.
* A GETBULK response stops after the first repetition in which every requested column
  has left its column (or hit the end of the MIB), instead of filling max-repetitions
  with whatever follows. A manager walking the columns of a short table would otherwise
  get dozens of bindings past its end, and every binding costs snmpsim and the manager
  about half a millisecond each. A manager sees a response with fewer repetitions, as
  agents that cap GETBULK (net-snmp's ``maxGetbulkResponses``) send; one that needs more
  asks again from where it got. At most ``OPSDESK_DEMO_BULK_MAX`` bindings (default 64).

Nothing else changes: same data files, same variation modules, same SNMP engine.
"""

from __future__ import annotations

import marshal
import os
import sys

import snmpsim.datafile
import snmpsim.record.search.database as database
from pysnmp.entity.rfc3413 import cmdrsp
from pysnmp.proto import rfc1905
from pysnmp.proto.api import v2c
from pysnmp.smi import error as smi_error

FORMAT = "opsdesk-memindex-1"
MAGIC = FORMAT.encode() + b"\n"


def _b(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("iso-8859-1")


class MemoryIndex:
    """The subset of a dbm object that snmpsim's RecordIndex uses."""

    def __init__(self, path: str, flag: str) -> None:
        self.path = path
        self.writable = any(c in flag for c in "wcn")
        self.data: dict[bytes, bytes] = {}
        if "n" not in flag and os.path.exists(path):
            with open(path, "rb") as fh:
                if fh.read(len(MAGIC)) != MAGIC:
                    raise OSError(f"{path}: not a {FORMAT} file")
                self.data = marshal.load(fh)  # noqa: S302 - our own index file, written by this process
        elif "n" not in flag and "c" not in flag:
            raise OSError(f"{path}: no such index")

    def __getitem__(self, key) -> bytes:
        return self.data[_b(key)]

    def __setitem__(self, key, value) -> None:
        self.data[_b(key)] = _b(value)

    def __contains__(self, key) -> bool:
        return _b(key) in self.data

    def keys(self):
        return self.data.keys()

    def close(self) -> None:
        if self.writable:
            tmp = f"{self.path}.tmp{os.getpid()}"
            with open(tmp, "wb") as fh:
                fh.write(MAGIC)
                marshal.dump(self.data, fh)
            os.replace(tmp, self.path)
            self.writable = False


class MemoryDbm:
    """Stands in for the ``dbm`` / ``whichdb`` modules in snmpsim's record index."""

    error = OSError

    @staticmethod
    def open(path: str, flag: str = "r", mode: int = 0o666) -> MemoryIndex:
        return MemoryIndex(path, flag)

    @staticmethod
    def whichdb(path: str) -> str | None:
        try:
            with open(path, "rb") as fh:
                return FORMAT if fh.read(len(MAGIC)) == MAGIC else None
        except OSError:
            return None


def _left(name, value, column: tuple) -> bool:
    return isinstance(value, rfc1905.EndOfMibView) or tuple(name)[:len(column)] != column


def bulk_without_overshoot(self, snmpEngine, stateReference, contextName, PDU):
    """GETBULK (RFC 3416 4.2.3) that ends once every repeated column has left its column."""
    non_repeaters = max(0, int(v2c.apiBulkPDU.get_non_repeaters(PDU)))
    max_repetitions = max(0, int(v2c.apiBulkPDU.get_max_repetitions(PDU)))
    requested = v2c.apiPDU.get_varbinds(PDU)
    n = min(non_repeaters, len(requested))
    r = max(len(requested) - n, 0)
    m = min(max_repetitions, self.max_varbinds // r) if r else 0
    read_next = self.snmpContext.get_mib_instrum(contextName).read_next_variables
    context = dict(snmpEngine=snmpEngine, acFun=self.verify_access, cbCtx=self.cbCtx)
    response = list(read_next(*requested[:n], **context)) if n else []
    cursors = requested[n:]
    columns = None
    while m and r:
        row = list(read_next(*cursors, **context))
        response.extend(row)
        if columns is None:
            # The column of each request: where its first answer sits when the request named
            # a column or subtree, else the request's own column (a walk's cursor).
            columns = []
            for (asked, _), (name, _) in zip(cursors, row, strict=True):
                asked, name = tuple(asked), tuple(name)
                columns.append(name[:-1] if name[:len(asked)] == asked else asked[:-1])
        if all(_left(name, value, col) for (name, value), col in zip(row, columns, strict=True)):
            break
        cursors = row
        m -= 1
    if not response:
        raise smi_error.SmiError()
    self.send_varbinds(snmpEngine, stateReference, 0, 0, response)
    self.release_state_information(stateReference)


def main() -> int:
    database.dbm = MemoryDbm
    database.whichdb = MemoryDbm
    snmpsim.datafile.DataFile.max_queue_entries = 100_000
    cmdrsp.BulkCommandResponder.max_varbinds = max(1, int(os.environ.get("OPSDESK_DEMO_BULK_MAX") or 64))
    cmdrsp.BulkCommandResponder.handle_management_operation = bulk_without_overshoot

    from snmpsim.commands.responder import main as responder_main

    sys.argv[0] = "snmpsim-command-responder"
    return responder_main()


if __name__ == "__main__":
    sys.exit(main())
