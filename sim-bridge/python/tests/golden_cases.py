"""The golden-file cases of the wire encoding, shared by make_golden.py and the tests.

Each case is a value that the reference encoder (``msgpack_numpy.packb(value, use_bin_type=True)``,
or for multi-frame messages ``vlarl_bridge.codec.encode``) turns into the bytes stored under
``sim-bridge/golden/``. The Java tests (``GoldenFilesTest``) encode the same values and must write
the same bytes.
"""

from pathlib import Path

import numpy as np

GOLDEN = Path(__file__).resolve().parents[2] / "golden"


def arrays():
    return {
        "f4": np.array([[1.5, -2.0, 0.25], [3.0, 4.0, 5.0]], dtype="<f4"),
        "u1": np.arange(12, dtype=np.uint8).reshape(2, 2, 1, 3),
        "b1": np.array([True, False, True]),
        "i4": np.array([-1, 0, 2**31 - 1], dtype="<i4"),
        "i8": np.array([-(2**63), 42], dtype="<i8"),
        "f8": np.array([0.1], dtype="<f8"),
        "empty": np.zeros((0, 3), dtype="<f4"),
    }


def values():
    return {
        "nil": None,
        "t": True,
        "small": 7,
        "neg": -33,
        "big": 2**40,
        "pi": 3.25,
        "s": "k\u00e4se",
        "list": [1, "a", [2.5]],
        "bin": b"\x00\x01",
    }


def step_request():
    return {
        "v": 1,
        "op": "step",
        "id": 7,
        "session": 12345678901,
        "server": "a1b2",
        "body": {"actions": np.linspace(-1, 1, 12, dtype="<f4").reshape(2, 2, 3)},
    }


def step_reply():
    """Encoded with inline_limit=64: the 96-byte image goes to frame 1, the reward stays inline."""
    return {
        "v": 1,
        "id": 7,
        "op": "step",
        "ok": True,
        "server": "a1b2",
        "body": {
            "image": np.arange(2 * 4 * 4 * 3, dtype=np.uint8).reshape(2, 4, 4, 3),
            "reward": np.array([0.5, 1.0], dtype="<f4"),
        },
    }


def numpy_scalars():
    return {"x": np.float32(1.5), "n": np.int64(-3), "b": np.bool_(True)}


def object_array():
    return {"bad": np.array([1, "a"], dtype=object)}


def big_endian():
    return {"bad": np.array([1, 2], dtype=">i4")}


def structured():
    return {"bad": np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")])}


#: name -> value, encoded with msgpack_numpy.packb (every array inline)
INLINE = {
    "arrays": arrays,
    "values": values,
    "step_request": step_request,
    "numpy_scalars": numpy_scalars,
    "object_array": object_array,
    "big_endian": big_endian,
    "structured": structured,
}
