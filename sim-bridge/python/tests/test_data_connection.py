"""The Python server's data connection (PROTOCOL.md, "Data connection") against a real server
process. Handshakes and blocks are written byte by byte here, from the spec, not with
vlarl_bridge.data, so that the module is checked against the document (one unit test of
data.BlockWriter's stall check aside)."""

import socket
import struct
import time

import numpy as np
import pytest

from vlarl_bridge import PROTOCOL_VERSION, codec, data
from vlarl_bridge.client import Client, RemoteError


def attach(hello, token, session):
    s = socket.create_connection(("127.0.0.1", hello["data_port"]), timeout=10)
    s.sendall(b"VLDC" + struct.pack("<IQq", 1, token, session))
    return s


def answer(s):
    data = recv_exactly(s, 8)
    assert data[:4] == b"VLDC"
    return struct.unpack("<I", data[4:])[0]


def recv_exactly(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise EOFError(f"closed after {len(out)} of {n} bytes")
        out += chunk
    return out


def send_block(s, rid, frames):
    frames = [bytes(memoryview(f).cast("B")) for f in frames]
    s.sendall(b"VLBK" + struct.pack("<Iq", len(frames), rid) + struct.pack(f"<{len(frames)}Q", *map(len, frames))
              + b"".join(frames))


def read_block(s):
    magic, n, rid = struct.unpack("<4sIq", recv_exactly(s, 16))
    assert magic == b"VLBK"
    lengths = struct.unpack(f"<{n}Q", recv_exactly(s, 8 * n))
    frames = [recv_exactly(s, k) for k in lengths]
    return rid, codec.decode(frames, 1 << 40)


def request(c, op, rid, body=None, **override):
    h = {"v": PROTOCOL_VERSION, "op": op, "id": rid, "session": c.session, "server": c.server, "body": body or {}}
    h.update(override)
    return codec.encode(h)


def test_the_data_path_gives_the_same_results_as_zeromq(start_server):
    args = ("--backend", "reference", "--num-envs", "3", "--obs-mode", "rgb", "--image-size", "32")
    a, b = start_server(*args), start_server(*args)
    with Client(a.endpoint, heartbeat=0.1, liveness=5) as ca, Client(b.endpoint, heartbeat=0.1, liveness=5) as cb:
        assert isinstance(ca.hello["data_port"], int) and isinstance(ca.hello["data_token"], int)
        s = attach(ca.hello, ca.hello["data_token"], ca.session)
        assert answer(s) == 0
        seeds = np.array([3, 4, 3], np.int64)
        send_block(s, 1, request(ca, "reset", 1, {"seeds": seeds}))
        rid, got = read_block(s)
        assert rid == 1 and got["ok"] and got["id"] == 1
        want = cb.reset(seeds)
        np.testing.assert_array_equal(got["body"]["obs"]["image"], want["image"])
        rng = np.random.default_rng(0)
        ended = 0
        for t in range(2, 60):  # the horizon (40) ends episodes: final observations travel too
            act = rng.uniform(-1, 1, (3, 2, 4)).astype(np.float32)
            send_block(s, t, request(ca, "step", t, {"actions": act}))
            rid, got = read_block(s)
            want = cb.step(act)
            assert rid == t and got["ok"], got.get("error")
            body = got["body"]
            for key in ("reward", "terminated", "truncated", "success", "steps", "done_envs"):
                np.testing.assert_array_equal(body[key], want[key], err_msg=key)
            np.testing.assert_array_equal(body["obs"]["image"], want["obs"]["image"])
            if len(want["done_envs"]):
                ended += 1
                np.testing.assert_array_equal(body["final_obs"]["image"], want["final_obs"]["image"])
        assert ended > 0
        # the request counts in the session's retry state: asked again over ZeroMQ, it is not re-run
        ca._send({"v": PROTOCOL_VERSION, "op": "step", "id": 59, "session": ca.session, "server": ca.server,
                  "body": {"actions": np.zeros((3, 2, 4), np.float32)}})
        again = ca._await(59, time.monotonic() + 5)
        np.testing.assert_array_equal(again["body"]["obs"]["image"], body["obs"]["image"])
        np.testing.assert_array_equal(again["body"]["steps"], body["steps"])
        s.close()


def test_bad_handshakes_and_bad_blocks_are_refused_and_the_server_serves_on(start_server):
    srv = start_server("--backend", "reference", "--num-envs", "2")
    with Client(srv.endpoint, heartbeat=0.1, liveness=5) as c:
        hello = c.hello
        s = attach(hello, hello["data_token"] ^ 1, c.session)
        assert answer(s) == 1  # bad token
        assert s.recv(1) == b""  # then closed
        s = socket.create_connection(("127.0.0.1", hello["data_port"]), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        assert answer(s) == 2  # bad handshake
        s = attach(hello, hello["data_token"], c.session)
        assert answer(s) == 0
        send_block(s, 1, request(c, "reset", 1, {"seeds": np.array([1, 2], np.int64)}))
        assert read_block(s)[1]["ok"]

        def error_of(rid, frames):
            send_block(s, rid, frames)
            got_id, msg = read_block(s)
            assert got_id == rid and not msg["ok"]
            return msg["error"]["code"], msg["error"]["message"]

        move = np.zeros((2, 1, 4), np.float32)
        move[:, :, 0] = -0.5  # the gripper moves along -x: every executed step changes the state
        step = {"actions": move}
        assert error_of(2, request(c, "step", 3, step))[0] == "BAD_MESSAGE"  # header id != block id
        code, message = error_of(2, request(c, "close", 2))
        assert code == "BAD_REQUEST" and "not served on a data connection" in message
        assert error_of(2, request(c, "step", 2, step, session=c.session + 1))[0] == "BAD_REQUEST"
        assert error_of(2, request(c, "step", 2, step, server="0"))[0] == "WRONG_SERVER"
        assert error_of(2, request(c, "step", 2, step, v=99))[0] == "UNSUPPORTED_VERSION"
        assert error_of(2, [b"\xc1"])[0] == "BAD_MESSAGE"  # not msgpack
        send_block(s, 2, request(c, "step", 2, step))
        first = read_block(s)[1]["body"]["obs"]["state"]
        assert error_of(1, request(c, "step", 1, step))[0] == "STALE_REQUEST"
        # the same id again: the stored reply, the step is not run twice
        send_block(s, 2, request(c, "step", 2, step))
        np.testing.assert_array_equal(read_block(s)[1]["body"]["obs"]["state"], first)
        # bytes that are not a block close the connection; the server serves on over ZeroMQ
        s.sendall(b"NOPE" + bytes(12))
        s.settimeout(10)
        assert s.recv(1) == b""
        c.last_id = 2  # the client's next id follows the data connection's requests
        then = c.step(move)["obs"]["state"]
        np.testing.assert_allclose(then[:, 0], np.maximum(first[:, 0] - 0.05, -1), atol=1e-6)


def test_request_ids_below_one_are_refused_on_both_paths(start_server):
    # a new session's retry state reads "latest request 0, finished, no reply": id 0 must not be
    # taken for a retry of it (the stored reply None used to be sent)
    srv = start_server("--backend", "reference", "--num-envs", "2")
    with Client(srv.endpoint, heartbeat=0.1, liveness=5) as c:
        hello = c.hello
        s = attach(hello, hello["data_token"], c.session)
        assert answer(s) == 0
        send_block(s, 0, request(c, "observe", 0))
        rid, msg = read_block(s)
        assert rid == 0 and not msg["ok"] and msg["error"]["code"] == "BAD_REQUEST", msg
        assert "request id 0 is not allowed" in msg["error"]["message"]
        send_block(s, 1, request(c, "observe", 1))
        assert read_block(s)[1]["ok"], "the connection is served on"
        s.close()
        other = Client(srv.endpoint)  # the Python client talks over ZeroMQ only
        try:
            other.last_id = -1  # its next request goes out with id 0
            with pytest.raises(RemoteError) as e:
                other.observe()
            assert e.value.code == "BAD_REQUEST" and "request id 0 is not allowed" in e.value.message
        finally:
            other.close()
        c.last_id = 1
        assert list(c.step(np.zeros((2, 1, 4), np.float32))["steps"]) == [1, 1]


def test_an_unfinished_block_does_not_hold_up_other_clients(start_server):
    # a client that sends half a block and then nothing: the env thread takes the rest whenever it
    # comes and serves the other clients meanwhile (it used to wait up to the 10 s stall limit)
    srv = start_server("--backend", "reference", "--num-envs", "2")
    with Client(srv.endpoint, heartbeat=0.1, liveness=5) as c, Client(srv.endpoint) as other:
        hello = c.hello
        s = attach(hello, hello["data_token"], c.session)
        assert answer(s) == 0
        frames = request(c, "observe", 1)
        block = (b"VLBK" + struct.pack("<Iq", len(frames), 1) + struct.pack(f"<{len(frames)}Q", *map(len, frames))
                 + b"".join(bytes(f) for f in frames))
        s.sendall(block[:20])  # the head and half the frame lengths
        time.sleep(0.2)
        t0 = time.monotonic()
        other.reset(seeds=[0, 1])
        for _ in range(5):
            other.step(np.zeros((2, 1, 4), np.float32))
        assert time.monotonic() - t0 < 5, "another client's steps waited for the unfinished block"
        for i in range(20, len(block)):  # the rest, byte by byte: then the request is served
            s.sendall(block[i:i + 1])
        rid, msg = read_block(s)
        assert rid == 1 and msg["ok"], msg


def test_a_client_that_stops_reading_its_reply_does_not_hold_up_others(start_server):
    # observations of 50 MB, more than loopback's socket buffers hold: a client that asks and then
    # reads nothing leaves most of its reply unsent. The env thread writes the rest as the client
    # takes it and serves everyone else meanwhile (it used to wait up to the 10 s stall limit)
    srv = start_server("--backend", "reference", "--num-envs", "16", "--obs-mode", "rgb", "--image-size", "1024")
    with Client(srv.endpoint, heartbeat=0.1, liveness=50) as c, Client(srv.endpoint) as other:
        hello = c.hello
        s = attach(hello, hello["data_token"], c.session)
        assert answer(s) == 0
        send_block(s, 1, request(c, "observe", 1))
        time.sleep(1.0)  # the server wrote what the socket took, and waits for the client
        t0 = time.monotonic()
        other.reset(seeds=list(range(16)))
        for _ in range(2):
            other.step(np.zeros((16, 1, 4), np.float32))
        assert time.monotonic() - t0 < 5, "another client's steps waited for the stuck client"
        rid, msg = read_block_into(s)  # now it reads: all of its reply arrives, intact
        assert rid == 1 and msg["ok"], msg
        assert msg["body"]["obs"]["image"].shape == (16, 1024, 1024, 3)
        send_block(s, 2, request(c, "observe", 2))  # and its connection serves the next request
        assert read_block_into(s)[1]["ok"]


def test_a_reply_the_client_does_not_take_counts_as_stalled_after_the_limit():
    a, b = socket.socketpair()
    with a, b:
        w = data.BlockWriter(1, [bytes(64 << 20)])
        assert not w.flush(a), "64 MB do not fit in the socket buffers"
        now = time.monotonic()
        assert not w.stalled(now)
        assert w.stalled(now + data.STALL_S + 1)


def read_block_into(s):
    """read_block for large frames (received in place, not by concatenation)."""
    magic, n, rid = struct.unpack("<4sIq", recv_exactly(s, 16))
    assert magic == b"VLBK"
    lengths = struct.unpack(f"<{n}Q", recv_exactly(s, 8 * n))
    frames = []
    for k in lengths:
        buf = bytearray(k)
        view, got = memoryview(buf), 0
        while got < k:
            r = s.recv_into(view[got:], k - got)
            assert r > 0, "closed"
            got += r
        frames.append(buf)
    return rid, codec.decode(frames, 1 << 40)


def test_no_data_connection_when_switched_off(start_server):
    srv = start_server("--backend", "reference", "--num-envs", "1", "--no-data-connection")
    with Client(srv.endpoint, heartbeat=0.1, liveness=5) as c:
        assert "data_port" not in c.hello and "data_token" not in c.hello


@pytest.mark.parametrize("n", [0, 65])
def test_a_block_with_a_bad_frame_count_closes_the_connection(start_server, n):
    srv = start_server("--backend", "reference", "--num-envs", "1")
    with Client(srv.endpoint, heartbeat=0.1, liveness=5) as c:
        s = attach(c.hello, c.hello["data_token"], c.session)
        assert answer(s) == 0
        s.sendall(b"VLBK" + struct.pack("<Iq", n, 1))
        assert s.recv(1) == b""
        assert c.observe()["state"].shape == (1, 9)
