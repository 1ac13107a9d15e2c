package ai.vlarl.simbridge.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ authentication (ZAP, RFC 27) handler for one context: lets CURVE clients in when their
 * public key is in the allowed set and refuses every other handshake. Runs on its own thread.
 */
public final class ZapHandler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ZapHandler.class);
  /** The endpoint every ZeroMQ context asks for authentication. */
  public static final String ENDPOINT = "inproc://zeromq.zap.01";

  private final Set<String> allowed;
  private final ZMQ.Socket socket;
  private final Thread thread;
  private volatile boolean running = true;

  /** Binds the handler in {@code ctx} (before any CURVE socket of it accepts connections). */
  public ZapHandler(ZContext ctx, Set<String> allowedZ85) {
    this.allowed = Set.copyOf(allowedZ85);
    this.socket = ctx.createSocket(SocketType.REP);
    socket.setLinger(0);
    socket.setReceiveTimeOut(100);
    socket.bind(ENDPOINT);
    this.thread = new Thread(this::serve, "zap-handler");
    thread.setDaemon(true);
    thread.start();
  }

  private void serve() {
    while (running) {
      byte[] first = socket.recv(0);
      if (first == null) {
        continue;
      }
      List<byte[]> req = new ArrayList<>();
      req.add(first);
      while (socket.hasReceiveMore()) {
        req.add(socket.recv(0));
      }
      reply(req);
    }
    socket.close();
  }

  private void reply(List<byte[]> req) {
    // version, request id, domain, address, identity, mechanism, credentials...
    byte[] requestId = req.size() > 1 ? req.get(1) : new byte[0];
    String mechanism = req.size() > 5 ? new String(req.get(5), StandardCharsets.US_ASCII) : "";
    String address = req.size() > 3 ? new String(req.get(3), StandardCharsets.US_ASCII) : "?";
    boolean ok = false;
    String why = "only CURVE clients are served";
    if (mechanism.equals("CURVE") && req.size() > 6 && req.get(6).length == 32) {
      String key = ZMQ.Curve.z85Encode(req.get(6));
      ok = allowed.contains(key);
      why = ok ? "OK" : "client key " + key + " is not allowed";
    }
    if (!ok) {
      LOG.warn("refused a connection from {}: {}", address, why);
    }
    socket.sendMore("1.0");
    socket.sendMore(requestId);
    socket.sendMore(ok ? "200" : "400");
    socket.sendMore(why);
    socket.sendMore("");
    socket.send(new byte[0]);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
