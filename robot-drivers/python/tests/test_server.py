"""The arm server's protocol, watchdog and security rules (pure logic plus real loopback sockets)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import zmq

from vlarl_remote_arm import ArmServer, SimulatedArm
from vlarl_remote_arm.server import is_loopback


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def server(clock, endpoint="tcp://127.0.0.1:0"):
    return ArmServer(SimulatedArm(dof=2, max_speed=0.5, clock=clock), endpoint, watchdog_s=0.05,
                     clock=clock)


def test_loopback_rules():
    assert is_loopback("tcp://127.0.0.1:5590")
    assert is_loopback("tcp://127.8.0.1:5590")
    assert is_loopback("tcp://localhost:5590")
    assert is_loopback("tcp://[::1]:5590")
    assert not is_loopback("tcp://0.0.0.0:5590")
    assert not is_loopback("tcp://*:5590")
    assert not is_loopback("tcp://192.168.1.20:5590")
    assert not is_loopback("tcp://robot.local:5590")


def test_refuses_to_bind_off_loopback_without_curve():
    with pytest.raises(SystemExit) as e:
        ArmServer(SimulatedArm(), "tcp://0.0.0.0:5590")
    assert "without CURVE" in str(e.value)


@pytest.mark.parametrize("args,message", [
    (["--bind", "tcp://0.0.0.0:5590"], "error: refusing to serve an arm on tcp://0.0.0.0:5590 without CURVE"),
    (["--start", "0,0"], "argument --start: expected x,y,z in m (three numbers), got '0,0'"),
])
def test_startup_errors_are_one_line_and_exit_2(args, message):
    r = subprocess.run([sys.executable, "-m", "vlarl_remote_arm.server", *args], capture_output=True,
                       text=True, timeout=60, cwd=str(Path(__file__).resolve().parents[1]))
    assert r.returncode == 2
    assert message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr, r.stderr


def test_servo_moves_the_simulated_arm_at_its_speed_and_stop_latches():
    clock = Clock()
    s = server(clock)
    try:
        hello = s.handle({"op": "hello", "protocol": 1, "period_s": 0.01})
        assert hello["ok"] and hello["dof"] == 2 and hello["joint_lower"] == [-3.141592653589793] * 2
        assert hello["state"]["pose"] == [0.0, 0.0, 0.15, 0.0, 0.0, 0.0]
        s.handle({"op": "servo", "pose": [0.1, 0, 0.15, 0, 0, 0], "gripper": 0.0, "seq": 1})
        clock.t += 0.1  # 0.5 m/s for 0.1 s: 5 cm of the 10
        st = s.handle({"op": "state"})["state"]
        assert st["pose"][0] == pytest.approx(0.05)
        assert st["gripper"] == 0.0
        assert s.handle({"op": "stop"}) == {"ok": True, "stopped": True}
        r = s.handle({"op": "servo", "pose": [0.2, 0, 0.15, 0, 0, 0], "gripper": 1.0, "seq": 2})
        assert r["ignored"] is True
        clock.t += 1.0
        assert s.handle({"op": "state"})["state"]["pose"][0] == pytest.approx(0.05), "stopped where it was"
        s.handle({"op": "resume"})
        assert s.handle({"op": "servo", "q": [0.1, 0.2], "gripper": 1.0, "seq": 3})["ignored"] is False
        assert s.handle({"op": "state"})["state"]["q"] == [0.1, 0.2]
    finally:
        s.close()


def test_watchdog_stops_a_stalled_client():
    clock = Clock()
    s = server(clock)
    try:
        s.handle({"op": "hello", "protocol": 1, "period_s": 0.01})  # watchdog max(0.05, 0.03)
        s.handle({"op": "servo", "pose": [0.1, 0, 0.15, 0, 0, 0], "gripper": 1.0, "seq": 1})
        clock.t += 0.04
        s.check_watchdog()
        assert s.backend.stops == 0
        clock.t += 0.02
        s.check_watchdog()
        assert s.backend.stops == 1 and s.watchdog_stops == 1
    finally:
        s.close()


def test_bad_requests_get_errors():
    clock = Clock()
    s = server(clock)
    try:
        assert "protocol 2 not supported" in s.handle({"op": "hello", "protocol": 2})["error"]
        assert "unknown op 'fly'" in s.handle({"op": "fly"})["error"]
        assert "pose needs 6 values" in s.handle({"op": "servo", "pose": [1, 2]})["error"]
        s.handle({"op": "hello", "protocol": 1, "dry_run": True})
        assert "dry run" in s.handle({"op": "servo", "pose": [0] * 6})["error"]
    finally:
        s.close()


def test_curve_on_real_sockets():
    public, secret = zmq.curve_keypair()
    cpub, csec = zmq.curve_keypair()
    clock = Clock()
    s = ArmServer(SimulatedArm(clock=clock), "tcp://127.0.0.1:0", server_secret_key=secret.decode(),
                  clock=clock)
    endpoint = s.sock.getsockopt_string(zmq.LAST_ENDPOINT)
    ctx = zmq.Context()
    c = ctx.socket(zmq.REQ)
    c.curve_serverkey = public
    c.curve_publickey = cpub
    c.curve_secretkey = csec
    c.connect(endpoint)
    c.send(json.dumps({"op": "hello", "protocol": 1}).encode())
    replies = []
    s.serve(until=lambda: replies or (c.poll(10) and replies.append(json.loads(c.recv()))))
    assert replies[0]["ok"] and replies[0]["name"] == "simulated arm"
    c.close(0)
    ctx.term()
    s.close()


def test_only_authorized_clients_are_answered(tmp_path):
    import zmq.auth

    keys = tmp_path / "keys"
    clients = tmp_path / "clients"
    keys.mkdir()
    clients.mkdir()
    server_pub_file, server_sec_file = zmq.auth.create_certificates(str(keys), "server")
    good_pub_file, good_sec_file = zmq.auth.create_certificates(str(clients), "good")
    bad_pub, bad_sec = zmq.curve_keypair()
    server_pub, server_sec = zmq.auth.load_certificate(server_sec_file)
    clock = Clock()
    s = ArmServer(SimulatedArm(clock=clock), "tcp://127.0.0.1:0", server_secret_key=server_sec.decode(),
                  authorized_clients=str(clients), clock=clock)
    endpoint = s.sock.getsockopt_string(zmq.LAST_ENDPOINT)
    ctx = zmq.Context()

    def ask(pub, sec):
        c = ctx.socket(zmq.REQ)
        c.linger = 0
        c.curve_serverkey = server_pub
        c.curve_publickey = pub
        c.curve_secretkey = sec
        c.connect(endpoint)
        # a REQ socket's send waits for a connection; a refused key's connection is dropped after
        # the handshake, and a send made then would wait for ever: give up after 2 s (no answer)
        c.sndtimeo = 2000
        try:
            c.send(json.dumps({"op": "state"}).encode())
        except zmq.Again:
            c.close(0)
            return []
        got = []
        deadline = [50]

        def done():
            deadline[0] -= 1
            if c.poll(10):
                got.append(json.loads(c.recv()))
            return got or deadline[0] <= 0

        s.serve(until=done)
        c.close(0)
        return got

    good_pub, good_sec = zmq.auth.load_certificate(good_sec_file)
    assert ask(good_pub, good_sec)[0]["ok"]
    assert ask(bad_pub, bad_sec) == [], "an unlisted client key gets no answer"
    ctx.term()
    s.close()
