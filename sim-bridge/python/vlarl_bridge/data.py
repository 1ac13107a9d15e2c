"""The data connection (PROTOCOL.md, "Data connection"): a plain TCP stream beside the ZeroMQ
socket that carries ``reset``, ``step`` and ``observe`` requests and their replies as blocks
between the client's thread and the server's env thread. All integers little-endian::

    handshake (client to server, 24 bytes): "VLDC" | u32 version = 1 | u64 token | u64 session
    answer    (server to client,  8 bytes): "VLDC" | u32 status (0 attached, 1 bad token, 2 bad handshake)
    block: "VLBK" | u32 frames n | i64 request id | n x u64 frame length | the frames' bytes
"""

from __future__ import annotations

import logging
import random
import socket
import struct
import threading
import time

from .codec import MAX_FRAMES

LOG = logging.getLogger("vlarl_bridge.data")

HANDSHAKE_MAGIC = b"VLDC"
BLOCK_MAGIC = b"VLBK"
VERSION = 1
HANDSHAKE = struct.Struct("<4sIqq")  # magic, version, token, session (u64 read as i64: same bits)
ANSWER = struct.Struct("<4sI")
BLOCK_HEAD = struct.Struct("<4sIq")
ATTACHED, BAD_TOKEN, BAD_HANDSHAKE = 0, 1, 2
#: OPs a client may send on a data connection.
OPS = ("reset", "step", "observe")
#: Give up on a handshake, or on a block that stopped arriving half-way, after this long.
STALL_S = 10.0


def host_of(endpoint: str):
    """The host of a ``tcp://host:port`` endpoint (``*`` is every interface), else None."""
    if not endpoint.startswith("tcp://"):
        return None
    rest = endpoint[len("tcp://"):]
    host = rest[:rest.rfind(":")] if ":" in rest else rest
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return "0.0.0.0" if host == "*" else host


class BlockError(Exception):
    """The stream is not made of blocks, or stalled inside one: the connection is of no further use."""


def _read_exactly(sock: socket.socket, n: int) -> memoryview:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise EOFError("the peer closed the data connection")
        got += k
    return view


class BlockReader:
    """Assembles request blocks from a socket without waiting for them: each ``poll`` takes the
    bytes that have arrived and returns ``(request id, frames)`` once a whole block is there, else
    None. A server's env thread serves every client, so it must not wait on one client's slow or
    unfinished block. Reads never go past the block being assembled."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._start()

    def _start(self):
        self.buf, self.got, self.stage = bytearray(BLOCK_HEAD.size), 0, "head"
        self.rid, self.lengths = 0, ()

    def poll(self, sock: socket.socket):
        """Raises EOFError when the peer closed, BlockError when the bytes are not a block."""
        while True:
            if not self._fill(sock):
                return None
            if self.stage == "head":
                magic, n, self.rid = BLOCK_HEAD.unpack(self.buf)
                if magic != BLOCK_MAGIC:
                    raise BlockError("the data connection is out of step (no block magic)")
                if not 1 <= n <= MAX_FRAMES:
                    raise BlockError(f"a data block of {n} frames (1..{MAX_FRAMES} allowed)")
                self.buf, self.got, self.stage = bytearray(8 * n), 0, "lengths"
            elif self.stage == "lengths":
                self.lengths = struct.unpack(f"<{len(self.buf) // 8}Q", self.buf)
                total = sum(self.lengths)
                if total > self.max_bytes:
                    raise BlockError(f"a data block of {total} bytes exceeds the limit of {self.max_bytes} bytes")
                self.buf, self.got, self.stage = bytearray(total), 0, "body"
            else:
                body, rid, lengths = memoryview(self.buf), self.rid, self.lengths
                self._start()
                frames, at = [], 0
                for length in lengths:
                    frames.append(body[at:at + length])
                    at += length
                return rid, frames

    def _fill(self, sock) -> bool:
        """Reads what has arrived into the current part; True when it is complete."""
        view = memoryview(self.buf)
        timeout = sock.gettimeout()
        sock.settimeout(0.0)  # with a timeout, Python would wait for bytes even with MSG_DONTWAIT
        try:
            while self.got < len(self.buf):
                try:
                    n = sock.recv_into(view[self.got:], len(self.buf) - self.got)
                except (BlockingIOError, InterruptedError):
                    return False
                if n == 0:
                    raise EOFError("the peer closed the data connection")
                self.got += n
            return True
        finally:
            sock.settimeout(timeout)


class BlockWriter:
    """Writes the block of request ``rid`` (its ``frames``, bytes-like, not copied) without waiting:
    each :meth:`flush` sends what the socket takes now; the env thread calls it again when the
    connection is writable, and serves the other clients meanwhile."""

    def __init__(self, rid: int, frames: list):
        views = [memoryview(f.buffer if hasattr(f, "buffer") else f).cast("B") for f in frames]
        head = BLOCK_HEAD.pack(BLOCK_MAGIC, len(views), rid) + struct.pack(f"<{len(views)}Q", *(len(v) for v in views))
        self.pending = [memoryview(head)] + [v for v in views if len(v)]
        self.last_progress = time.monotonic()

    def flush(self, sock: socket.socket) -> bool:
        """Sends what the socket takes now; True when all of the block is out."""
        timeout = sock.gettimeout()
        sock.settimeout(0.0)
        try:
            while self.pending:
                try:
                    sent = sock.sendmsg(self.pending)
                except (BlockingIOError, InterruptedError):
                    return False
                self.last_progress = time.monotonic()
                while self.pending and sent >= len(self.pending[0]):
                    sent -= len(self.pending[0])
                    self.pending.pop(0)
                if self.pending and sent:
                    self.pending[0] = self.pending[0][sent:]
            return True
        finally:
            sock.settimeout(timeout)

    def stalled(self, now: float) -> bool:
        """Whether the client took no byte of the block for :data:`STALL_S` seconds."""
        return bool(self.pending) and now - self.last_progress > STALL_S


class DataListener:
    """Accepts data connections on the host of a ZeroMQ endpoint (any free port) and hands each
    attached one, as ``(session, socket)``, to ``on_attach`` (called on the listener's thread)."""

    def __init__(self, endpoint: str, on_attach):
        host = host_of(endpoint)
        if host is None:
            raise ValueError(f"no data connection for {endpoint} (not a tcp:// endpoint)")
        self.token = random.getrandbits(63)
        self.on_attach = on_attach
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.closed = False
        self.thread = threading.Thread(target=self._accept, name="data-listener", daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed
            try:
                self._handshake(conn)
            except (OSError, EOFError) as e:
                LOG.warning("a data connection handshake failed: %s", e)
                conn.close()

    def _handshake(self, conn: socket.socket):
        conn.settimeout(STALL_S)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        magic, version, token, session = HANDSHAKE.unpack(_read_exactly(conn, HANDSHAKE.size))
        if magic != HANDSHAKE_MAGIC or version != VERSION:
            status = BAD_HANDSHAKE
        elif token != self.token:
            status = BAD_TOKEN
        else:
            status = ATTACHED
        conn.sendall(ANSWER.pack(HANDSHAKE_MAGIC, status))
        if status != ATTACHED:
            LOG.warning("refused a data connection: %s", "bad token" if status == BAD_TOKEN else "bad handshake")
            conn.close()
            return
        self.on_attach(session, conn)

    def close(self):
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
