"""The bridge server: hosts one vectorized env on a ZeroMQ ROUTER socket (PROTOCOL.md).

    python3 -m vlarl_bridge.server --backend reference --bind tcp://127.0.0.1:5555 --num-envs 16

Two threads: the I/O thread owns the socket, answers ``hello`` and ``ping`` at once (so clients
see heartbeats while the env is busy), keeps the per-session retry state and sends replies; the env
thread executes ``reset``, ``step``, ``observe`` and ``close`` in arrival order. On a ``tcp://``
endpoint without CURVE the server also offers data connections (PROTOCOL.md, "Data connection"):
plain TCP streams on which the env thread reads ``reset``, ``step`` and ``observe`` requests and
answers them itself, without the hand-offs through ZeroMQ and the I/O thread. A bad request gets
an error reply and the server goes on serving. Once bound it prints one line,
``vlarl_bridge: serving NAME (N sub-envs) on ENDPOINT``, on stdout.
"""

from __future__ import annotations

import argparse
import errno
import logging
import queue
import random
import selectors
import signal
import socket
import sys
import threading
import time
from collections import OrderedDict

import zmq

from . import PROTOCOL_VERSION, __version__, codec, data
from .backends import BACKENDS, load
from .autoreset import ResetRefused
from .codec import WireError
from .operations import EnvRequests
from .security import ZapHandler, check_bind, read_allowed, read_cert

LOG = logging.getLogger("vlarl_bridge.server")
OPS = ("hello", "reset", "step", "observe", "ping", "close")
MAX_SESSIONS = 64
MIN_MAX_REQUEST_BYTES = 1024  # a smaller limit is refused at startup (Java: Protocol.MIN_MAX_REQUEST_BYTES)
# what to do with an env request (PROTOCOL.md, "Reliability")
EXECUTE, RUNNING, RESEND, STALE = "execute", "running", "resend", "stale"


def reply(op, rid, server, body):
    return {"v": PROTOCOL_VERSION, "op": op, "id": rid, "server": server, "ok": True, "body": body}


def error(op, rid, server, code, message):
    return {"v": PROTOCOL_VERSION, "op": op, "id": rid, "server": server, "ok": False,
            "error": {"code": code, "message": message}}


class _Session:
    __slots__ = ("latest", "running", "reply", "route")

    def __init__(self):
        self.latest, self.running, self.reply, self.route = 0, False, None, None


class Server:
    """Serves ``env`` (an object with ``spec``, ``reset``, ``step``, ``observe``, ``close``)."""

    def __init__(self, env, bind: str, name: str, curve=None, insecure: bool = False,
                 max_request_bytes: int = 64 << 20, heartbeat_ms: int = 1000,
                 inline_limit: int = codec.DEFAULT_INLINE_LIMIT, data_connection: bool = True):
        check_bind(bind, curve is not None, insecure)
        self.env = env
        self.requests = EnvRequests(env)
        self.bind = bind
        self.instance = "%x" % random.getrandbits(63)
        self.max_request_bytes = max_request_bytes
        self.inline_limit = inline_limit
        self.hello_body = {"protocol": PROTOCOL_VERSION, "server_name": name, "spec": env.spec.to_wire(),
                           "max_request_bytes": max_request_bytes, "heartbeat_ms": heartbeat_ms}
        self.ctx = zmq.Context(1)
        self.zap = None
        self.router = self.ctx.socket(zmq.ROUTER)
        self.router.linger = 0
        # as the Java server: requests a little over the limit reach the decoder (TOO_LARGE)
        self.router.setsockopt(zmq.MAXMSGSIZE, 2 * max_request_bytes + (1 << 20))
        if curve is not None:
            public, secret, allowed = curve
            self.zap = ZapHandler(self.ctx, allowed, log=LOG.warning)
            self.router.zap_domain = b"vlarl"
            self.router.curve_server = True
            self.router.curve_publickey = public
            self.router.curve_secretkey = secret
        try:
            self.router.bind(bind)
        except zmq.ZMQError as e:
            self.close()
            raise SystemExit(f"error: cannot bind {bind}: {e}{bind_hint(e)}") from None
        self.endpoint = self.router.getsockopt_string(zmq.LAST_ENDPOINT)
        wake = f"inproc://wake-{self.instance}"
        self.wake = self.ctx.socket(zmq.PAIR)
        self.wake.bind(wake)
        self.signal = self.ctx.socket(zmq.PAIR)
        self.signal.connect(wake)
        self.jobs: queue.Queue = queue.Queue()
        self.done: queue.Queue = queue.Queue()
        self.busy = False
        self.sessions: OrderedDict[int, _Session] = OrderedDict()
        self.lock = threading.Lock()  # guards sessions: the I/O thread and the env thread use them
        self.running = True
        # the env thread waits on this selector: its wake-up socket pair and the data connections
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = socket.socketpair()
        self.wake_r.setblocking(False)
        self.wake_w.setblocking(False)
        self.selector.register(self.wake_r, selectors.EVENT_READ, None)
        self.attached: queue.Queue = queue.Queue()  # (session, socket) from the data listener
        self.links: dict[int, socket.socket] = {}  # env thread only
        self.readers: dict[int, data.BlockReader] = {}  # env thread only: each link's block in progress
        self.writers: dict[int, data.BlockWriter] = {}  # env thread only: each link's reply partly written
        self.listener = None
        if data_connection and curve is None and data.host_of(self.endpoint) is not None:
            try:
                self.listener = data.DataListener(self.endpoint, self._attach)
                self.hello_body["data_port"] = self.listener.port
                self.hello_body["data_token"] = self.listener.token
            except OSError as e:
                LOG.warning("no data connection on %s (%s); requests go over ZeroMQ only", self.endpoint, e)
        self.worker = threading.Thread(target=self._work, name="env", daemon=True)

    # -- env thread -------------------------------------------------------------------------------

    def _work(self):
        while True:
            for key, events in self.selector.select(timeout=1.0 if self.writers else None):
                if key.fileobj is self.wake_r:
                    try:
                        while self.wake_r.recv(4096):
                            pass
                    except BlockingIOError:
                        pass
                elif key.fileobj.fileno() >= 0:
                    try:
                        if events & selectors.EVENT_WRITE:
                            self._flush_data(key.data, key.fileobj)
                        else:
                            self._serve_data(key.data, key.fileobj)
                    except Exception:  # a bug here must not stop the env thread
                        LOG.error("data connection of session %d dropped after an internal error", key.data,
                                  exc_info=True)
                        self._drop_link(key.data)
            self._drop_stalled()
            while True:
                try:
                    session, conn = self.attached.get_nowait()
                except queue.Empty:
                    break
                self._drop_link(session)
                self.links[session] = conn
                self.readers[session] = data.BlockReader(self.max_request_bytes)
                self.selector.register(conn, selectors.EVENT_READ, session)
            while True:
                try:
                    job = self.jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    for session in list(self.links):
                        self._drop_link(session)
                    return
                session, rid, op, body = job
                self.done.put((session, rid, op, self._execute(op, rid, body)))
                self.signal.send(b"\x01")
                if op == "close":
                    self._drop_link(session)

    def _wake_worker(self):
        try:
            self.wake_w.send(b"\x01")
        except BlockingIOError:
            pass  # its buffer is full of wake-ups already

    def _execute(self, op, rid, body) -> list:
        """Executes an admitted request; the encoded reply or error reply."""
        self.busy = True
        try:
            msg = reply(op, rid, self.instance, self.requests.execute(op, body))
        except WireError as e:
            msg = error(op, rid, self.instance, e.code, e.message)
        except ResetRefused as e:  # refused before the env changed
            msg = error(op, rid, self.instance, "BAD_REQUEST", str(e))
        except Exception as e:  # the env failed: report it and serve on
            LOG.warning("the env failed on '%s'", op, exc_info=True)
            msg = error(op, rid, self.instance, "ENV_ERROR", f"{type(e).__name__}: {e}")
        try:
            return codec.encode(msg, self.inline_limit)
        except Exception as e:
            LOG.error("cannot encode the reply to '%s'", op, exc_info=True)
            return codec.encode(error(op, rid, self.instance, "INTERNAL", f"cannot encode the reply: {e}"))
        finally:
            self.busy = False

    # -- data connections (env thread) ------------------------------------------------------------

    def _attach(self, session, conn):
        """Called by the data listener's thread: the env thread serves ``conn`` from now on."""
        self.attached.put((session, conn))
        self._wake_worker()

    def _drop_link(self, session):
        conn = self.links.pop(session, None)
        self.readers.pop(session, None)
        self.writers.pop(session, None)
        if conn is not None:
            self.selector.unregister(conn)
            conn.close()

    def _flush_data(self, session, conn):
        """Writes more of a reply that the socket did not take at once; once it is out, the
        connection's next request is read."""
        try:
            if self.writers[session].flush(conn):
                del self.writers[session]
                self.selector.modify(conn, selectors.EVENT_READ, session)
        except OSError as e:
            LOG.warning("data connection of session %d failed while replying: %s", session, e)
            self._drop_link(session)

    def _drop_stalled(self):
        for session in list(self.writers):
            try:
                self._flush_data(session, self.links[session])  # what the client took while others were served
                writer = self.writers.get(session)
                if writer is not None and writer.stalled(time.monotonic()):
                    LOG.warning("the client of session %d took no byte of its reply for %.0f s; closing its data "
                                "connection", session, data.STALL_S)
                    self._drop_link(session)
            except Exception:  # a bug here must not stop the env thread
                LOG.error("data connection of session %d dropped after an internal error", session, exc_info=True)
                self._drop_link(session)

    def _serve_data(self, session, conn):
        """Serves one request from a data connection once all of it has arrived (never waits for
        the rest of a block: other clients are served meanwhile)."""
        try:
            block = self.readers[session].poll(conn)
            if block is None:
                return
            rid, frames = block
        except EOFError:
            self._drop_link(session)
            return
        except (OSError, data.BlockError) as e:
            LOG.warning("data connection of session %d failed: %s", session, e)
            self._drop_link(session)
            return
        op, executed = None, False
        try:
            h = codec.decode(frames, self.max_request_bytes)
            op = h.get("op") if isinstance(h.get("op"), str) else None
            self._check_version_and_op(h, op)
            if op not in data.OPS:
                raise WireError("BAD_REQUEST", f"'{op}' is not served on a data connection (only {list(data.OPS)}); "
                                "send it over ZeroMQ")
            if h.get("id") != rid or isinstance(h.get("id"), bool):
                raise WireError("BAD_MESSAGE", f"the request's id {h.get('id')!r} differs from its data block's id {rid}")
            if h.get("session") != session or isinstance(h.get("session"), bool):
                raise WireError("BAD_REQUEST", f"a request of session {h.get('session')!r} on the data connection "
                                f"of session {session}")
            self._check_server(h)
            body = self._body(h)
            with self.lock:
                admission, s = self._admit(session, rid, None)
                stored = s.reply
            if admission == EXECUTE:
                executed = True
                out = self._execute(op, rid, body)
            elif admission == RESEND:
                out = stored
            elif admission == RUNNING:
                raise WireError("STALE_REQUEST", f"request {rid} is already executing (asked for over ZeroMQ); "
                                "its reply goes there")
            else:
                raise WireError("STALE_REQUEST", f"request {rid} is older than this session's latest request {s.latest}")
        except WireError as e:
            out = codec.encode(error(op, rid, self.instance, e.code, e.message), self.inline_limit)
        except Exception as e:
            LOG.error("internal error while serving a data connection request", exc_info=True)
            out = codec.encode(error(op, rid, self.instance, "INTERNAL", repr(e)), self.inline_limit)
        writer = data.BlockWriter(rid, out)
        try:
            if not writer.flush(conn):  # the rest goes out as the client takes it, while others are served
                self.writers[session] = writer
                self.selector.modify(conn, selectors.EVENT_WRITE, session)
        except OSError as e:
            LOG.warning("data connection of session %d failed while replying: %s", session, e)
            self._drop_link(session)
        if executed:
            with self.lock:
                route = self._finish(session, rid, out, end=False)
            if route is not None:
                # the client asked for it over ZeroMQ meanwhile: the I/O thread sends it there (its
                # _finish of the same reply finds the state already recorded and only returns the route)
                self.done.put((session, rid, op, out))
                self.signal.send(b"\x01")

    # -- I/O thread -------------------------------------------------------------------------------

    def serve_forever(self):
        self.worker.start()
        poller = zmq.Poller()
        poller.register(self.router, zmq.POLLIN)
        poller.register(self.wake, zmq.POLLIN)
        while self.running:
            try:
                events = dict(poller.poll(100))
                if self.wake in events:
                    while self.wake.poll(0):
                        self.wake.recv()
                    self._send_finished()
                if self.router in events:
                    while self.router.poll(0):
                        frames = self._receive()
                        if frames is not None:
                            self._handle(frames)
            except Exception:
                if self.running:
                    LOG.error("server I/O loop error (serving on)", exc_info=True)
        self.jobs.put(None)
        self._wake_worker()
        self.worker.join(5)

    def _receive(self):
        """The next message's frames; frames past the request limits (bytes or count) are read and
        dropped, not kept, and the message gets its error reply here (id -1, as any message refused
        before its header is read): then None."""
        frames = [self.router.recv(copy=False)]
        size, count = 0, 1
        while self.router.getsockopt(zmq.RCVMORE):
            f = self.router.recv(copy=False)
            size += len(f.buffer)
            count += 1
            if size <= self.max_request_bytes and count <= codec.MAX_FRAMES + 2:
                frames.append(f)
        if len(frames) == count:
            return frames
        if size > self.max_request_bytes:
            code, why = "TOO_LARGE", f"message of {size} bytes exceeds the limit of {self.max_request_bytes} bytes"
        else:
            code, why = "BAD_MESSAGE", f"message of {count - 2} frames; at most {codec.MAX_FRAMES}"
        LOG.warning("refused a request from a client: %s", why)
        self._send(frames[0].bytes, codec.encode(error(None, -1, self.instance, code, why), self.inline_limit))
        return None

    def _handle(self, frames):
        route = frames[0].bytes
        if len(frames) < 3 or len(frames[1].buffer) != 0:
            LOG.warning("dropped a message without the empty delimiter frame (%d frames)", len(frames))
            return
        op, rid = None, -1
        try:
            header = codec.decode(frames[2:], self.max_request_bytes)
            op = header.get("op") if isinstance(header.get("op"), str) else None
            rid = header.get("id") if isinstance(header.get("id"), int) else -1
            self._dispatch(route, header, op, rid)
        except WireError as e:
            self._send(route, codec.encode(error(op, rid, self.instance, e.code, e.message), self.inline_limit))
        except Exception as e:
            LOG.error("internal error while handling a request", exc_info=True)
            self._send(route, codec.encode(error(op, rid, self.instance, "INTERNAL", repr(e)), self.inline_limit))

    # -- request checks and retry state (both threads) -------------------------------------------

    @staticmethod
    def _check_version_and_op(h, op):
        if h.get("v") != PROTOCOL_VERSION or isinstance(h.get("v"), bool):
            raise WireError("UNSUPPORTED_VERSION",
                            f"protocol version {h.get('v')!r} is not supported; this server speaks v{PROTOCOL_VERSION}")
        if op not in OPS:
            raise WireError("UNKNOWN_OP", f"op {h.get('op')!r} is not one of {list(OPS)}")

    @staticmethod
    def _body(h):
        body = h.get("body") or {}
        if not isinstance(body, dict):
            raise WireError("BAD_REQUEST", "request.body must be a map")
        return body

    def _check_server(self, h):
        server = h.get("server")
        if not isinstance(server, str):
            raise WireError("BAD_REQUEST", "request.server is missing (send hello first)")
        if server != self.instance:
            raise WireError("WRONG_SERVER", f"request for server instance {server}, this is instance {self.instance} "
                            "(the server restarted: its env state is new; send hello and reset)")

    def _admit(self, session, rid, route):
        """What to do with env request ``rid`` (at least 1) of ``session`` (hold ``self.lock``).
        ``route`` is the ZeroMQ connection it came from, None for a data connection: a new request's
        reply goes where it came from; a retry over ZeroMQ redirects it there, a copy on a data
        connection leaves it. Returns ``(admission, state)``."""
        if rid < 1:
            raise WireError("BAD_REQUEST", f"request id {rid} is not allowed: a session's request ids count up from 1")
        s = self.sessions.get(session)
        if s is None:
            s = self.sessions[session] = _Session()
            if len(self.sessions) > MAX_SESSIONS:
                # forget the least recently used session whose request is not executing (not this one)
                idle = next((k for k, v in self.sessions.items() if not v.running and k != session), None)
                if idle is not None:
                    del self.sessions[idle]
        self.sessions.move_to_end(session)
        if rid < s.latest:
            return STALE, s
        if rid == s.latest:
            if route is not None:
                s.route = route
            return (RUNNING if s.running else RESEND), s
        s.latest, s.running, s.reply, s.route = rid, True, None, route
        return EXECUTE, s

    def _finish(self, session, rid, frames, end):
        """Records the reply of a finished request (hold ``self.lock``); where to send it over
        ZeroMQ, or None when no one waits for it there."""
        s = self.sessions.get(session)
        if s is None or s.latest != rid:
            return None
        s.running, s.reply = False, frames
        if end:
            del self.sessions[session]
        return s.route

    # -- I/O thread (continued) -------------------------------------------------------------------

    def _dispatch(self, route, h, op, rid):
        self._check_version_and_op(h, op)
        if not isinstance(h.get("id"), int):
            raise WireError("BAD_REQUEST", "request.id is missing or not an integer")
        body = self._body(h)
        if op == "ping":
            self._send_reply(route, op, rid, {"busy": self.busy or not self.jobs.empty()})
        elif op == "hello":
            if body.get("protocol") != PROTOCOL_VERSION:
                raise WireError("UNSUPPORTED_VERSION",
                                f"client speaks protocol {body.get('protocol')!r}, this server speaks {PROTOCOL_VERSION}")
            self._send_reply(route, op, rid, self.hello_body)
        else:
            self._env_request(route, h, op, rid, body)

    def _env_request(self, route, h, op, rid, body):
        session = h.get("session")
        if not isinstance(session, int):
            raise WireError("BAD_REQUEST", "request.session is missing or not an integer")
        self._check_server(h)
        with self.lock:
            admission, s = self._admit(session, rid, route)
            stored, latest = s.reply, s.latest
        if admission == STALE:
            raise WireError("STALE_REQUEST", f"request {rid} is older than this session's latest request {latest}")
        if admission == RESEND:
            self._send(route, stored)
        elif admission == EXECUTE:
            self.jobs.put((session, rid, op, body))
            self._wake_worker()

    def _send_finished(self):
        while True:
            try:
                session, rid, op, frames = self.done.get_nowait()
            except queue.Empty:
                return
            with self.lock:
                route = self._finish(session, rid, frames, end=op == "close")
            if route is not None:
                # a reply to a request that came over ZeroMQ, or to one from a data connection
                # that the client asked for again over ZeroMQ
                self._send(route, frames)

    def _send_reply(self, route, op, rid, body):
        self._send(route, codec.encode(reply(op, rid, self.instance, body), self.inline_limit))

    def _send(self, route, frames):
        self.router.send_multipart([route, b""] + list(frames), copy=False)

    def stop(self):
        self.running = False

    def close(self):
        """Closes the sockets (also those of a server whose construction failed part way)."""
        self.running = False
        if getattr(self, "listener", None) is not None:
            self.listener.close()
        for end in ("wake_r", "wake_w"):
            if getattr(self, end, None) is not None:
                getattr(self, end).close()
        if self.zap is not None:
            self.zap.close()
        self.ctx.destroy(linger=0)


def bind_hint(e: zmq.ZMQError) -> str:
    """Why a bind failed, in words, after libzmq's own message."""
    if e.errno == errno.EADDRINUSE:
        return " (is another server running there?)"
    if e.errno == errno.EADDRNOTAVAIL:
        return " (not an address or interface of this machine)"
    return ""


def request_mb(text: str) -> float:
    """``--max-request-mb``: MiB, at least 1 KiB (the Java server's Protocol.MIN_MAX_REQUEST_BYTES)."""
    try:
        mb = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not (MIN_MAX_REQUEST_BYTES <= mb * (1 << 20) < float("inf")):
        raise argparse.ArgumentTypeError(
            f"must be at least 1 KiB (1/1024 MiB), got {text}")
    return mb


def parse_args(argv):
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--backend", choices=BACKENDS, default="reference")
    known, _ = first.parse_known_args(argv)
    p = argparse.ArgumentParser(prog="python3 -m vlarl_bridge.server",
                                description="Serves a vectorized simulator to vlarl (sim-bridge/PROTOCOL.md).")
    p.add_argument("--backend", choices=BACKENDS, default="reference", help="simulator (default: reference)")
    p.add_argument("--bind", default="tcp://127.0.0.1:5555", help="ZeroMQ endpoint (default: tcp://127.0.0.1:5555)")
    p.add_argument("--insecure", action="store_true", help="allow a non-loopback bind without CURVE")
    p.add_argument("--curve-secret", metavar="FILE", help="the server's secret certificate (enables CURVE)")
    p.add_argument("--curve-allow", metavar="PATH",
                   help="allowed client public keys: a directory of *.key files, a certificate, or Z85 keys one per line")
    p.add_argument("--max-request-mb", type=request_mb, default=64,
                   help="request size limit, MiB, at least 1/1024 (default: 64)")
    p.add_argument("--heartbeat-ms", type=int, default=1000, help="ping interval suggested to clients")
    p.add_argument("--no-data-connection", action="store_true",
                   help="serve over ZeroMQ only (no data connections; PROTOCOL.md, 'Data connection')")
    p.add_argument("--log-level", default="INFO")
    load(known.backend).add_arguments(p)
    return p.parse_args(argv)


def curve_keys(args):
    if args.curve_secret is None:
        if args.curve_allow is not None:
            raise SystemExit("error: --curve-allow needs --curve-secret")
        return None
    if args.curve_allow is None:
        raise SystemExit("error: --curve-secret needs --curve-allow (the clients allowed to connect)")
    public, secret = read_cert(args.curve_secret)
    if secret is None:
        raise SystemExit(f"error: {args.curve_secret} is a public certificate; give the secret one (NAME.key_secret)")
    return public, secret, read_allowed(args.curve_allow)


def main(argv=None):
    """Runs the server; a startup error (an option, a key file, a taken address) prints one
    'error: ...' line and exits with status 2, as argparse's errors and the Java command line do."""
    try:
        serve(argv)
    except SystemExit as e:
        if isinstance(e.code, str):
            print(e.code, file=sys.stderr)
            raise SystemExit(2) from None
        raise


def serve(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    curve = curve_keys(args)
    check_bind(args.bind, curve is not None, args.insecure)
    try:
        env = load(args.backend).create(args)
    except ValueError as e:
        raise SystemExit(f"error: {e}") from None
    name = f"vlarl_bridge {__version__} ({args.backend})"
    try:
        server = Server(env, args.bind, name, curve=curve, insecure=args.insecure,
                        max_request_bytes=int(args.max_request_mb * (1 << 20)), heartbeat_ms=args.heartbeat_ms,
                        data_connection=not args.no_data_connection)
    except BaseException:
        env.close()  # e.g. the address is taken: the simulator's workers and GPU memory go too
        raise
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    signal.signal(signal.SIGINT, lambda *_: server.stop())
    print(f"vlarl_bridge: serving {env.spec.name} ({env.spec.num_envs} sub-envs) on {server.endpoint}"
          + (" with CURVE" if curve else ""), flush=True)
    try:
        server.serve_forever()
    finally:
        server.close()
        env.close()


if __name__ == "__main__":
    main()
