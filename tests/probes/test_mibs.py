"""Every shipped profile against the MIB modules it cites (opsdesk.probes.mibcheck)."""

from __future__ import annotations

import pytest

from opsdesk.probes.mibcheck import check_profile, index_for
from opsdesk.profiles.spec import load_profiles

pytestmark = pytest.mark.timeout(600)

PROFILES = load_profiles()


@pytest.fixture(scope="module")
def index():
    idx, missing = index_for(PROFILES, extra=["UPS-MIB"])
    assert not missing, f"modules cited by profiles that do not compile or cannot be found: {missing}"
    return idx


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.id)
def test_profile_follows_its_mibs(profile, index):
    problems = check_profile(profile, index)
    assert not problems, f"{profile.path}\n" + "\n".join(problems)


def test_the_check_catches_a_wrong_scale_enumeration_and_object(index):
    """The checker itself: a profile with three mistakes gets three complaints."""
    from opsdesk.profiles.spec import parse_profile

    bad = parse_profile({
        "id": "bad", "mibs": ["UPS-MIB"], "match": {"has_object": ["1.3.6.1.2.1.33.1"]},
        "metric": [
            {"key": "a", "column": "1.3.6.1.2.1.33.1.3.3.1.2", "object": "upsInputFrequency",
             "cls": "frequency", "unit": "Hz"},  # 0.1 Hertz read without divisor
            {"key": "b", "oid": "1.3.6.1.2.1.33.1.4.1.0", "object": "upsOutputSource",
             "states": {"3": {"zh": "正常", "en": "normal", "severity": "ok"},
                        "9": {"zh": "?", "en": "?", "severity": "ok"}}},  # 9 not in the enumeration
            {"key": "c", "oid": "1.3.6.1.2.1.33.1.2.4.0", "object": "upsBatteryStatus", "unit": "%"},
        ],
    })
    problems = check_profile(bad, index)
    assert any("scale" in p and "upsInputFrequency" in p for p in problems), problems
    assert any("[9]" in p or "'9'" in p for p in problems), problems
    assert any("object = 'upsBatteryStatus'" in p for p in problems), problems
