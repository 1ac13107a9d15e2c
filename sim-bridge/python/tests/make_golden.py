"""Writes sim-bridge/golden/ from the reference encoders. Run after a deliberate format change:

    .venv/bin/python sim-bridge/python/tests/make_golden.py
"""

import sys
from pathlib import Path

import msgpack_numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden_cases import GOLDEN, INLINE, step_reply  # noqa: E402
from vlarl_bridge import codec  # noqa: E402


def main():
    GOLDEN.mkdir(exist_ok=True)
    for name, make in INLINE.items():
        (GOLDEN / f"{name}.msgpack").write_bytes(msgpack_numpy.packb(make(), use_bin_type=True))
    frames = codec.encode(step_reply(), inline_limit=64)
    for i, f in enumerate(frames):
        (GOLDEN / f"step_reply.{i}.bin").write_bytes(bytes(f))
    print("wrote", sorted(p.name for p in GOLDEN.iterdir()))


if __name__ == "__main__":
    main()
