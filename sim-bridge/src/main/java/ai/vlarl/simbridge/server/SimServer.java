package ai.vlarl.simbridge.server;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.data.DataListener;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.protocol.SpecCodec;
import ai.vlarl.simbridge.security.BindPolicy;
import ai.vlarl.simbridge.security.ZapHandler;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.MessageDecoder;
import ai.vlarl.simbridge.wire.MessageEncoder;
import ai.vlarl.simbridge.wire.WireException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Serves one {@link VectorEnv} over the bridge protocol (PROTOCOL.md) on a ZeroMQ ROUTER socket.
 *
 * <p>Two threads: the I/O thread owns the socket, answers {@code hello} and {@code ping} at once
 * (so clients see heartbeats while the env is busy), keeps the per-session retry state ({@link
 * Sessions}) and sends replies; the env thread ({@link EnvWorker}) executes {@code reset}, {@code
 * step}, {@code observe} and {@code close} in arrival order and encodes their replies. A bad request
 * gets an error reply and the server goes on serving. Clients that attach a data connection
 * ({@link DataListener}) send their env requests on it and get the replies there, from the env
 * thread directly (PROTOCOL.md, "Data connection"). Observations the env returns must not be
 * modified by it afterwards (replies are sent from them without copying).
 */
public final class SimServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
  private static final byte[] EMPTY = new byte[0];

  private final VectorEnv env;
  private final ServerOptions options;
  private final String instance;
  private final Map<String, Object> helloBody;
  private final ZContext ctx = new ZContext(1);
  private final Sessions sessions = new Sessions();
  private ZapHandler zap;
  private DataListener data;
  private final byte[] wakeIdentity;
  private ZMQ.Socket router;
  private EnvWorker worker;
  private Thread io;
  private String endpoint;
  private volatile boolean running;

  public SimServer(VectorEnv env, ServerOptions options) {
    this.env = env;
    this.options = options;
    this.instance = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    this.wakeIdentity = ("sim-server-env-" + instance).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("protocol", Protocol.VERSION);
    hello.put("server_name", options.serverName());
    hello.put("spec", SpecCodec.toMap(env.spec()));
    hello.put("max_request_bytes", options.maxRequestBytes());
    hello.put("heartbeat_ms", options.heartbeatMs());
    this.helloBody = hello;
  }

  /**
   * Binds and starts serving.
   *
   * @throws UserException when the address is refused (see {@link BindPolicy}) or cannot be bound
   */
  public SimServer start() {
    try {
      BindPolicy.check("bind", options.bind(), options.curve() != null, options.insecure());
    } catch (UserException e) {
      close();
      throw e;
    }
    if (options.curve() != null) {
      zap = new ZapHandler(ctx, options.curve().allowedClients());
    }
    router = ctx.createSocket(SocketType.ROUTER);
    router.setLinger(0);
    // A hard cap per frame well above the request limit: ZeroMQ drops the connection (no reply)
    // past it, so requests a little over the limit must reach the decoder, which answers
    // TOO_LARGE; only absurd frames are cut off at the socket.
    router.setMaxMsgSize(2L * options.maxRequestBytes() + (1L << 20));
    if (options.curve() != null) {
      router.setZAPDomain("vlarl");
      router.setCurveServer(true);
      router.setCurvePublicKey(ZMQ.Curve.z85Decode(options.curve().publicKey()));
      router.setCurveSecretKey(ZMQ.Curve.z85Decode(options.curve().secretKey()));
    }
    try {
      router.bind(options.bind());
    } catch (ZMQException e) {
      close();
      throw new UserException("cannot bind " + options.bind() + ": " + BindPolicy.bindFailure(options.bind(), e), e);
    }
    endpoint = router.getLastEndpoint();
    // The env thread wakes this I/O thread by sending through the same ROUTER (over inproc): one
    // blocking receive serves both, which is much faster in JeroMQ than polling two sockets.
    String wakeEndpoint = "inproc://sim-server-" + instance;
    router.bind(wakeEndpoint);
    router.setReceiveTimeOut(100);
    ZMQ.Socket signal = ctx.createSocket(SocketType.DEALER);
    signal.setIdentity(wakeIdentity);
    signal.setLinger(0);
    signal.connect(wakeEndpoint);
    worker = new EnvWorker(new EnvRequests(env), signal, instance, options, sessions);
    if (options.dataConnection() && options.curve() == null) {
      try {
        data = DataListener.forEndpoint(endpoint, options.maxRequestBytes(), worker::attach);
      } catch (java.io.IOException e) {
        LOG.warn("no data connection on {} ({}); requests go over ZeroMQ only", endpoint, e.toString());
      }
      if (data != null) {
        helloBody.put("data_port", data.port());
        helloBody.put("data_token", data.token());
      }
    }
    running = true;
    worker.start();
    io = new Thread(this::serve, "sim-server-io");
    io.start();
    LOG.info("serving {} ({} sub-envs) on {}{}", env.spec().name(), env.spec().numEnvs(), endpoint,
        options.curve() != null ? " with CURVE" : "");
    return this;
  }

  /** The bound endpoint, with the actual port when the bind address asked for any ({@code :*}). */
  public String endpoint() {
    return endpoint;
  }

  /** The port of the data connection listener (PROTOCOL.md, "Data connection"), or -1 when none is offered. */
  public int dataPort() {
    return data == null ? -1 : data.port();
  }

  /**
   * Closes every data connection, as a network fault would: clients ask again over ZeroMQ and
   * attach a new one at their next request. For fault tests.
   */
  public void dropDataConnections() {
    if (data != null) {
      data.closeConnections();
    }
  }

  /** This server process's instance id (new at every start). */
  public String instance() {
    return instance;
  }

  /** Blocks until the server is closed. */
  public void awaitTermination() throws InterruptedException {
    io.join();
  }

  private void serve() {
    while (running) {
      try {
        List<byte[]> frames = receive();
        if (frames != null && !Arrays.equals(frames.get(0), wakeIdentity)) {
          handle(frames);
        }
        sendFinished();
      } catch (RuntimeException e) {
        if (running) {
          LOG.error("server I/O loop error (serving on)", e);
        }
      }
    }
  }

  /**
   * The next message (waiting up to 100 ms), or null. Frames past the request limits (bytes or
   * frame count) are read off the socket and dropped, not kept: a message of many large frames
   * costs no more memory than one at the limit. Such a message gets its error reply here (with id
   * -1, as any message refused before its header is read) and null is returned.
   */
  private List<byte[]> receive() {
    byte[] first = router.recv(0);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    long bytes = 0;
    int count = 1;
    while (router.hasReceiveMore()) {
      byte[] f = router.recv(0);
      bytes += f.length;
      count++;
      if (bytes <= options.maxRequestBytes() && count <= MessageDecoder.MAX_FRAMES + 2) {
        frames.add(f);
      }
    }
    if (frames.size() < count) {
      // the route and the delimiter are not the message's frames
      String why = bytes > options.maxRequestBytes()
          ? "message of " + bytes + " bytes exceeds the limit of " + options.maxRequestBytes() + " bytes"
          : "message of " + (count - 2) + " frames; at most " + MessageDecoder.MAX_FRAMES;
      ErrorCode code = bytes > options.maxRequestBytes() ? ErrorCode.TOO_LARGE : ErrorCode.BAD_MESSAGE;
      LOG.warn("refused a request from a client: {}", why);
      send(first, MessageEncoder.encode(Protocol.error(null, -1, instance, code.name(), why), options.inlineLimit()));
      return null;
    }
    return frames;
  }

  private void handle(List<byte[]> frames) {
    byte[] route = frames.get(0);
    if (frames.size() < 3 || frames.get(1).length != 0) {
      LOG.warn("dropped a message without the empty delimiter frame ({} frames)", frames.size());
      return;
    }
    List<ByteBuffer> body = new ArrayList<>(frames.size() - 2);
    for (int i = 2; i < frames.size(); i++) {
      body.add(ByteBuffer.wrap(frames.get(i)));
    }
    String op = null;
    long id = -1;
    try {
      Map<String, Object> h = MessageDecoder.decode(body, options.maxRequestBytes());
      op = h.get("op") instanceof String s ? s : null;
      id = h.get("id") instanceof Long l ? l : -1;
      dispatch(route, h, op, id);
    } catch (WireException e) {
      send(route, MessageEncoder.encode(Protocol.error(op, id, instance, e.code().name(), e.getMessage()),
          options.inlineLimit()));
    } catch (RuntimeException e) {
      LOG.error("internal error while handling a request", e);
      send(route, MessageEncoder.encode(Protocol.error(op, id, instance, ErrorCode.INTERNAL.name(),
          e.toString()), options.inlineLimit()));
    }
  }

  private void dispatch(byte[] route, Map<String, Object> h, String op, long id) {
    op = RequestChecks.versionAndOp(h);
    id = Fields.getLong(h, "id", "request");
    Map<String, Object> body = Fields.getMap(h, "body", "request", true);
    switch (op) {
      case Protocol.PING -> reply(route, op, id, Map.of("busy", worker.busy()));
      case Protocol.HELLO -> {
        long protocol = Fields.getLong(body, "protocol", "body");
        if (protocol != Protocol.VERSION) {
          throw new WireException(ErrorCode.UNSUPPORTED_VERSION,
              "client speaks protocol " + protocol + ", this server speaks " + Protocol.VERSION);
        }
        reply(route, op, id, helloBody);
      }
      default -> envRequest(route, h, op, id, body);
    }
  }

  private void envRequest(byte[] route, Map<String, Object> h, String op, long id, Map<String, Object> body) {
    long session = Fields.getLong(h, "session", "request");
    RequestChecks.envRequestId(h);
    RequestChecks.sameInstance(h, instance);
    switch (sessions.admit(session, id, route)) {
      case EXECUTE -> worker.submit(new EnvWorker.Job(session, id, op, body));
      case RUNNING -> LOG.debug("retry of running request {} of session {}", id, session);
      case RESEND -> send(route, sessions.storedReply(session));
      case STALE -> throw new WireException(ErrorCode.STALE_REQUEST, "request " + id
          + " is older than this session's latest request " + sessions.latest(session));
    }
  }

  private void sendFinished() {
    EnvWorker.Done d;
    while ((d = worker.poll()) != null) {
      boolean end = d.op().equals(Protocol.CLOSE);
      byte[] route = sessions.finish(d.session(), d.id(), d.frames(), end);
      if (end && data != null) {
        data.detach(d.session());
      }
      if (route != null) {
        // a reply to a request that came over ZeroMQ, or to one from a data connection that the
        // client asked for again over ZeroMQ
        send(route, d.frames());
      }
    }
  }

  private void reply(byte[] route, String op, long id, Object body) {
    send(route, MessageEncoder.encode(Protocol.reply(op, id, instance, body), options.inlineLimit()));
  }

  private void send(byte[] route, List<ByteBuffer> frames) {
    router.sendMore(route);
    router.sendMore(EMPTY);
    for (int i = 0; i < frames.size(); i++) {
      router.sendByteBuffer(frames.get(i).duplicate(), i + 1 < frames.size() ? ZMQ.SNDMORE : 0);
    }
  }

  /** Stops serving (the env is not closed: it belongs to the caller). */
  @Override
  public void close() {
    running = false;
    if (io != null) {
      try {
        io.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (worker != null) {
      worker.stop();
    }
    if (data != null) {
      data.close();
    }
    if (zap != null) {
      zap.close();
    }
    ctx.close();
  }
}
