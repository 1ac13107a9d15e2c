package ai.vlarl.simbridge.client;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvServerLost;
import ai.vlarl.simbridge.data.DataBlocks;
import ai.vlarl.simbridge.data.DataClient;
import ai.vlarl.simbridge.data.ReceiveBuffers;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.MessageDecoder;
import ai.vlarl.simbridge.wire.MessageEncoder;
import ai.vlarl.simbridge.wire.WireException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One client session with an env server: a DEALER socket, request ids, heartbeats while waiting,
 * and the Lazy Pirate pattern (close and re-open the socket, resend the same request) when the
 * server falls silent. Env requests and their replies go over a data connection when the server
 * offers one (PROTOCOL.md, "Data connection"). Not thread-safe: use it from one thread at a time.
 */
final class Connection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final byte[] EMPTY = new byte[0];
  private static final int DIRECT_THRESHOLD = 64 * 1024;
  /** Milliseconds a new connection may take to finish its ZMTP handshake before it is redone. */
  private static final int HANDSHAKE_MS = 2000;

  private final String address;
  private final ClientOptions options;
  private final ZContext ctx = new ZContext(1);
  private final long session = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
  private ZMQ.Socket socket;
  private long lastId;
  private String server;
  private long maxRequestBytes = Protocol.DEFAULT_MAX_REQUEST_BYTES;
  /** The data connection (PROTOCOL.md, "Data connection"), or null. */
  private DataClient data;
  private int dataPort;
  private long dataToken;
  /** The data connection failed: try a new one at the next request. */
  private boolean reattach;
  /** Where data-connection replies are received (kept across data connections). */
  private final ReceiveBuffers buffers = new ReceiveBuffers();
  /** The buffer the last reply was received into when it came on the data connection, else null. */
  private ByteBuffer replyMemory;

  Connection(String address, ClientOptions options) {
    this.address = address;
    this.options = options;
    open();
  }

  String address() {
    return address;
  }

  private void open() {
    socket = ctx.createSocket(SocketType.DEALER);
    socket.setLinger(0);
    socket.setMaxMsgSize(options.maxReplyBytes());
    // large frames (images) are received into direct buffers, which become host arrays uncopied
    socket.setMsgAllocationHeapThreshold(DIRECT_THRESHOLD);
    if (options.curve() != null) {
      options.curve().apply(socket);
    }
    // JeroMQ 0.6 sometimes leaves a fresh TCP connection without a ZMTP handshake (the connecting
    // side never sends its greeting; zeromq/jeromq#1022, more often under CPU load). A short
    // handshake interval tears such a connection down and reconnects instead of waiting 30 s.
    socket.setHandshakeIvl(HANDSHAKE_MS);
    socket.connect(address);
  }

  private void reopen() {
    ctx.destroySocket(socket);
    open();
  }

  /**
   * Says hello, waiting up to {@code waitMs} for a server, and starts talking to the instance that
   * answers. Returns the hello reply body.
   *
   * @throws UserException when no server answers in time, or it speaks another protocol
   */
  Map<String, Object> hello(long waitMs) {
    long deadline = now() + waitMs;
    while (true) {
      long id = ++lastId;
      Map<String, Object> body = Map.of("protocol", Protocol.VERSION, "client", "vlarl-java");
      send(MessageEncoder.encode(Protocol.request(Protocol.HELLO, id, session, null, body),
          ClientOptions.inlineLimit()));
      Map<String, Object> reply = await(id, Math.min(deadline, now() + options.silenceMs()), false);
      if (reply != null) {
        Map<String, Object> b = bodyOf(reply, Protocol.HELLO);
        try {
          server = Fields.getString(reply, "server", "hello reply");
          maxRequestBytes = Fields.getLong(b, "max_request_bytes", "hello reply");
        } catch (WireException e) {
          throw invalidReply(Protocol.HELLO, e);
        }
        closeData();
        reattach = false;
        if (options.dataConnection() && b.get("data_port") instanceof Long port && b.get("data_token") instanceof Long token) {
          dataPort = port.intValue();
          dataToken = token;
          attachData();
        }
        return b;
      }
      if (now() >= deadline) {
        throw new UserException("no env server answered at " + address + " within "
            + Math.round(waitMs / 1000.0) + " s; start one there (./vlarl serve-sim ... or python3 -m"
            + " vlarl_bridge.server ... --bind " + address + ") or fix the address");
      }
      reopen();
    }
  }

  /**
   * Sends a request and waits for its reply, pinging the server while it works. {@code reset},
   * {@code step} and {@code observe} go on the data connection when there is one, and over ZeroMQ
   * (with the same id) when it fails.
   *
   * @return the reply body
   * @throws EnvServerLost when the server restarted, or stayed silent through every retry, or did
   *     not finish within the request timeout
   * @throws RemoteEnvException for an error reply
   */
  Map<String, Object> call(String op, Map<String, ?> body) {
    replyMemory = null;
    long id = ++lastId;
    List<ByteBuffer> frames = MessageEncoder.encode(Protocol.request(op, id, session, server, body),
        ClientOptions.inlineLimit());
    long size = MessageEncoder.size(frames);
    if (size > maxRequestBytes) {
      throw new UserException("the " + op + " request is " + size + " bytes, over the server's limit of "
          + maxRequestBytes + " bytes (" + address + ")");
    }
    if (reattach) {
      reattach = false;
      attachData();
    }
    if (data != null && Protocol.DATA_CONNECTION_OPS.contains(op)) {
      try {
        return callViaData(op, id, frames);
      } catch (DataLost e) {
        LOG.warn("data connection to {} lost during '{}' ({}); asking again over ZeroMQ", address, op, e.getMessage());
        closeData();
        reattach = true;
      }
    }
    send(frames);
    long start = now();
    long lastHeard = start;
    long heardAt = -1;
    long nextPing = start + options.heartbeatMs();
    int attempts = 0;
    while (true) {
      long t = now();
      if (t - start >= options.requestTimeoutMs()) {
        throw tooSlow(op, start, heardAt, t);
      }
      if (t - lastHeard >= options.silenceMs()) {
        if (attempts >= options.retries()) {
          throw new EnvServerLost("env server " + address + " stopped answering during '" + op + "': silent for "
              + (t - lastHeard) / 1000.0 + " s after " + attempts + " reconnects");
        }
        attempts++;
        LOG.warn("env server {} silent for {} ms during '{}'; reconnecting ({}/{})", address, t - lastHeard,
            op, attempts, options.retries());
        reopen();
        send(frames);
        lastHeard = t;
        nextPing = t + options.heartbeatMs();
        continue;
      }
      if (t >= nextPing) {
        ping(id);
        nextPing = t + options.heartbeatMs();
      }
      long until = Math.min(Math.min(nextPing, lastHeard + options.silenceMs()), start + options.requestTimeoutMs());
      Map<String, Object> reply = await(id, until, true);
      if (reply == null) {
        continue;
      }
      lastHeard = now();
      heardAt = lastHeard;
      if (Protocol.PING.equals(reply.get("op")) && !op.equals(Protocol.PING)) {
        continue;
      }
      return bodyOf(reply, op);
    }
  }

  /**
   * Receives until the reply to request {@code id} (or, while waiting for another op, a pong for
   * it) arrives, or until {@code until}. Returns null on time out.
   */
  private Map<String, Object> await(long id, long until, boolean checkServer) {
    while (true) {
      long wait = until - now();
      if (wait <= 0) {
        return null;
      }
      Map<String, Object> reply = receive((int) Math.min(wait, Integer.MAX_VALUE));
      if (reply == null) {
        continue;
      }
      if (checkServer) {
        checkServer(reply);
      }
      if (reply.get("id") instanceof Long l && l == id) {
        return reply;
      }
    }
  }

  /** Asks the server whether it is alive while request {@code id} runs (the pong names the id). */
  private void ping(long id) {
    send(MessageEncoder.encode(Protocol.request(Protocol.PING, id, session, null, null), ClientOptions.inlineLimit()));
  }

  /**
   * The request timeout passed. Whether the server still answers heartbeats is said from what was
   * heard ({@code heardAt}: when it last answered during the request that began at {@code start},
   * or -1): a server that died answers none, and with {@code request_timeout_s} below {@code
   * heartbeat_ms x liveness} the timeout comes before its silence counts as lost.
   */
  private EnvServerLost tooSlow(String op, long start, long heardAt, long now) {
    String why;
    if (heardAt >= 0 && now - heardAt <= 2L * options.heartbeatMs()) {
      why = "it answers heartbeats: the env is hung or too slow";
    } else if (heardAt >= 0) {
      why = "it last answered a heartbeat " + (now - heardAt) / 1000.0 + " s ago: it may have died or hung";
    } else if (now - start < 2L * options.heartbeatMs()) { // the first ping's answer may be under way
      why = "too soon for a heartbeat, which is asked for every " + options.heartbeatMs() + " ms";
    } else {
      why = "it answered no heartbeat meanwhile: it may have died or be unreachable";
    }
    return new EnvServerLost("env server " + address + " did not finish '" + op + "' within "
        + options.requestTimeoutMs() / 1000.0 + " s (" + why + ")");
  }

  /** Throws {@link EnvServerLost} when a reply comes from another server instance than hello's. */
  private void checkServer(Map<String, Object> reply) {
    Object from = reply.get("server");
    if (server != null && from != null && !server.equals(from)) {
      throw new EnvServerLost("env server " + address + " restarted (instance " + server + " is now "
          + from + "): the episodes in flight are gone");
    }
  }

  /**
   * Sends a request on the data connection and waits for its reply there, pinging over ZeroMQ
   * while the server works (as {@link #call} does).
   *
   * @throws DataLost when the data connection fails or the server falls silent: the caller asks
   *     again over ZeroMQ, with the same id (the server keeps the reply of a finished request)
   */
  private Map<String, Object> callViaData(String op, long id, List<ByteBuffer> frames) {
    try {
      data.send(id, frames, options.silenceMs());
    } catch (java.io.IOException e) {
      throw new DataLost("sending: " + e);
    }
    long start = now();
    long lastHeard = start;
    long heardAt = -1;
    long nextPing = start + options.heartbeatMs();
    while (true) {
      long t = now();
      if (t - start >= options.requestTimeoutMs()) {
        throw tooSlow(op, start, heardAt, t);
      }
      if (t - lastHeard >= options.silenceMs()) {
        throw new DataLost("the server was silent for " + (t - lastHeard) + " ms");
      }
      if (t >= nextPing) {
        ping(id);
        nextPing = t + options.heartbeatMs();
      }
      long until = Math.min(Math.min(nextPing, lastHeard + options.silenceMs()), start + options.requestTimeoutMs());
      DataBlocks.Block block = null;
      try {
        if (data.awaitReadable(until - t)) {
          block = data.read(options.maxReplyBytes(), options.silenceMs(), buffers);
        }
      } catch (java.io.IOException e) {
        throw new DataLost(e.toString());
      }
      if (block != null) {
        if (block.id() < id) {
          buffers.give(block.memory());
          continue; // the reply to an earlier request that no one waits for any more
        }
        if (block.id() > id) {
          throw new DataLost("it sent the reply to request " + block.id() + " while " + id + " was awaited");
        }
        Map<String, Object> reply = decode(block.frames(), "on its data connection");
        checkServer(reply);
        Map<String, Object> body = bodyOf(reply, op);
        replyMemory = block.memory();
        return body;
      }
      for (Map<String, Object> pong = receive(0); pong != null; pong = receive(0)) {
        checkServer(pong);
        lastHeard = now();
        heardAt = lastHeard;
      }
    }
  }

  /**
   * The buffer that the last {@link #call}'s reply was received into, when it came on the data
   * connection (else null); {@link #recycle} takes it back once no one reads the reply's arrays.
   */
  ByteBuffer replyMemory() {
    return replyMemory;
  }

  /** Reuses {@code memory} (from {@link #replyMemory}) for a later reply. */
  void recycle(ByteBuffer memory) {
    buffers.give(memory);
  }

  /** Attaches a data connection to this session (replacing any), or goes on without one. */
  private void attachData() {
    closeData();
    if (dataPort <= 0) {
      return;
    }
    try {
      data = DataClient.attach(address, dataPort, dataToken, session, HANDSHAKE_MS);
      LOG.debug("data connection to {} port {} attached", address, dataPort);
    } catch (java.io.IOException e) {
      LOG.warn("no data connection to {} port {} ({}); replies come over ZeroMQ", address, dataPort, e.toString());
    }
  }

  private void closeData() {
    if (data != null) {
      data.close();
      data = null;
    }
  }

  /** Whether env requests currently go over a data connection. */
  boolean usesDataConnection() {
    return data != null;
  }

  /** A data connection failed, or the server fell silent, while a request was on it. */
  private static final class DataLost extends RuntimeException {
    DataLost(String message) {
      super(message, null, false, false);
    }
  }

  /** The next reply, waiting up to {@code waitMs} (a blocking receive: JeroMQ's poller is slow). */
  private Map<String, Object> receive(int waitMs) {
    List<ByteBuffer> frames = new ArrayList<>();
    socket.setReceiveTimeOut(waitMs);
    zmq.Msg first = socket.recvMsg(0);
    if (first == null) {
      return null;
    }
    boolean delimited = first.size() == 0;
    while (socket.hasReceiveMore()) {
      frames.add(socket.recvMsg(0).buf());
    }
    if (!delimited) {
      LOG.warn("dropped a reply from {} without the empty delimiter frame", address);
      return null;
    }
    return decode(frames, "over ZeroMQ");
  }

  private Map<String, Object> decode(List<ByteBuffer> frames, String where) {
    try {
      return MessageDecoder.decode(frames, options.maxReplyBytes());
    } catch (WireException e) {
      throw new UserException("env server " + address + " sent an invalid reply " + where + ": " + e, e);
    }
  }

  private Map<String, Object> bodyOf(Map<String, Object> reply, String op) {
    try {
      return Boolean.TRUE.equals(reply.get("ok")) ? Fields.getMap(reply, "body", "reply to " + op, true)
          : failed(op, Fields.getMap(reply, "error", "reply to " + op, false));
    } catch (WireException e) {
      throw invalidReply(op, e);
    }
  }

  /** A reply whose header or body lacks a field or has one of the wrong type (the env server's fault). */
  private UserException invalidReply(String op, WireException e) {
    return new UserException("env server " + address + " sent an invalid reply to '" + op + "': " + e.getMessage(), e);
  }

  /** Throws the error an error reply carries. */
  private Map<String, Object> failed(String op, Map<String, Object> err) {
    ErrorCode code = ErrorCode.parse(String.valueOf(err.get("code")));
    String message = String.valueOf(err.get("message"));
    if (code == ErrorCode.WRONG_SERVER) {
      throw new EnvServerLost("env server " + address + " restarted: " + message);
    }
    throw new RemoteEnvException(address, code, message);
  }

  private void send(List<ByteBuffer> frames) {
    socket.sendMore(EMPTY);
    for (int i = 0; i < frames.size(); i++) {
      socket.sendByteBuffer(frames.get(i).duplicate(), i + 1 < frames.size() ? ZMQ.SNDMORE : 0);
    }
  }

  /** Ends the session on the server, waiting at most {@code waitMs} (best effort). */
  void closeSession(long waitMs) {
    if (server == null) {
      return;
    }
    try {
      long id = ++lastId;
      send(MessageEncoder.encode(Protocol.request(Protocol.CLOSE, id, session, server, null),
          ClientOptions.inlineLimit()));
      await(id, now() + waitMs, false);
    } catch (RuntimeException e) {
      LOG.debug("close of session at {} failed", address, e);
    }
  }

  @Override
  public void close() {
    closeData();
    ctx.close();
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
