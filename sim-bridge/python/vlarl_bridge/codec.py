"""Message encoding of the bridge protocol (PROTOCOL.md, "Messages" and "Arrays").

A message is a list of ZeroMQ frames: frame 0 is a msgpack map (the header); numpy arrays inside it
are msgpack-numpy maps with binary keys ``nd, type, kind, shape, data`` (byte-identical to what
``msgpack_numpy.packb`` writes), or, from ``inline_limit`` bytes up, the same map with ``frame``
(the index of the frame holding the raw bytes) in place of ``data``.

Decoding refuses anything else with a :class:`WireError`: object (pickled) and structured arrays,
big-endian or unsupported dtypes, data that does not fill its shape, extension types, non-string
map keys, bad or unreferenced frames, and messages over the size limit.
"""

from __future__ import annotations

import math

import numpy as np
import msgpack

DEFAULT_INLINE_LIMIT = 64 * 1024
ALWAYS_INLINE = 1 << 62
MAX_FRAMES = 64
MAX_RANK = 32  # most dimensions an array may have (numpy's limit before numpy 2)
MAX_DEPTH = 32

#: The dtypes the protocol carries, by array-protocol string body (after the byte-order char).
SUPPORTED = {"b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"}


class WireError(Exception):
    """A protocol error: an error code (PROTOCOL.md, "Errors") and a message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def wire_dtype(a: np.ndarray) -> np.ndarray:
    """The array in a supported little-endian dtype (big-endian input is byte-swapped)."""
    if a.dtype.kind in ("O", "V"):
        raise TypeError(f"cannot send a {a.dtype} array (object and structured arrays are refused)")
    if a.dtype.byteorder == ">":
        a = a.astype(a.dtype.newbyteorder("<"))
    if a.dtype.str[1:] not in SUPPORTED:
        raise TypeError(f"dtype {a.dtype.str} is not carried by the protocol; supported: {sorted(SUPPORTED)}")
    return np.ascontiguousarray(a)


class _Encoder:
    def __init__(self, inline_limit: int):
        self.inline_limit = inline_limit
        self.frames: list = [None]

    def default(self, obj):
        if isinstance(obj, np.ndarray):
            a = wire_dtype(obj)
            head = {b"nd": True, b"type": a.dtype.str, b"kind": b"", b"shape": list(a.shape)}
            if a.nbytes >= self.inline_limit:
                head[b"frame"] = len(self.frames)
                self.frames.append(memoryview(a).cast("B"))
            else:
                head[b"data"] = a.tobytes()
            return head
        if isinstance(obj, np.bool_):
            return bool(obj)
        if isinstance(obj, np.integer):
            return int(obj)
        if isinstance(obj, np.floating):
            return float(obj)
        if isinstance(obj, tuple):
            return list(obj)
        raise TypeError(f"cannot encode a {type(obj).__name__}")


def encode(message: dict, inline_limit: int = DEFAULT_INLINE_LIMIT) -> list:
    """The frames of ``message``: frame 0 the header, then raw array frames (memoryviews, no copy)."""
    enc = _Encoder(inline_limit)
    enc.frames[0] = msgpack.packb(message, default=enc.default, use_bin_type=True)
    return enc.frames


def encode_inline(value) -> bytes:
    """msgpack bytes of ``value`` with every array inline: msgpack-numpy's encoding."""
    return encode(value, ALWAYS_INLINE)[0]


def _parse_dtype(type_str, where: str) -> np.dtype:
    if isinstance(type_str, (bytes, bytearray)):
        type_str = type_str.decode("ascii", "replace")
    if not isinstance(type_str, str) or len(type_str) < 2:
        raise WireError("BAD_ARRAY", f"{where}: dtype {type_str!r} is not a numpy type string")
    order, body = type_str[0], type_str[1:]
    if body.startswith("O"):
        raise WireError("OBJECT_ARRAY", f"{where}: object arrays (dtype '{type_str}') are pickles and are refused; send numeric arrays")
    if order == ">":
        raise WireError("BAD_ARRAY", f"{where}: big-endian dtype '{type_str}' is not supported; send little-endian ('<')")
    if order not in "<|=" or body not in SUPPORTED:
        raise WireError("BAD_ARRAY", f"{where}: dtype '{type_str}' is not supported; supported: b1, i1, u1, i2, u2, i4, u4, i8, u8, f4, f8")
    return np.dtype("<" + body) if body[1] != "1" else np.dtype("|" + body)


class _Decoder:
    def __init__(self, frames: list):
        self.frames = frames
        self.used = [False] * len(frames)

    def walk(self, v, where: str, depth: int):
        if depth > MAX_DEPTH:
            raise WireError("BAD_MESSAGE", f"{where}: nested deeper than {MAX_DEPTH}")
        if isinstance(v, dict):
            binary = any(isinstance(k, bytes) for k in v)
            out = {}
            for k, x in v.items():
                key = k.decode("utf-8", "replace") if isinstance(k, bytes) else k
                if not isinstance(key, str):
                    raise WireError("BAD_MESSAGE", f"{where}: map keys must be strings, got {type(k).__name__}")
                out[key] = x if key in ("data", "type", "kind") and binary else self.walk(x, f"{where}.{key}", depth + 1)
            if binary and "nd" in out:
                return self.array(out, where)
            return out
        if isinstance(v, list):
            return [self.walk(x, f"{where}[{i}]", depth + 1) for i, x in enumerate(v)]
        return v

    def array(self, m: dict, where: str):
        kind = m.get("kind", b"")
        kind = kind.decode("ascii", "replace") if isinstance(kind, (bytes, bytearray)) else str(kind)
        if kind == "O":
            raise WireError("OBJECT_ARRAY", f"{where}: object arrays are pickles and are refused; send numeric arrays")
        if kind == "V" or isinstance(m.get("type"), list):
            raise WireError("BAD_ARRAY", f"{where}: structured arrays are not supported")
        if kind:
            raise WireError("BAD_ARRAY", f"{where}: unknown array kind '{kind}'")
        dtype = _parse_dtype(m.get("type"), where)
        if m["nd"] is False:
            data = m.get("data")
            if not isinstance(data, bytes) or len(data) != dtype.itemsize:
                raise WireError("BAD_ARRAY", f"{where}: numpy scalar data does not hold one {dtype.str}")
            return np.frombuffer(data, dtype=dtype)[0].item()
        if m["nd"] is not True:
            raise WireError("BAD_ARRAY", f"{where}: 'nd' must be true or false")
        shape = m.get("shape")
        if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d < 2**31 for d in shape):
            raise WireError("BAD_ARRAY", f"{where}: shape {shape!r} is not a list of non-negative integers")
        if len(shape) > MAX_RANK:
            raise WireError("BAD_ARRAY", f"{where}: shape {shape!r} has {len(shape)} dimensions; at most {MAX_RANK}")
        if isinstance(m.get("data"), bytes):
            data = m["data"]
        elif isinstance(m.get("frame"), int) and not isinstance(m.get("frame"), bool):
            k = m["frame"]
            if k < 1 or k >= len(self.frames):
                raise WireError("BAD_MESSAGE", f"{where}: frame {k} does not exist (message has {len(self.frames) - 1} array frames)")
            if self.used[k]:
                raise WireError("BAD_MESSAGE", f"{where}: frame {k} is referenced twice")
            self.used[k] = True
            data = self.frames[k]
        else:
            raise WireError("BAD_ARRAY", f"{where}: array has neither binary 'data' nor a 'frame' index")
        need = math.prod(shape) * dtype.itemsize  # Python ints: no wrap-around for huge shapes
        if len(memoryview(data)) != need:
            raise WireError("BAD_ARRAY", f"{where}: {len(memoryview(data))} bytes of data do not fill {dtype.str}{shape} ({need} bytes)")
        return np.frombuffer(data, dtype=dtype).reshape(shape)


def decode(frames: list, max_bytes: int) -> dict:
    """Decodes a message (frames as bytes-like objects); refuses invalid ones with a WireError."""
    if not frames:
        raise WireError("BAD_MESSAGE", "empty message (no header frame)")
    if len(frames) > MAX_FRAMES:
        raise WireError("BAD_MESSAGE", f"message of {len(frames)} frames; at most {MAX_FRAMES}")
    frames = [f.buffer if hasattr(f, "buffer") else f for f in frames]
    size = sum(len(memoryview(f)) for f in frames)
    if size > max_bytes:
        raise WireError("TOO_LARGE", f"message of {size} bytes exceeds the limit of {max_bytes} bytes")
    header = decode_value(frames[0], frames)
    if not isinstance(header, dict):
        raise WireError("BAD_MESSAGE", "the header frame is not a msgpack map")
    return header


def decode_value(data, frames: list | None = None):
    """Decodes one msgpack value (frame references resolve against ``frames``)."""
    frames = frames if frames is not None else [data]
    try:
        raw = msgpack.unpackb(bytes(data) if not isinstance(data, bytes) else data, raw=False,
                              strict_map_key=False, use_list=True)
    except msgpack.ExtraData:
        raise WireError("BAD_MESSAGE", "trailing bytes after the header's msgpack value") from None
    except (ValueError, msgpack.UnpackException, TypeError, UnicodeDecodeError) as e:
        raise WireError("BAD_MESSAGE", f"undecodable msgpack header: {e}") from None
    if _has_ext(raw, 0):
        raise WireError("BAD_MESSAGE", "msgpack extension values are not part of the protocol")
    d = _Decoder(frames)
    value = d.walk(raw, "message", 0)
    for i in range(1, len(frames)):
        if not d.used[i]:
            raise WireError("BAD_MESSAGE", f"frame {i} is not referenced by the header")
    return value


def _has_ext(v, depth: int) -> bool:
    if depth > MAX_DEPTH:
        raise WireError("BAD_MESSAGE", f"message: nested deeper than {MAX_DEPTH}")
    if isinstance(v, (msgpack.ExtType, msgpack.Timestamp)):
        return True
    if isinstance(v, dict):
        return any(_has_ext(k, depth + 1) or _has_ext(x, depth + 1) for k, x in v.items())
    if isinstance(v, list):
        return any(_has_ext(x, depth + 1) for x in v)
    return False
