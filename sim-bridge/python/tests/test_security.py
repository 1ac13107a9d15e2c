"""CURVE between the Python server and client, key files, and the loopback rule."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from vlarl_bridge.client import Client
from vlarl_bridge.security import generate, is_local, read_allowed, read_cert

PKG = str(Path(__file__).resolve().parents[1])


@pytest.mark.parametrize("endpoint,local", [
    ("tcp://127.0.0.1:5555", True), ("tcp://127.9.9.9:*", True), ("tcp://localhost:1", True),
    ("tcp://[::1]:5555", True), ("ipc:///tmp/x", True), ("inproc://x", True),
    ("tcp://*:5555", False), ("tcp://0.0.0.0:5555", False), ("tcp://10.0.0.2:5555", False),
    ("tcp://eth0:5555", False), ("tcp://127.0.0.1.evil.example:5555", False),
])
def test_is_local(endpoint, local):
    assert is_local(endpoint) is local


def test_server_refuses_a_public_bind_without_curve():
    r = subprocess.run([sys.executable, "-m", "vlarl_bridge.server", "--bind", "tcp://0.0.0.0:5599"],
                       capture_output=True, text=True, cwd=PKG, timeout=60)
    assert r.returncode == 2
    assert "refusing to bind tcp://0.0.0.0:5599 without encryption" in r.stderr


@pytest.mark.parametrize("bind,problem", [
    ("tcp://127.0.0.1:99999", "port 99999 is not in 1..65535"), ("tcp://127.0.0.1:-1", "port -1 is not in 1..65535"),
    ("tcp://127.0.0.1", "it has no :PORT"), ("tcp://127.0.0.1:abc", "port 'abc' is not a number"),
    ("garbage", "it has no transport"), ("udp://127.0.0.1:5604", "udp:// is not a supported transport"),
])
def test_invalid_bind_endpoints_are_named(bind, problem):
    r = subprocess.run([sys.executable, "-m", "vlarl_bridge.server", "--bind", bind],
                       capture_output=True, text=True, cwd=PKG, timeout=60)
    assert r.returncode == 2
    assert r.stderr.startswith(f"error: --bind: '{bind}' is not a valid endpoint: {problem}; expected"), r.stderr


def test_an_address_of_another_machine_is_said_to_be_one():
    # 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine
    r = subprocess.run([sys.executable, "-m", "vlarl_bridge.server", "--bind", "tcp://192.0.2.1:5599", "--insecure"],
                       capture_output=True, text=True, cwd=PKG, timeout=60)
    assert r.returncode == 2
    assert "error: cannot bind tcp://192.0.2.1:5599" in r.stderr, r.stderr
    assert "(not an address or interface of this machine)" in r.stderr and "another server" not in r.stderr


def test_curve_allowed_and_refused(tmp_path, start_server):
    generate(tmp_path, "server")
    generate(tmp_path, "alice")
    generate(tmp_path / "other", "mallory")
    allowed = tmp_path / "alice.key"
    s = start_server("--num-envs", "2", "--curve-secret", str(tmp_path / "server.key_secret"),
                     "--curve-allow", str(allowed))
    server_public, _ = read_cert(tmp_path / "server.key")
    alice_public, alice_secret = read_cert(tmp_path / "alice.key_secret")
    with Client(s.endpoint, connect_timeout=10, curve=(server_public, alice_public, alice_secret)) as c:
        assert "data_port" not in c.hello  # a plain TCP data connection would bypass CURVE
        assert list(c.step(np.zeros((2, 1, 4), np.float32))["steps"]) == [1, 1]
    m_public, m_secret = read_cert(tmp_path / "other" / "mallory.key_secret")
    with pytest.raises(ConnectionError, match="no env server answered"):
        Client(s.endpoint, connect_timeout=1.0, curve=(server_public, m_public, m_secret))
    with pytest.raises(ConnectionError):
        Client(s.endpoint, connect_timeout=1.0)  # plain text


def test_key_files(tmp_path):
    pub, sec = generate(tmp_path, "k")
    public, secret = read_cert(sec)
    assert len(public) == 40 and len(secret) == 40
    assert read_cert(pub) == (public, None)
    assert read_allowed(tmp_path) == {public}
    (tmp_path / "list.txt").write_text(f"# clients\n{public.decode()}\n")
    assert read_allowed(tmp_path / "list.txt") == {public}
    (tmp_path / "bad.txt").write_text("hello\n")
    with pytest.raises(SystemExit, match="not a 40-character Z85 key"):
        read_allowed(tmp_path / "bad.txt")


def test_a_send_with_no_connection_does_not_wait():
    # a socket with no connection (as after a server refused the client's key): the client drops
    # the request instead of waiting in send (which, with no send timeout, would wait for ever; the
    # timeout set here makes a waiting send fail after 2 s instead of hanging the test)
    import time

    import zmq

    c = Client.__new__(Client)
    c.ctx = zmq.Context(1)
    c.sock = c.ctx.socket(zmq.DEALER)
    c.sock.linger = 0
    c.sock.immediate = 1  # no pipe until a connection is made; port 1 refuses it
    c.sock.sndtimeo = 2000
    c.sock.connect("tcp://127.0.0.1:1")
    t0 = time.monotonic()
    c._send({"v": 1, "op": "ping", "id": 1, "session": 1})
    assert time.monotonic() - t0 < 1.0
    c.sock.close(0)
    c.ctx.term()


def test_port_zero_binds_as_any_free_port():
    from vlarl_bridge.security import endpoint_problem
    assert endpoint_problem("tcp://127.0.0.1:0") is None  # libzmq and JeroMQ take it as *
    assert endpoint_problem("tcp://127.0.0.1:*") is None
    assert endpoint_problem("tcp://127.0.0.1:65536") == "port 65536 is not in 1..65535"
