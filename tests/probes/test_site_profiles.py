"""A site adds a device type: a TOML profile in the data directory's profiles/ folder, used
by the poller beside the shipped ones, and checked against its MIB by ``opsdesk profiles check``."""

from __future__ import annotations

import pytest

from opsdesk.cli import main
from opsdesk.probes import profiles as prof

pytestmark = pytest.mark.timeout(300)

GOOD = '''\
id = "site-ups-extra"
name = { zh = "本院 UPS 补充读数", en = "Our UPS, extra readings" }
kind = "ups"
mibs = ["UPS-MIB"]
[match]
has_object = ["1.3.6.1.2.1.33.1.4"]
[[metric]]
key = "ups.output.lines"
name = { zh = "输出相数", en = "Output lines" }
oid = "1.3.6.1.2.1.33.1.4.3.0"
object = "upsOutputNumLines"
cls = "count"
'''

BAD = GOOD.replace('id = "site-ups-extra"', 'id = "site-ups-bad"').replace(
    'object = "upsOutputNumLines"', 'object = "upsOutputSource"')


@pytest.fixture
def site_dir(isolated_home):
    folder = prof.site_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_site_profile_is_listed_and_used_beside_the_shipped_ones(site_dir, capsys):
    (site_dir / "site-ups-extra.toml").write_text(GOOD, encoding="utf-8")
    assert "site-ups-extra" in {p.id for p in prof.load_profiles()}
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("site-ups-extra"))
    assert "本站" in line and "UPS-MIB" in line
    assert main(["profiles", "check", str(site_dir / "site-ups-extra.toml")]) == 0
    assert "与所引用的 MIB 模块一致" in capsys.readouterr().out


def test_a_profile_that_misreads_its_mib_is_refused_with_the_reason(site_dir, capsys):
    path = site_dir / "site-ups-bad.toml"
    path.write_text(BAD, encoding="utf-8")
    assert main(["profiles", "check", str(path)]) == 4
    out = capsys.readouterr().out
    assert "site-ups-bad：1 处问题" in out and "upsOutputNumLines" in out


def test_a_profile_that_does_not_load_says_why(site_dir, capsys):
    path = site_dir / "broken.toml"
    path.write_text("id = \"x\"\nkind = \"toaster\"\n", encoding="utf-8")
    assert main(["profiles", "check", str(path)]) == 1
    assert "型号档案无法加载" in capsys.readouterr().err
