#!/usr/bin/env python3
"""Objective speech quality for `parley bench quality`: ITU-T P.862.2 wideband PESQ (MOS-LQO).

Usage: pesq-score.py REFERENCE DEGRADED [DEGRADED ...]

Each file is raw signed 16-bit little-endian mono PCM at 16 kHz (the bench resamples with
Parley's own converter first). Prints one MOS-LQO per degraded file, one per line, in order.
PESQ finds the delay between the two signals itself, including changes of delay between
utterances, so the degraded signal may start later and be longer.

Needs the `pesq` package from PyPI (and numpy); scripts/setup --test installs both into a
virtual environment (see README, "Speech quality").
"""
import sys

RATE = 16000


def fail(message: str) -> None:
    print(f"pesq-score: {message}", file=sys.stderr)
    sys.exit(2)


def main() -> None:
    if len(sys.argv) < 3:
        fail("usage: pesq-score.py REFERENCE DEGRADED [DEGRADED ...]")
    try:
        import numpy
        from pesq import pesq, PesqError
    except ImportError as error:
        fail(f"{error}; run scripts/setup --test (it installs numpy and pesq into a virtual environment)")

    def read(path: str):
        try:
            samples = numpy.fromfile(path, dtype="<i2")
        except OSError as error:
            fail(f"cannot read {path}: {error}")
        if samples.size < RATE // 4:
            fail(f"{path}: {samples.size} samples, too short to score")
        return samples.astype(numpy.float32) / 32768.0

    reference = read(sys.argv[1])
    for path in sys.argv[2:]:
        degraded = read(path)
        try:
            score = pesq(RATE, reference, degraded, "wb")
        except PesqError as error:
            fail(f"{path}: PESQ refused the pair: {type(error).__name__}: {error}")
        print(f"{score:.4f}")


if __name__ == "__main__":
    main()
