"""A Python client of the bridge protocol (the Java one is ``RemoteVectorEnv``).

    from vlarl_bridge.client import Client
    with Client("tcp://127.0.0.1:5555") as env:
        obs = env.reset(seeds=list(range(env.num_envs)))
        out = env.step(np.zeros((env.num_envs, 1, env.action_dim), np.float32))

Like the Java client it pings the server while it waits, re-creates its socket and resends the
same request when the server falls silent (the Lazy Pirate pattern), and raises
:class:`ServerLost` when the server restarted or stayed silent through every retry.
"""

from __future__ import annotations

import random
import time

import numpy as np
import zmq

from . import PROTOCOL_VERSION, codec


class ServerLost(Exception):
    """The server restarted or stopped answering: the episodes in flight are gone; reset."""


class RemoteError(Exception):
    """An error reply: ``code`` and ``message`` as in PROTOCOL.md."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


class Client:
    def __init__(self, address: str, connect_timeout: float = 30.0, heartbeat: float = 1.0, liveness: int = 5,
                 retries: int = 3, request_timeout: float = 600.0, curve=None):
        """``curve``: None, or ``(server_public, client_public, client_secret)`` Z85 bytes."""
        self.address = address
        self.heartbeat, self.liveness, self.retries = heartbeat, liveness, retries
        self.request_timeout = request_timeout
        self.curve = curve
        self.ctx = zmq.Context(1)
        self.session = random.getrandbits(63)
        self.last_id = 0
        self.server = None
        self.sock = None
        self._open()
        self.hello = self._hello(connect_timeout)
        spec = self.hello["spec"]
        self.spec = spec
        self.num_envs = spec["num_envs"]
        self.action_dim = spec["action"]["dim"]

    def _open(self):
        if self.sock is not None:
            self.sock.close(linger=0)
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.linger = 0
        if self.curve is not None:
            server_public, public, secret = self.curve
            self.sock.curve_serverkey, self.sock.curve_publickey, self.sock.curve_secretkey = server_public, public, secret
        self.sock.connect(self.address)

    def _send(self, header):
        """Sends without waiting. A DEALER's send waits while it has no connection, which happens
        for ever when the server refuses this client's CURVE key (the connection is dropped after
        the handshake); such a request is dropped instead, and the waits and retries that follow
        (connect timeout, Lazy Pirate) decide, as for a request the server never answered."""
        try:
            self.sock.send_multipart([b""] + codec.encode(header), copy=False, flags=zmq.NOBLOCK)
        except zmq.Again:
            pass

    def _await(self, rid, until, check_server=True):
        while True:
            wait = until - time.monotonic()
            if wait <= 0 or not self.sock.poll(int(wait * 1000) + 1):
                if time.monotonic() >= until:
                    return None
                continue
            frames = self.sock.recv_multipart(copy=False)
            if len(frames) < 2 or len(frames[0].buffer):
                continue
            msg = codec.decode(frames[1:], 1 << 62)
            if check_server and self.server is not None and msg.get("server") not in (None, self.server):
                raise ServerLost(f"env server {self.address} restarted (instance {self.server} is now {msg['server']})")
            if msg.get("id") == rid:
                return msg

    def _request(self, op, rid, body=None, server=True):
        h = {"v": PROTOCOL_VERSION, "op": op, "id": rid, "session": self.session}
        if server and self.server is not None:
            h["server"] = self.server
        if body is not None:
            h["body"] = body
        return h

    def _body(self, msg, op):
        if msg.get("ok"):
            return msg.get("body") or {}
        err = msg.get("error") or {}
        if err.get("code") == "WRONG_SERVER":
            raise ServerLost(f"env server {self.address} restarted: {err.get('message')}")
        raise RemoteError(str(err.get("code")), str(err.get("message")))

    def _hello(self, wait: float):
        deadline = time.monotonic() + wait
        while True:
            self.last_id += 1
            self._send(self._request("hello", self.last_id, {"protocol": PROTOCOL_VERSION, "client": "vlarl_bridge"},
                                     server=False))
            msg = self._await(self.last_id, min(deadline, time.monotonic() + self.heartbeat * self.liveness), False)
            if msg is not None:
                body = self._body(msg, "hello")
                self.server = msg["server"]
                return body
            if time.monotonic() >= deadline:
                raise ConnectionError(f"no env server answered at {self.address} within {wait:g} s")
            self._open()

    def call(self, op: str, body: dict | None = None) -> dict:
        """One request with heartbeats and Lazy Pirate retries; returns the reply body."""
        self.last_id += 1
        rid = self.last_id
        self._send(self._request(op, rid, body))
        start = last_heard = time.monotonic()
        next_ping = start + self.heartbeat
        attempts = 0
        silence = self.heartbeat * self.liveness
        while True:
            t = time.monotonic()
            if t - start >= self.request_timeout:
                raise ServerLost(f"env server {self.address} did not finish '{op}' within {self.request_timeout} s")
            if t - last_heard >= silence:
                if attempts >= self.retries:
                    raise ServerLost(f"env server {self.address} stopped answering during '{op}'")
                attempts += 1
                self._open()
                self._send(self._request(op, rid, body))
                last_heard, next_ping = t, t + self.heartbeat
                continue
            if t >= next_ping:
                self._send(self._request("ping", rid, server=False))
                next_ping = t + self.heartbeat
            msg = self._await(rid, min(next_ping, last_heard + silence, start + self.request_timeout))
            if msg is None:
                continue
            last_heard = time.monotonic()
            if msg.get("op") == "ping" and op != "ping":
                continue
            return self._body(msg, op)

    def reset(self, seeds, env_idx=None, options=None) -> dict:
        body = {"seeds": np.asarray(seeds, np.int64)}
        if env_idx is not None:
            body["env_idx"] = np.asarray(env_idx, np.int32)
        if options:
            body["options"] = options
        return self.call("reset", body)["obs"]

    def step(self, actions: np.ndarray) -> dict:
        return self.call("step", {"actions": np.asarray(actions, np.float32)})

    def observe(self) -> dict:
        return self.call("observe")["obs"]

    def close(self):
        try:
            if self.server is not None:
                self.last_id += 1
                self._send(self._request("close", self.last_id))
                self._await(self.last_id, time.monotonic() + 1.0, False)
        except Exception:
            pass
        self.ctx.destroy(linger=0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
