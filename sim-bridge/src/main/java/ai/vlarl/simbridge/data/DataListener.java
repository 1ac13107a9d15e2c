package ai.vlarl.simbridge.data;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of data connections (PROTOCOL.md, "Data connection"): a TCP listener on the
 * ZeroMQ socket's interface, the handshake that ties a connection to a client session (the token
 * proves the client got the server's {@code hello} reply). Attached connections ({@link DataLink})
 * go to the server's env thread, which serves requests from them.
 *
 * <p>Threads: an accept thread runs handshakes (each given {@value #HANDSHAKE_MS} ms); {@link
 * #detach} is called by the server's I/O thread when a session closes.
 */
public final class DataListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataListener.class);
  /** Time a new connection has to send its handshake. */
  static final long HANDSHAKE_MS = 2000;
  /** Most attached sessions; the oldest connection is closed past it. */
  static final int MAX_CONNECTIONS = 64;
  /** Wait after a failed accept before the next. */
  static final long ACCEPT_RETRY_MS = 100;

  private final ServerSocketChannel listener;
  private final long token = ThreadLocalRandom.current().nextLong();
  private final Map<Long, DataLink> bySession = new LinkedHashMap<>();
  private final Consumer<DataLink> onAttach;
  private final long maxRequestBytes;
  private final Thread acceptor;
  private volatile boolean open = true;

  private DataListener(ServerSocketChannel listener, long maxRequestBytes, Consumer<DataLink> onAttach) {
    this.listener = listener;
    this.maxRequestBytes = maxRequestBytes;
    this.onAttach = onAttach;
    this.acceptor = new Thread(this::acceptLoop, "sim-server-data");
    acceptor.setDaemon(true);
  }

  /**
   * Listens on {@code host} (any free port), or returns null when the ZeroMQ endpoint is not TCP.
   *
   * @param zmqEndpoint the server's bound ZeroMQ endpoint, e.g. {@code tcp://127.0.0.1:5555}
   * @param maxRequestBytes the largest request block accepted
   * @param onAttach gets each attached connection (on the accept thread), before the client is told
   */
  public static DataListener forEndpoint(String zmqEndpoint, long maxRequestBytes, Consumer<DataLink> onAttach)
      throws IOException {
    String host = hostOf(zmqEndpoint);
    if (host == null) {
      return null;
    }
    ServerSocketChannel ch = ServerSocketChannel.open();
    ch.bind(new InetSocketAddress(host, 0));
    DataListener l = new DataListener(ch, maxRequestBytes, onAttach);
    l.acceptor.start();
    return l;
  }

  /** The host of a {@code tcp://host:port} endpoint ({@code *} is every interface), else null. */
  static String hostOf(String endpoint) {
    if (endpoint == null || !endpoint.startsWith("tcp://")) {
      return null;
    }
    String rest = endpoint.substring("tcp://".length());
    int colon = rest.lastIndexOf(':');
    String host = colon < 0 ? rest : rest.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.equals("*") ? "0.0.0.0" : host;
  }

  public int port() {
    return ((InetSocketAddress) listenerAddress()).getPort();
  }

  private java.net.SocketAddress listenerAddress() {
    try {
      return listener.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("data listener closed", e);
    }
  }

  /** The secret a client must present (given in the {@code hello} reply). */
  public long token() {
    return token;
  }

  /** Closes the data connection of {@code session}, if any. */
  public void detach(long session) {
    DataLink link;
    synchronized (this) {
      link = bySession.remove(session);
    }
    if (link != null) {
      link.close();
    }
  }

  /** Closes every attached connection (their clients go on over ZeroMQ and attach again). */
  public void closeConnections() {
    synchronized (this) {
      bySession.values().forEach(DataLink::close);
      bySession.clear();
    }
  }

  private void acceptLoop() {
    while (open) {
      SocketChannel raw;
      try {
        raw = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (open) {
          LOG.warn("data listener accept failed", e);
          pause(ACCEPT_RETRY_MS); // a lasting failure (no file descriptors left) would otherwise spin
        }
        continue;
      }
      handshake(raw);
    }
  }

  private void handshake(SocketChannel raw) {
    TimedChannel ch = null;
    try {
      ch = new TimedChannel(raw);
      ByteBuffer in = DataFormat.le(DataFormat.HANDSHAKE_BYTES);
      ch.readFully(in, HANDSHAKE_MS);
      in.flip();
      int status;
      long session = 0;
      if (in.getInt() != DataFormat.HANDSHAKE_MAGIC || in.getInt() != DataFormat.VERSION) {
        status = DataFormat.BAD_HANDSHAKE;
      } else if (in.getLong() != token) {
        status = DataFormat.BAD_TOKEN;
      } else {
        status = DataFormat.ATTACHED;
        session = in.getLong();
      }
      if (status == DataFormat.ATTACHED) {
        attach(session, ch); // before the answer: once the client reads it, replies may use the connection
      }
      ch.writeFully(new ByteBuffer[] {DataFormat.answer(status)}, HANDSHAKE_MS);
      if (status != DataFormat.ATTACHED) {
        LOG.warn("refused a data connection from {}: {}", raw.getRemoteAddress(), DataFormat.statusName(status));
        ch.close();
      }
    } catch (IOException e) {
      LOG.warn("data connection handshake failed: {}", e.toString());
      if (ch != null) {
        ch.close();
      } // else the channel's setup failed, and it closed the connection
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void attach(long session, TimedChannel ch) {
    DataLink link = new DataLink(session, ch, maxRequestBytes);
    DataLink old;
    DataLink evicted = null;
    synchronized (this) {
      old = bySession.put(session, link);
      if (bySession.size() > MAX_CONNECTIONS) {
        Long eldest = bySession.keySet().iterator().next();
        evicted = bySession.remove(eldest);
      }
    }
    if (old != null) {
      old.close();
    }
    if (evicted != null) {
      evicted.close();
    }
    onAttach.accept(link);
  }

  @Override
  public void close() {
    open = false;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnections();
  }
}
