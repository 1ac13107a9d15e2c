"""The Python codec writes the golden bytes (msgpack-numpy's encoding) and refuses bad input."""

import msgpack
import msgpack_numpy
import numpy as np
import pytest

from golden_cases import GOLDEN, INLINE, arrays, step_reply, step_request, values
from vlarl_bridge import codec
from vlarl_bridge.codec import WireError


@pytest.mark.parametrize("name", ["arrays", "values", "step_request"])
def test_inline_encoding_is_msgpack_numpy(name):
    value = INLINE[name]()
    golden = (GOLDEN / f"{name}.msgpack").read_bytes()
    assert codec.encode_inline(value) == golden
    assert msgpack_numpy.packb(value, use_bin_type=True) == golden


def test_multi_frame_encoding_matches_golden():
    frames = codec.encode(step_reply(), inline_limit=64)
    assert [bytes(f) for f in frames] == [
        (GOLDEN / "step_reply.0.bin").read_bytes(),
        (GOLDEN / "step_reply.1.bin").read_bytes(),
    ]
    back = codec.decode(frames, max_bytes=1 << 20)
    np.testing.assert_array_equal(back["body"]["image"], step_reply()["body"]["image"])
    assert back["body"]["reward"].dtype == np.float32


def test_multi_frame_golden_is_the_documented_format():
    """The golden frames, built without vlarl_bridge.codec: the header is msgpack-numpy's map for
    the inline reward and, for the image, the same map with b"frame": 1 in place of b"data"
    (PROTOCOL.md); frame 1 is the image's bytes."""
    reply = step_reply()
    image = reply["body"]["image"]
    header = dict(reply)
    header["body"] = {
        "image": {b"nd": True, b"type": "|u1", b"kind": b"", b"shape": list(image.shape), b"frame": 1},
        "reward": msgpack_numpy.encode(reply["body"]["reward"]),
    }
    assert msgpack.packb(header, use_bin_type=True) == (GOLDEN / "step_reply.0.bin").read_bytes()
    assert image.tobytes() == (GOLDEN / "step_reply.1.bin").read_bytes()


def test_golden_arrays_decode_exactly():
    back = codec.decode_value((GOLDEN / "arrays.msgpack").read_bytes())
    for k, a in arrays().items():
        assert back[k].dtype == a.dtype, k
        np.testing.assert_array_equal(back[k], a)
    assert codec.decode_value((GOLDEN / "values.msgpack").read_bytes()) == values()
    req = codec.decode([(GOLDEN / "step_request.msgpack").read_bytes()], 1 << 20)
    np.testing.assert_array_equal(req["body"]["actions"], step_request()["body"]["actions"])


def test_numpy_scalars_decode_to_plain_values():
    assert codec.decode_value((GOLDEN / "numpy_scalars.msgpack").read_bytes()) == {"x": 1.5, "n": -3, "b": True}


@pytest.mark.parametrize("name,code,words", [
    ("object_array", "OBJECT_ARRAY", "pickles and are refused"),
    ("structured", "BAD_ARRAY", "structured arrays"),
    ("big_endian", "BAD_ARRAY", "big-endian dtype '>i4'"),
])
def test_bad_arrays_are_refused(name, code, words):
    with pytest.raises(WireError) as e:
        codec.decode([(GOLDEN / f"{name}.msgpack").read_bytes()], 1 << 20)
    assert e.value.code == code
    assert words in e.value.message
    assert "message.bad" in e.value.message


def test_garbage_and_limits():
    with pytest.raises(WireError) as e:
        codec.decode([b"\xc1\x01\x02"], 1000)
    assert e.value.code == "BAD_MESSAGE"
    with pytest.raises(WireError, match="not a msgpack map"):
        codec.decode([msgpack.packb([1, 2])], 1000)
    with pytest.raises(WireError, match="trailing"):
        codec.decode([msgpack.packb({"a": 1}) + b"\x00"], 1000)
    with pytest.raises(WireError) as e:
        codec.decode([msgpack.packb({"pad": b"x" * 2000})], 1000)
    assert e.value.code == "TOO_LARGE" and "limit of 1000 bytes" in e.value.message
    with pytest.raises(WireError, match="extension"):
        codec.decode([msgpack.packb({"x": msgpack.ExtType(5, b"ab")})], 1000)


@pytest.mark.parametrize("shape,words", [
    ([2**30] * 3, "0 bytes of data do not fill"),  # 2^90 elements: int64 arithmetic would wrap to 0
    ([1] * 33, "has 33 dimensions; at most 32"),
])
def test_impossible_shapes_are_bad_arrays(shape, words):
    m = {"x": {b"nd": True, b"type": "|u1", b"kind": b"", b"shape": shape, b"data": b""}}
    with pytest.raises(WireError) as e:
        codec.decode([msgpack.packb(m)], 1000)
    assert e.value.code == "BAD_ARRAY" and words in e.value.message, e.value.message


def test_frame_references():
    frames = codec.encode({"img": np.arange(4, dtype=np.uint8)}, inline_limit=4)
    assert len(frames) == 2
    with pytest.raises(WireError, match="frame 1 does not exist"):
        codec.decode(frames[:1], 1000)
    with pytest.raises(WireError, match="frame 2 is not referenced"):
        codec.decode(frames + [b"xyz"], 1000)
    with pytest.raises(WireError, match=r"message.img: 3 bytes of data do not fill \|u1\[4\]"):
        codec.decode([frames[0], b"abc"], 1000)


def test_encoder_refuses_object_arrays():
    with pytest.raises(TypeError, match="object and structured arrays are refused"):
        codec.encode({"x": np.array([None])})
