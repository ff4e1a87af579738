"""The demo agents' recordings, written by plain Python (opsdesk/demo/recordings.py; no Qt, no agent).

What the agents serve is checked through the probe path in tests/test_demoagents.py; here, every
demo device's recording is well formed, and one device of each kind answers exactly what the
snmprec templates (and their ``${…}``/``@for`` engine, gone since) produced for it.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from opsdesk import paths
from opsdesk.demo import recordings
from opsdesk.demo.devices import demo_devices
from opsdesk.store import Store
from tests.conftest import copy_db

# One device of each kind: sha256 (first 16 hex digits) and line count of the recording the
# templates produced for it, before they were replaced by recordings.py.
BEFORE = {
    "ac-liebert": ("YHL-AC-0001", "64d45e7e5cd0ca2a", 48),
    "fc-switch": ("YHL-STO-0002", "2130756557f57d13", 224),
    "kvm": ("YHL-KVM-0001", "8bddb362b933fc19", 32),
    "security": ("YHL-SEC-0001", "262a7fbca4e14e71", 80),
    "server-hostres": ("YHL-SRV-0011", "e21183949c4efcfc", 131),
    "server-netsnmp": ("YHL-SRV-0001", "a5f297c9301819ac", 225),
    "silent": ("YHL-KVM-0003", "4bba7426e4289ac8", 32),
    "storage": ("YHL-STO-0001", "3da0e1d40b1b9ee1", 104),
    "switch-h3c": ("YHL-NET-0001", "a50c69358f42d5c6", 292),
    "switch-huawei": ("YHL-NET-0017", "a906a8391e5203ab", 412),
    "ups-santak": ("YHL-UPS-0001", "a2cce0c907434aa0", 55),
}
LINE = re.compile(r"^(\d+(?:\.\d+)+)\|(\d+x?(?::dutyroom)?)\|(.*)$")


@pytest.fixture(scope="module")
def written(tmp_path_factory, demo_template_db):
    path = tmp_path_factory.mktemp("recordings") / "demo.sqlite3"
    copy_db(demo_template_db, path)
    store = Store(str(path))
    try:
        devices = demo_devices(store)
        yield devices, recordings.recordings(store)
    finally:
        store.close()


def test_every_recording_parses_is_sorted_and_has_unique_oids(written):
    devices, texts = written
    assert set(texts) == {d.community for d in devices} | {recordings.HEARTBEAT_COMMUNITY}
    for community, text in texts.items():
        oids = []
        for line in text.splitlines():
            m = LINE.match(line)
            assert m, (community, line)
            oids.append(tuple(int(x) for x in m.group(1).split(".")))
            if m.group(2) == "4":
                assert all(32 <= ord(c) < 127 for c in m.group(3)), (community, line)
        assert oids == sorted(oids) and len(set(oids)) == len(oids), community


def test_each_kind_answers_what_the_templates_did(written):
    devices, texts = written
    by_tag = {d.asset_tag: d for d in devices}
    assert {d.kind for d in devices} <= set(recordings.KINDS)
    for kind, (tag, digest, lines) in BEFORE.items():
        device = by_tag[tag]
        assert kind in (device.kind, "silent" if device.silent else None)
        text = texts[device.community]
        assert (hashlib.sha256(text.encode()).hexdigest()[:16], text.count("\n")) == (digest, lines), tag


def test_no_template_language_is_left():
    assert not (paths.DATA / "demo" / "agents" / "templates").exists()
    for module in (paths.ROOT / "opsdesk" / "demo").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "eval(" not in text and "${" not in text and "@for" not in text, module


def test_an_unknown_kind_is_refused():
    with pytest.raises(recordings.DemoAgentsError, match="no recording"):
        recordings.render("toaster", {})
