"""Bind policy and CURVE keys (PROTOCOL.md, "Security"), as the Java server applies them."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import zmq
import zmq.auth

_CERT = re.compile(r'^\s*(public|secret)-key\s*=\s*"(.{40})"\s*$')
_BARE = re.compile(r"^[0-9A-Za-z.\-:+=^!/*?&<>()\[\]{}@%$#]{40}$")
ZAP_ENDPOINT = "inproc://zeromq.zap.01"


def is_local(endpoint: str) -> bool:
    """Whether ``endpoint`` is reachable from this machine only (loopback TCP, ipc, inproc)."""
    e = endpoint.strip().lower()
    if e.startswith(("ipc://", "inproc://")):
        return True
    if not e.startswith("tcp://"):
        return False
    host_port = e[len("tcp://"):].split(";")[-1]
    host = host_port.rsplit(":", 1)[0] if ":" in host_port else host_port
    host = host.strip("[]")
    return host in ("localhost", "::1") or re.fullmatch(r"127\.\d{1,3}\.\d{1,3}\.\d{1,3}", host) is not None


def endpoint_problem(endpoint: str) -> str | None:
    """What makes ``endpoint`` invalid to bind, or None (the Java side's ZmqEndpoints rule):
    tcp://HOST:PORT with PORT 1..65535 or * or 0 (any free port), ipc://PATH or inproc://NAME."""
    if not endpoint or endpoint.strip() != endpoint:
        return "it is empty" if not endpoint else "it has leading or trailing spaces"
    transport, sep, rest = endpoint.partition("://")
    if transport in ("ipc", "inproc") and sep:
        return None if rest else f"{transport}:// needs a {'path' if transport == 'ipc' else 'name'}"
    if transport != "tcp" or not sep:
        return f"{transport}:// is not a supported transport" if sep else "it has no transport"
    host, colon, port = rest.split(";")[-1].rpartition(":")
    if not colon or port.endswith("]"):
        return "it has no :PORT"
    if host in ("", "[]"):
        return "it has no HOST"
    if re.fullmatch(r"[^\s/]+", host) is None:
        return f"host '{host}' is not a host name, address or interface"
    if port == "*":
        return None
    if re.fullmatch(r"-?[0-9]{1,9}", port) is None:
        return f"port '{port}' is not a number"
    return None if 0 <= int(port) <= 65535 else f"port {int(port)} is not in 1..65535"  # 0 binds as *


def check_bind(endpoint: str, curve: bool, insecure: bool, option: str = "--bind") -> None:
    """Refuses an invalid endpoint, and a non-local one served in the clear (raises SystemExit
    naming ``option`` and the endpoint, with the way out)."""
    problem = endpoint_problem(endpoint)
    if problem is not None:
        raise SystemExit(f"error: {option}: '{endpoint}' is not a valid endpoint: {problem}; expected "
                         "tcp://HOST:PORT with PORT 1..65535 (or * for any free port), ipc://PATH or inproc://NAME")
    if not curve and not insecure and not is_local(endpoint):
        raise SystemExit(
            f"error: refusing to bind {endpoint} without encryption: it is reachable from other machines. "
            "Give CURVE keys (--curve-secret and --curve-allow) or, on a trusted network, --insecure; "
            "or bind a loopback address such as tcp://127.0.0.1:5555")


def _check_z85(key: str, where) -> bytes:
    try:
        if len(zmq.utils.z85.decode(key)) != 32:
            raise ValueError
    except Exception:
        raise SystemExit(f"error: {where}: '{key}' is not a valid Z85 CURVE key") from None
    return key.encode("ascii")


def read_cert(path: Path) -> tuple[bytes, bytes | None]:
    """(public, secret or None) from a pyzmq/czmq certificate, or a file with one bare Z85 key."""
    path = Path(path)
    try:
        lines = path.read_text().splitlines()
    except OSError as e:
        raise SystemExit(f"error: cannot read CURVE key file {path}: {e}") from None
    keys = {}
    for line in lines:
        m = _CERT.match(line)
        if m:
            keys[m.group(1)] = _check_z85(m.group(2), path)
    if "public" in keys:
        return keys["public"], keys.get("secret")
    bare = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
    if len(bare) == 1 and _BARE.match(bare[0]):
        return _check_z85(bare[0], path), None
    raise SystemExit(f"error: {path} holds no CURVE certificate (no 'public-key = \"...\"' line)")


def read_allowed(path: Path) -> set[bytes]:
    """Allowed client keys: a directory of ``*.key`` certificates, a certificate, or bare keys."""
    path = Path(path)
    keys: set[bytes] = set()
    if path.is_dir():
        for p in sorted(path.glob("*.key")):
            keys.add(read_cert(p)[0])
    else:
        text = path.read_text().splitlines() if path.exists() else None
        if text is None:
            raise SystemExit(f"error: allowed-keys path {path} does not exist")
        if any(_CERT.match(ln) for ln in text):
            keys.add(read_cert(path)[0])
        else:
            for ln in text:
                t = ln.strip()
                if not t or t.startswith("#"):
                    continue
                if not _BARE.match(t):
                    raise SystemExit(f"error: {path}: '{t}' is not a 40-character Z85 key")
                keys.add(_check_z85(t, path))
    if not keys:
        raise SystemExit(f"error: no allowed client keys in {path}")
    return keys


class ZapHandler:
    """A ZAP (RFC 27) handler: lets CURVE clients with an allowed public key in."""

    def __init__(self, ctx: zmq.Context, allowed: set[bytes], log=print):
        self.allowed = set(allowed)
        self.log = log
        self.sock = ctx.socket(zmq.REP)
        self.sock.linger = 0
        self.sock.bind(ZAP_ENDPOINT)
        self.running = True
        self.thread = threading.Thread(target=self._serve, name="zap-handler", daemon=True)
        self.thread.start()

    def _serve(self):
        poller = zmq.Poller()
        poller.register(self.sock, zmq.POLLIN)
        while self.running:
            if not poller.poll(100):
                continue
            req = self.sock.recv_multipart()
            request_id = req[1] if len(req) > 1 else b""
            mechanism = req[5] if len(req) > 5 else b""
            ok, why = False, b"only CURVE clients are served"
            if mechanism == b"CURVE" and len(req) > 6 and len(req[6]) == 32:
                key = zmq.utils.z85.encode(req[6])
                ok = key in self.allowed
                why = b"OK" if ok else b"client key " + key + b" is not allowed"
            if not ok:
                self.log(f"refused a connection: {why.decode()}")
            self.sock.send_multipart([b"1.0", request_id, b"200" if ok else b"400", why, b"", b""])
        self.sock.close()

    def close(self):
        self.running = False
        self.thread.join(2)


def generate(directory: Path, name: str) -> tuple[Path, Path]:
    """Writes ``NAME.key`` and ``NAME.key_secret`` (pyzmq's format) and returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    pub, sec = zmq.auth.create_certificates(str(directory), name)
    Path(sec).chmod(0o600)
    return Path(pub), Path(sec)
