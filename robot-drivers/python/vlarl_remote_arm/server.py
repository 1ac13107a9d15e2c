"""The arm server: a ZeroMQ REP socket speaking vlarl's remote-arm protocol, version 1.

Every request and reply is one frame of UTF-8 JSON. Requests carry ``"op"``; replies carry
``"ok": true`` and the op's fields, or ``"ok": false`` and ``"error"``.

==========  ===========================================  ==============================
op          request fields                               reply fields
==========  ===========================================  ==============================
hello       protocol (1), period_s, dry_run              protocol, name, dof,
                                                         joint_lower, joint_upper, state
state       --                                           state
servo       pose [6] or q [dof], gripper, seq            state, ignored (true while stopped)
stop        --                                           stopped (true)
resume      --                                           --
bye         --                                           --
==========  ===========================================  ==============================

``state`` is ``{"t": seconds, "q": [...], "pose": [x, y, z, rx, ry, rz], "gripper": g,
"holding": bool}``. ``stop`` latches: later ``servo`` requests are answered ``ignored`` and move
nothing until ``resume``. The server keeps its own watchdog: once servoing, if no ``servo``
arrives within ``watchdog_s`` it stops the arm (the client died or the network dropped). A
``dry_run`` hello forbids motion: ``servo`` and ``resume`` are refused.

Security: bound off loopback the server requires CURVE (``--curve-secret-key``) and refuses to
start without it; it can further admit only listed client keys (``--authorized-clients``).
"""

import argparse
import ipaddress
import json
import re
import sys
import time

import zmq

from .backend import SimulatedArm

PROTOCOL_VERSION = 1


def is_loopback(endpoint):
    """Whether ``tcp://HOST:PORT`` binds a loopback address only (``*``/``0.0.0.0`` do not)."""
    m = re.match(r"^tcp://(.+):(\d+|\*)$", endpoint)
    if not m:
        raise ValueError("endpoint %r must be tcp://HOST:PORT" % endpoint)
    host = m.group(1).strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # '*', interface names, host names


class ArmServer:
    """Serves ``backend`` on ``endpoint``. Off loopback, ``server_secret_key`` (Z85) is required."""

    def __init__(self, backend, endpoint, server_secret_key=None, authorized_clients=None,
                 watchdog_s=0.1, clock=time.monotonic):
        if not is_loopback(endpoint) and not server_secret_key:
            raise SystemExit(
                "refusing to serve an arm on %s without CURVE: traffic leaving this machine must be "
                "encrypted (pass --curve-secret-key, see zmq.auth.create_certificates)" % endpoint)
        self.backend = backend
        self.endpoint = endpoint
        self.watchdog_s = watchdog_s
        self.clock = clock
        self.ctx = zmq.Context()
        self.auth = None
        self.sock = self.ctx.socket(zmq.REP)
        self.sock.linger = 0
        if server_secret_key:
            if authorized_clients:
                from zmq.auth.thread import ThreadAuthenticator
                self.auth = ThreadAuthenticator(self.ctx)
                self.auth.start()
                self.auth.configure_curve(domain="*", location=authorized_clients)
            self.sock.curve_secretkey = server_secret_key.encode()
            self.sock.curve_publickey = zmq.curve_public(server_secret_key.encode())
            self.sock.curve_server = True
        self.sock.bind(endpoint)
        self.stopped = False
        self.dry_run = False
        self.servoing = False
        self.last_servo = 0.0
        self.watchdog_stops = 0

    def _state(self):
        s = self.backend.state()
        return {"t": self.clock(), "q": s.q, "pose": s.pose, "gripper": s.gripper, "holding": s.holding}

    def handle(self, req):
        """The reply to one request (a dict)."""
        op = req.get("op")
        if op == "hello":
            if req.get("protocol") != PROTOCOL_VERSION:
                return {"ok": False, "error": "protocol %r not supported; this server speaks %d"
                        % (req.get("protocol"), PROTOCOL_VERSION)}
            self.dry_run = bool(req.get("dry_run", False))
            period = float(req.get("period_s", 0.01))
            self.watchdog_s = max(self.watchdog_s, 3 * period)
            self.servoing = False
            info = self.backend.info()
            return {"ok": True, "protocol": PROTOCOL_VERSION, "name": info.name, "dof": info.dof,
                    "joint_lower": info.joint_lower, "joint_upper": info.joint_upper,
                    "state": self._state()}
        if op == "state":
            return {"ok": True, "state": self._state()}
        if op == "servo":
            if self.dry_run:
                return {"ok": False, "error": "dry run: this session may not move the arm"}
            if self.stopped:
                return {"ok": True, "ignored": True, "state": self._state()}
            gripper = float(req.get("gripper", 1.0))
            if "pose" in req:
                pose = req["pose"]
                if len(pose) != 6:
                    return {"ok": False, "error": "pose needs 6 values, got %d" % len(pose)}
                self.backend.servo_pose(pose, gripper)
            elif "q" in req:
                self.backend.servo_joints(req["q"], gripper)
            else:
                return {"ok": False, "error": "servo needs 'pose' or 'q'"}
            self.servoing = True
            self.last_servo = self.clock()
            return {"ok": True, "ignored": False, "state": self._state()}
        if op == "stop":
            self.stopped = True
            self.servoing = False
            self.backend.stop()
            return {"ok": True, "stopped": True}
        if op == "resume":
            if self.dry_run:
                return {"ok": False, "error": "dry run: this session may not move the arm"}
            self.stopped = False
            return {"ok": True}
        if op == "bye":
            self.stopped = False
            self.servoing = False
            self.backend.stop()
            return {"ok": True}
        return {"ok": False, "error": "unknown op %r (hello, state, servo, stop, resume, bye)" % op}

    def check_watchdog(self):
        """Stops the arm when servoing and no servo arrived within the deadline."""
        if self.servoing and self.clock() - self.last_servo > self.watchdog_s:
            self.servoing = False
            self.watchdog_stops += 1
            self.backend.stop()
            print("vlarl-remote-arm: watchdog: no servo command for %.0f ms, arm stopped"
                  % (1000 * (self.clock() - self.last_servo)), file=sys.stderr, flush=True)

    def serve(self, until=lambda: False):
        """Answers requests until ``until()`` is true; polls often enough for the watchdog."""
        poller = zmq.Poller()
        poller.register(self.sock, zmq.POLLIN)
        while not until():
            if poller.poll(timeout=max(1, int(self.watchdog_s * 250))):
                raw = self.sock.recv()
                try:
                    req = json.loads(raw.decode("utf-8"))
                    if not isinstance(req, dict):
                        raise ValueError("a request is a JSON object")
                    rep = self.handle(req)
                except Exception as e:  # a bad request must not kill the server
                    rep = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
                self.sock.send(json.dumps(rep).encode("utf-8"))
            self.check_watchdog()

    def close(self):
        try:
            self.backend.stop()
        finally:
            self.sock.close(0)
            if self.auth is not None:
                self.auth.stop()
            self.ctx.term()


def _read_key(path, which):
    """A Z85 key from a zmq certificate file (``public-key``/``secret-key`` line) or a bare key."""
    text = open(path).read()
    m = re.search(r'%s-key\s*=\s*"([^"]{40})"' % which, text)
    if m:
        return m.group(1)
    if len(text.strip()) == 40:
        return text.strip()
    raise SystemExit("%s holds no %s key" % (path, which))


def _xyz(text):
    """argparse type of --start: three numbers x,y,z."""
    try:
        v = [float(t) for t in text.split(",")]
    except ValueError:
        v = []
    if len(v) != 3:
        raise argparse.ArgumentTypeError("expected x,y,z in m (three numbers), got %r" % text)
    return v


def main(argv=None):
    """Runs the server; a startup error (a key file, an unencrypted public bind) prints one
    'error: ...' line and exits with status 2, as argparse's errors and vlarl's command line do."""
    try:
        serve(argv)
    except SystemExit as e:
        if isinstance(e.code, str):
            print(e.code if e.code.startswith("error: ") else "error: " + e.code, file=sys.stderr)
            raise SystemExit(2) from None
        raise


def serve(argv=None):
    p = argparse.ArgumentParser(description="Serve a simulated arm (or your backend) to vlarl's"
                                " remote driver.")
    p.add_argument("--bind", default="tcp://127.0.0.1:5590", help="endpoint, tcp://HOST:PORT")
    p.add_argument("--curve-secret-key", help="server secret key file (required off loopback)")
    p.add_argument("--authorized-clients", help="directory of client public key certificates")
    p.add_argument("--watchdog-s", type=float, default=0.1, help="stop when servoing stalls this long")
    p.add_argument("--dof", type=int, default=0, help="joints of the simulated arm")
    p.add_argument("--start", type=_xyz, default="0,0,0.15", help="simulated TCP start x,y,z in m")
    p.add_argument("--max-speed", type=float, default=1.0, help="simulated TCP speed limit, m/s")
    a = p.parse_args(argv)
    secret = _read_key(a.curve_secret_key, "secret") if a.curve_secret_key else None
    server = ArmServer(SimulatedArm(start=a.start, dof=a.dof, max_speed=a.max_speed), a.bind,
                       server_secret_key=secret, authorized_clients=a.authorized_clients,
                       watchdog_s=a.watchdog_s)
    bound = server.sock.getsockopt_string(zmq.LAST_ENDPOINT)
    print("vlarl-remote-arm: serving on %s%s" % (bound, " (CURVE)" if secret else ""), flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()
