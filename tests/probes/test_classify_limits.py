"""A classify rule's limits, in whatever order a site's profile writes them."""

from __future__ import annotations

import tomllib

from opsdesk.probes.reading import _apply
from opsdesk.profiles.spec import parse_profile

PROFILE = """
id = "site-probe"
name = { zh = "机房探头", en = "Room probe" }
kind = "environment"
mibs = []
[match]
always = true
[[metric]]
key = "env.temperature"
name = { zh = "温度", en = "Temperature" }
column = "1.3.6.1.4.1.99999.1.1"
cls = "temperature"
unit = "℃"
limit_low = 10
limit_high = 40
  [[metric.classify]]
  column = "1.3.6.1.4.1.99999.1.2"
  equals = [1]
  limit_high = 35
  limit_low = 15
  [[metric.classify]]
  column = "1.3.6.1.4.1.99999.1.2"
  equals = [2]
  limit_high = 27
  [[metric.classify]]
  column = "1.3.6.1.4.1.99999.1.2"
  equals = [3]
  limits = false
  limit_high = 30
"""


def _rules():
    (metric,) = parse_profile(tomllib.loads(PROFILE)).metrics
    return metric, metric.classify


def test_high_then_low_keeps_both():
    metric, (both, _high_only, _unjudged) = _rules()
    assert metric.limits == (10, 40)
    assert _apply(metric, both.overrides).limits == (15, 35)


def test_one_limit_keeps_the_metrics_other():
    metric, (_both, high_only, _unjudged) = _rules()
    assert _apply(metric, high_only.overrides).limits == (10, 27)


def test_a_limit_after_limits_false_is_the_only_limit():
    metric, (_both, _high_only, unjudged) = _rules()
    assert _apply(metric, unjudged.overrides).limits == (None, 30)
