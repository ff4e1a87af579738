"""Writes alarm.wav, the critical-alarm tone (run again only to change it).

A high-priority pattern after IEC 60601-1-8: three pulses, a short pause, two
pulses; each pulse a 660 Hz fundamental with its first harmonics (so it is heard
on small speakers too) and soft edges (no clicks). 16-bit mono PCM WAV, which
QSoundEffect plays on every backend.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44_100
FUNDAMENTAL = 660.0
HARMONICS = (1.0, 0.5, 0.3, 0.2)  # relative amplitudes of f, 2f, 3f, 4f
PULSE_S, GAP_S, PAUSE_S, EDGE_S = 0.15, 0.08, 0.25, 0.012
PATTERN = (1, 1, 1, 0, 1, 1)  # 1 = pulse; 0 = the longer pause between the groups
VOLUME = 0.6


def samples() -> list[float]:
    out: list[float] = []
    pulse_n, edge_n = int(PULSE_S * RATE), int(EDGE_S * RATE)
    norm = sum(HARMONICS)
    for step in PATTERN:
        if not step:
            out.extend([0.0] * int(PAUSE_S * RATE))
            continue
        for i in range(pulse_n):
            envelope = min(1.0, i / edge_n, (pulse_n - i) / edge_n)
            t = i / RATE
            out.append(envelope * sum(a * math.sin(2 * math.pi * FUNDAMENTAL * (k + 1) * t)
                                      for k, a in enumerate(HARMONICS)) / norm)
        out.extend([0.0] * int(GAP_S * RATE))
    return out


def write(path: Path) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", int(32767 * VOLUME * s)) for s in samples()))


if __name__ == "__main__":
    write(Path(__file__).with_name("alarm.wav"))
