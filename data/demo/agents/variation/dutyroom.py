"""snmpsim variation module of the demo duty room: values that move like a machine room.

A record of a demo recording that moves names this module and its arguments::

    1.3.6.1.2.1.33.1.4.1.0|2:dutyroom|fn=ups,q=source,seed=1234,kva=15,inph=3,outph=1,load=42

Every value is a pure function of wall-clock time and the record's arguments (a per-device
``seed`` among them), so two agents started at different times agree, and tests call the
same functions with chosen times (``evaluate(args, t)``) instead of sleeping. Nothing is
random at run time and nothing is remembered between requests.

What moves (``fn=``):

``ac``      precision air-conditioner (LIEBERT-GP-ENVIRONMENTAL-MIB): return air temperature
            ``T = base + 0.9·cos(2π(h−15)/24) + 0.5·sin(2πφ) + 0.15·noise`` ℃ with ``base``
            23.0–23.8 (seeded), h the local hour (warmest at 15:00), φ the phase of the
            15-minute compressor cycle (seeded start); the compressor runs, and the air
            cools, while cos(2πφ) < 0. Supply air ``T − (5.5 + 4.5·c)`` with c = max(0,
            −cos 2πφ); return humidity ``50 ± 1 + 3·cos(2π(h−5)/24) − 1.5·c + 0.8·noise`` %RH.
            Tenths are rounded to whole tenths, as the MIB's Integer32 columns carry them.
``ups``     UPS-MIB (RFC 1628): on battery for ``window`` seconds every ``period`` seconds
            (90 s every 20 min, from the UPS's own ``phase``); meanwhile the input sags to
            150–170 V, the output source is battery(5), the charge falls by about 0.05 % per
            second at half load and recovers at 0.6 %/min afterwards; runtime follows charge
            and load; load ``base·(1 + 0.12·business(t)) + 1.5·noise`` %.
``counter`` interface octets and packets: ``start·(seeded) + r·(t − T0) +
            0.6·r·(86400/2π)·sin(2π(h−8)/24)`` (never decreasing: the rate swings between
            0.4 r and 1.6 r over the day), wrapped at 2^32 (Counter32) or 2^64 (Counter64).
``level``   anything that wanders around a base: CPU and memory use, board temperatures,
            process counts: ``base + spread·(seeded) + biz·business(t) + day·cos(2π(h−peak)/24)
            + amp·noise (+ dev·noise of row sub)``, clamped to [lo, hi], then ``minus − v``,
            ``× scale + add``; business(t) is 0..1 over weekday outpatient hours (7–18 h).
``disk``    storage use growing slowly and dropping at each clean-up (a sawtooth of ``days``).
``uptime``  sysUpTime (TimeTicks): time since the last (seeded, every 60–360 days) reboot.
``event``   a state that changes at known times: ``on`` during ``window`` seconds of every
            ``period`` from ``offset`` (``at=PERIOD/WINDOW/OFFSET``, epoch-aligned), ``off``
            otherwise. The demo room's 动环 points use it (data/demo/agents/devices.toml has
            the schedule): water under the air-conditioners at :40–:44 of every hour, smoke at
            :10–:12, the room's door open at :33–:36.
``raw``     the value after ``value=`` unchanged (used to silence a whole device).

noise is smooth seeded value noise in [−1, 1] (new random points every ``step`` seconds,
eased in between). Whatever the tag, the value is made to fit its SNMP type: integers for
Integer32/Gauge32/TimeTicks/Counters, counters and TimeTicks wrapped, gauges clamped.

A device that stops answering: any record with ``outage=PERIOD/WINDOW/OFFSET`` makes the
agent drop the whole request (no response at all, so the manager times out) during
``WINDOW`` seconds of every ``PERIOD``: the module raises snmpsim's NoDataNotification, which
snmpsim's data-file layer passes on and which ends the request in the responder's event
loop before any response is built (the module keeps that out of the agent's log). Its
sysUpTime then starts again from zero, as after a power cut.

``OPSDESK_DEMO_CLOCK_OFFSET`` (seconds, in the agent's environment) shifts the module's
clock, so a test can start the agents "at" a chosen moment of the simulated day.
"""

from __future__ import annotations

import hashlib
import math
import os
import time

try:  # inside snmpsim's responder
    from snmpsim.error import NoDataNotification
except ImportError:  # pragma: no cover - imported by tests without snmpsim
    class NoDataNotification(Exception):
        pass


class Silent(NoDataNotification):
    """The device is in its outage window: no response to this request."""


DAY = 86400.0
TZ_OFFSET = 8 * 3600.0  # the demo site is in Shanghai (UTC+8, no daylight saving)
T0 = 1_700_000_000.0  # a fixed reference instant (2023-11-14) for counters
COMPRESSOR_CYCLE = 900.0  # seconds

CLOCK_OFFSET = float(os.environ.get("OPSDESK_DEMO_CLOCK_OFFSET", "0") or 0)


def now() -> float:
    return time.time() + CLOCK_OFFSET


# ------------------------------------------------------------------ deterministic helpers

def rnd(seed, *key) -> float:
    """A number in [0, 1) fixed by the seed and the key."""
    text = ":".join(str(k) for k in (seed, *key)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") / 2.0 ** 64


def noise(seed, key, t: float, step: float) -> float:
    """Smooth noise in [-1, 1]: seeded values every ``step`` seconds, eased in between."""
    x = t / step
    n = math.floor(x)
    f = x - n
    s = f * f * (3.0 - 2.0 * f)
    a = 2.0 * rnd(seed, key, n) - 1.0
    b = 2.0 * rnd(seed, key, n + 1) - 1.0
    return a + (b - a) * s


def local_hours(t: float) -> float:
    return ((t + TZ_OFFSET) % DAY) / 3600.0


def day_wave(t: float, peak_hour: float) -> float:
    """cos over the local day, 1 at ``peak_hour``, −1 twelve hours later."""
    return math.cos(2.0 * math.pi * (local_hours(t) - peak_hour) / 24.0)


def business(t: float) -> float:
    """How busy the hospital is, 0..1: outpatient hours on weekdays, a little at weekends."""
    h = local_hours(t)
    weekday = int((t + TZ_OFFSET) // DAY + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    level = math.sin(math.pi * (h - 7.0) / 11.0) if 7.0 <= h <= 18.0 else 0.0
    return level * (0.35 if weekday >= 5 else 1.0)


# ------------------------------------------------------------------ arguments

def parse(text: str) -> dict[str, str]:
    """``k=v,k=v,...``; ``value=`` takes the rest of the text, commas and all."""
    head, sep, raw = text.partition("value=")
    if sep and head and not head.endswith(","):
        head, raw, sep = text, "", ""
    args: dict[str, str] = {}
    for part in head.split(","):
        if part.strip():
            k, _, v = part.partition("=")
            args[k.strip()] = v.strip()
    if sep:
        args["value"] = raw
    return args


def _f(args, key, default=0.0) -> float:
    v = args.get(key)
    return float(v) if v not in (None, "") else float(default)


def _seed(args) -> str:
    return args.get("seed", "0")


# ------------------------------------------------------------------ outage

def outage(args) -> tuple[float, float, float] | None:
    spec = args.get("outage")
    if not spec:
        return None
    period, window, offset = (float(x) for x in spec.split("/"))
    return period, window, offset


def silent(args, t: float) -> bool:
    """True while a device with ``outage=`` is in its silent window."""
    o = outage(args)
    if o is None:
        return False
    period, window, offset = o
    return (t - offset) % period < window


def silent_windows(args, start: float, end: float) -> list[tuple[float, float]]:
    """The silent windows that overlap [start, end)."""
    o = outage(args)
    if o is None:
        return []
    period, window, offset = o
    k = math.floor((start - offset) / period)
    out = []
    while offset + k * period < end:
        a = offset + k * period
        if a + window > start:
            out.append((a, a + window))
        k += 1
    return out


# ------------------------------------------------------------------ events at known times

def schedule(spec: str) -> tuple[float, float, float]:
    """``PERIOD/WINDOW/OFFSET`` (seconds) as numbers."""
    period, window, offset = (float(x) for x in spec.split("/"))
    return period, window, offset


def windows(spec: str, start: float, end: float) -> list[tuple[float, float]]:
    """The windows of a ``PERIOD/WINDOW/OFFSET`` schedule that overlap [start, end)."""
    period, window, offset = schedule(spec)
    k = math.floor((start - offset) / period)
    out = []
    while offset + k * period < end:
        a = offset + k * period
        if a + window > start:
            out.append((a, a + window))
        k += 1
    return out


def happening(args, t: float) -> bool:
    """True while an ``event`` record (``at=PERIOD/WINDOW/OFFSET``) is in its window."""
    period, window, offset = schedule(args["at"])
    return (t - offset) % period < window


def event(args, t: float) -> float:
    """``on`` while the event is happening, ``off`` otherwise."""
    return _f(args, "on", 1) if happening(args, t) else _f(args, "off", 0)


# ------------------------------------------------------------------ the kinds of value

def uptime(args, t: float) -> int:
    """sysUpTime in TimeTicks: since the last reboot (every 60–360 days, seeded)."""
    o = outage(args)
    if o is not None:
        period, window, offset = o
        since = (t - offset) % period - window
        if since < 0:  # asked while silent (only tests do that)
            since = 0.0
    else:
        seed = _seed(args)
        period = (60 + 300 * rnd(seed, "reboot")) * DAY
        since = (t - period * rnd(seed, "boot")) % period
    return int(since * 100)


def counter(args, t: float) -> int:
    """A traffic counter: ``rate`` per second on average, busier by day, from a seeded
    start below ``start`` (default 2^40)."""
    seed, key = _seed(args), args.get("key", "")
    rate = _f(args, "rate")
    base = rnd(seed, key, "base") * _f(args, "start", 2.0 ** 40)
    dt = t - T0
    swing = 0.6 * rate * DAY / (2.0 * math.pi) * math.sin(2.0 * math.pi * (local_hours(t) - 8.0) / 24.0)
    return int(base + rate * dt + swing)


def level(args, t: float):
    """``base + spread·(seeded) + biz·business(t) + day·cos(…) + amp·noise (+ dev·noise of
    the row ``sub``)``, clamped to [lo, hi]; then ``minus − v`` if given, times ``scale``,
    plus ``add``; formatted with ``fmt`` (for DisplayString numbers) if given."""
    seed, key = _seed(args), args.get("key", "")
    step = _f(args, "step", 120)
    v = _f(args, "base")
    v += _f(args, "spread") * (2.0 * rnd(seed, key, "spread") - 1.0)
    v += _f(args, "biz") * business(t)
    v += _f(args, "day") * day_wave(t, _f(args, "peak", 14))
    v += _f(args, "amp") * noise(seed, key, t, step)
    if "sub" in args:
        v += _f(args, "dev") * noise(seed, f"{key}.{args['sub']}", t, step / 2.0)
    lo, hi = args.get("lo"), args.get("hi")
    if lo is not None:
        v = max(float(lo), v)
    if hi is not None:
        v = min(float(hi), v)
    if "minus" in args:
        v = _f(args, "minus") - v
    v = v * _f(args, "scale", 1) + _f(args, "add")
    if "fmt" in args:
        return format(v, args["fmt"])
    return v


def disk(args, t: float) -> int:
    """Used allocation units of a disk: ``base`` … ``base + grow`` (fractions of ``size``)
    over ``days``, then back to ``base`` (archiving, log clean-up)."""
    seed, key = _seed(args), args.get("key", "")
    size = _f(args, "size")
    days = _f(args, "days", 30) * DAY
    frac = ((t - T0) + days * rnd(seed, key, "disk")) % days / days
    used = _f(args, "base") + _f(args, "grow") * frac + 0.002 * noise(seed, key, t, 600)
    return int(size * min(max(used, 0.0), 1.0))


# -- precision air-conditioner

def ac_state(args, t: float) -> dict[str, float]:
    seed = _seed(args)
    base = 23.0 + 0.8 * rnd(seed, "base")
    phase = ((t + COMPRESSOR_CYCLE * rnd(seed, "cycle")) % COMPRESSOR_CYCLE) / COMPRESSOR_CYCLE
    cycle = math.sin(2.0 * math.pi * phase)
    cooling = max(0.0, -math.cos(2.0 * math.pi * phase))  # 0..1 while the compressor runs
    ret = base + 0.9 * day_wave(t, 15.0) + 0.5 * cycle + 0.15 * noise(seed, "T", t, 120)
    hum = (50.0 + (2.0 * rnd(seed, "hum") - 1.0) + 3.0 * day_wave(t, 5.0) - 1.5 * cooling
           + 0.8 * noise(seed, "H", t, 300))
    supply = ret - (5.5 + 4.5 * cooling) + 0.1 * noise(seed, "S", t, 60)
    return {
        "return_temp": ret,
        "supply_temp": supply,
        "return_hum": hum,
        "compressor": 1.0 if cooling > 0.0 else 0.0,
        "cooling_capacity": round(20.0 + 70.0 * cooling + 5.0 * day_wave(t, 15.0)) if cooling > 0.0 else 0.0,
        "fan_capacity": round(72.0 + 8.0 * cooling),
    }


AC_QUANTITIES = {
    "return_t10": lambda s: round(s["return_temp"] * 10),
    "return_t": lambda s: round(s["return_temp"]),
    "supply_t10": lambda s: round(s["supply_temp"] * 10),
    "supply_t": lambda s: round(s["supply_temp"]),
    "return_h10": lambda s: round(s["return_hum"] * 10),
    "return_h": lambda s: round(s["return_hum"]),
    "cooling": lambda s: 1 if s["compressor"] else 2,  # lgpEnvStateCooling on(1) off(2)
    "cap_cool": lambda s: int(s["cooling_capacity"]),
    "cap_fan": lambda s: int(s["fan_capacity"]),
}


def ac(args, t: float) -> int:
    return AC_QUANTITIES[args["q"]](ac_state(args, t))


# -- UPS

def battery_schedule(args) -> tuple[float, float, float]:
    """(period, window, offset) of the UPS's trips to battery: ``window`` seconds every
    ``period`` from ``phase`` on (seeded when the record gives no phase)."""
    period = _f(args, "period", 1200)
    window = _f(args, "window", 90)
    phase = _f(args, "phase") if "phase" in args else period * rnd(_seed(args), "battery")
    return period, window, phase % period


def on_battery(args, t: float) -> bool:
    period, window, offset = battery_schedule(args)
    return (t - offset) % period < window


def battery_windows(args, start: float, end: float) -> list[tuple[float, float]]:
    period, window, offset = battery_schedule(args)
    k = math.floor((start - offset) / period)
    out = []
    while offset + k * period < end:
        a = offset + k * period
        if a + window > start:
            out.append((a, a + window))
        k += 1
    return out


def ups_state(args, t: float) -> dict[str, float]:
    seed = _seed(args)
    kva, inph, outph = _f(args, "kva", 10), int(_f(args, "inph", 1)), int(_f(args, "outph", 1))
    period, window, offset = battery_schedule(args)
    into = (t - offset) % period
    batt = into < window
    load = _f(args, "load", 40) * (1.0 + 0.12 * business(t)) + 1.5 * noise(seed, "load", t, 90)
    load = min(max(load, 5.0), 95.0)
    drain = 0.05 * load / 50.0  # % charge per second on battery
    if batt:
        charge = 100.0 - drain * into
    else:
        low = 100.0 - drain * window
        charge = min(100.0, low + 0.01 * (into - window))  # recharges at 0.6 %/min
    full_runtime = 25.0 + 35.0 * rnd(seed, "runtime")  # minutes at 100 % and the base load
    runtime = full_runtime * charge / 100.0 * _f(args, "load", 40) / load
    vnom = _f(args, "vbat", 192)
    if batt:
        vbat = vnom * (1.06 - 0.04 * into / window)
    else:
        vbat = vnom * (1.135 - 0.02 * max(0.0, 1.0 - (into - window) / 600.0))
    watts = kva * 1000.0 * 0.9 * load / 100.0
    return {
        "batt": batt, "into": into, "load": load, "charge": charge, "runtime": runtime,
        "vbat": vbat, "watts": watts, "kva": kva, "inph": inph, "outph": outph,
        "ibat": watts / 0.94 / vbat if batt else 0.0,
        "sag": 150.0 + 20.0 * rnd(seed, "sag"),
        # trips to battery since the UPS card last started
        "events": math.floor((t - offset) / period) - math.floor((t - uptime(args, t) / 100.0 - offset) / period),
    }


def ups(args, t: float) -> int:
    s = ups_state(args, t)
    seed, q = _seed(args), args["q"]
    line = int(_f(args, "line", 1))
    if q == "source":
        return 5 if s["batt"] else 3  # upsOutputSource battery(5) / normal(3)
    if q == "on_batt_s":
        return int(s["into"] + 1e-6) if s["batt"] else 0
    if q == "status":
        return 2  # batteryNormal: the charge never gets near low
    if q == "runtime":
        return max(1, round(s["runtime"]))
    if q == "charge":
        return round(s["charge"])
    if q == "bat_v10":
        return round(s["vbat"] * 10)
    if q == "bat_i10":
        return round(s["ibat"] * 10)
    if q == "bat_temp":
        return round(25.0 + 0.8 * noise(seed, "bt", t, 1800) + 0.5 * day_wave(t, 16))
    if q == "line_bads":
        return int(s["events"]) % 2 ** 32
    if q == "alarms":
        return 1 if s["batt"] else 0
    if q == "in_freq10":
        return round(500 + 1.2 * noise(seed, f"f{line}", t, 40))
    if q == "in_v":
        if s["batt"]:
            return round(s["sag"] + 3.0 * noise(seed, f"sag{line}", t, 10))
        return round(221.0 - 4.0 * business(t) + 2.5 * noise(seed, f"v{line}", t, 60))
    if q == "in_i10":
        if s["batt"]:
            return 0
        return round(s["watts"] / 0.94 / 0.98 / s["inph"] / 220.0 * 10)
    if q == "in_w":
        return 0 if s["batt"] else round(s["watts"] / 0.94 / s["inph"])
    if q == "out_freq10":
        return 500 if s["batt"] else round(500 + 0.6 * noise(seed, "f1", t, 40))
    if q == "out_v":
        return round(220.0 + 0.9 * noise(seed, f"o{line}", t, 30))
    if q == "out_i10":
        return round(s["watts"] / 0.9 / s["outph"] / 220.0 * 10 * (1 + 0.03 * (rnd(seed, "ph", line) - 0.5)))
    if q == "out_w":
        return round(s["watts"] / s["outph"] * (1 + 0.03 * (rnd(seed, "ph", line) - 0.5)))
    if q == "out_load":
        return round(s["load"] * (1 + 0.06 * (rnd(seed, "ph", line) - 0.5)))
    if q == "bypass_v":  # the bypass is fed from the same mains
        if s["batt"]:
            return round(s["sag"] + 3.0 * noise(seed, f"sag{line}", t, 10))
        return round(221.0 - 4.0 * business(t) + 2.5 * noise(seed, f"v{line}", t, 60))
    raise KeyError(q)


# ------------------------------------------------------------------ evaluation

FUNCTIONS = {
    "uptime": uptime,
    "counter": counter,
    "level": level,
    "disk": disk,
    "ac": ac,
    "ups": ups,
    "event": event,
}

_LIMITS = {  # tag: (low, high, wraps)
    "2": (-2 ** 31, 2 ** 31 - 1, False),  # Integer32
    "65": (0, 2 ** 32, True),  # Counter32
    "66": (0, 2 ** 32 - 1, False),  # Gauge32
    "67": (0, 2 ** 32, True),  # TimeTicks
    "70": (0, 2 ** 64, True),  # Counter64
}


def fit(tag: str, value):
    """A value the tag's SNMP type can carry: integers, counters wrapped, gauges clamped."""
    limits = _LIMITS.get(tag)
    if limits is None:
        return str(value)
    lo, hi, wraps = limits
    v = int(round(value))
    if wraps:
        return v % hi
    return min(max(v, lo), hi)


def evaluate(args: dict[str, str] | str, t: float, tag: str = "2"):
    """The value a record with ``args`` has at time ``t`` (raises :class:`Silent` while the
    device is in its outage window)."""
    if isinstance(args, str):
        args = parse(args)
    if silent(args, t):
        raise Silent(args.get("outage"))
    fn = args.get("fn", "raw")
    if fn == "raw":
        return args.get("value", "")
    return fit(tag, FUNCTIONS[fn](args, t))


# ------------------------------------------------------------------ snmpsim's module API

def _quiet_drops() -> None:
    """A dropped request surfaces as an exception in the responder's event loop; keep those
    out of its log (everything else still goes to the previous handler)."""
    if moduleContext.get("quiet"):  # noqa: F821 - injected by snmpsim
        return
    try:
        import asyncio

        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    previous = loop.get_exception_handler()

    def handler(lp, context):
        if isinstance(context.get("exception"), NoDataNotification):
            return
        if previous is not None:
            previous(lp, context)
        else:
            lp.default_exception_handler(context)

    loop.set_exception_handler(handler)
    moduleContext["quiet"] = True  # noqa: F821


def init(**context):
    pass


def variate(oid, tag, value, **context):
    settings = recordContext.get("settings")  # noqa: F821 - injected by snmpsim
    if settings is None:
        settings = recordContext["settings"] = parse(value)  # noqa: F821
    t = now()
    if "outage" in settings and silent(settings, t):
        _quiet_drops()
        raise Silent(settings["outage"])
    if context.get("setFlag") or (not context["nextFlag"] and not context["exactMatch"]):
        return context["origOid"], tag, context["errorStatus"]
    fn = settings.get("fn", "raw")
    if fn == "raw":
        return oid, tag, settings.get("value", "")
    return oid, tag, fit(tag.rstrip("xe"), FUNCTIONS[fn](settings, t))


def shutdown(**context):
    pass
