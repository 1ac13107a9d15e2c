package ai.vlarl.simbridge.server;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.simbridge.data.DataBlocks;
import ai.vlarl.simbridge.data.DataLink;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.MessageDecoder;
import ai.vlarl.simbridge.wire.MessageEncoder;
import ai.vlarl.simbridge.wire.WireException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The server's env thread: executes env requests one at a time, in arrival order, from two
 * sources. Requests that came over ZeroMQ are queued by the I/O thread; their encoded replies go
 * back to it (woken with a message through the server's own ROUTER). Requests on data connections
 * (PROTOCOL.md, "Data connection") are read, checked, executed and answered on this thread
 * directly, which saves the thread hand-offs of the ZeroMQ path: the reply is written first (what
 * the socket does not take at once goes out later, as the client reads, while this thread serves
 * the others), then recorded in {@link Sessions} (so that a client that asks again over ZeroMQ
 * gets it there), and the I/O thread is woken only when such a retry already waits for it.
 */
final class EnvWorker {
  private static final Logger LOG = LoggerFactory.getLogger(EnvWorker.class);
  private static final Job STOP = new Job(0, 0, "", Map.of());
  /** How often replies that wait for their client are checked for a stall while others are served. */
  private static final long STALL_CHECK_MS = 1000;

  /** A request to execute. */
  record Job(long session, long id, String op, Map<String, Object> body) {}

  /** An encoded reply, for the I/O thread to record and send over ZeroMQ. */
  record Done(long session, long id, String op, List<ByteBuffer> frames) {}

  private final EnvRequests requests;
  private final ZMQ.Socket signal;
  private final String instance;
  private final ServerOptions options;
  private final Sessions sessions;
  private final Selector selector;
  private final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<DataLink> attached = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  /** Data connections whose reply is partly written (this thread's only). */
  private final Set<DataLink> writing = new HashSet<>();
  private final Thread thread;
  private volatile boolean busy;

  /**
   * @param signal a socket connected to the server's ROUTER (inproc) to wake it; used by this thread only
   * @param sessions the server's retry state (shared with the I/O thread)
   */
  EnvWorker(EnvRequests requests, ZMQ.Socket signal, String instance, ServerOptions options, Sessions sessions) {
    this.requests = requests;
    this.signal = signal;
    this.instance = instance;
    this.options = options;
    this.sessions = sessions;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread = new Thread(this::run, "sim-server-env");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues a request that came over ZeroMQ. */
  void submit(Job job) {
    jobs.add(job);
    selector.wakeup();
  }

  /** Serves requests from {@code link} from now on (called by the data listener's thread). */
  void attach(DataLink link) {
    attached.add(link);
    selector.wakeup();
  }

  /** The next finished reply, or null. */
  Done poll() {
    return done.poll();
  }

  /** Whether a request is executing. */
  boolean busy() {
    return busy || !jobs.isEmpty();
  }

  private void run() {
    try {
      while (true) {
        Job job;
        while ((job = jobs.poll()) != null) {
          if (job == STOP) {
            return;
          }
          finished(new Done(job.session(), job.id(), job.op(), execute(job)));
        }
        DataLink link;
        while ((link = attached.poll()) != null) {
          register(link);
        }
        selector.select(writing.isEmpty() ? 0 : STALL_CHECK_MS);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey k = keys.next();
          keys.remove();
          int ready;
          try {
            ready = k.readyOps();
          } catch (CancelledKeyException e) {
            continue; // the accept thread closed that link meanwhile (a newer one replaced it)
          }
          if ((ready & SelectionKey.OP_WRITE) != 0) {
            flushSafely((DataLink) k.attachment());
          } else if ((ready & SelectionKey.OP_READ) != 0) {
            serveSafely((DataLink) k.attachment());
          }
        }
        closeStalled();
      }
    } catch (IOException e) {
      LOG.error("the env thread's selector failed; the server no longer executes requests", e);
    } finally {
      try {
        selector.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
    }
  }

  private void register(DataLink link) {
    try {
      link.register(selector);
    } catch (IOException e) {
      LOG.warn("could not serve a data connection of session {}: {}", link.session(), e.toString());
      link.close();
    }
  }

  private void finished(Done d) {
    done.add(d);
    signal.send(new byte[] {1}, 0);
  }

  /** Executes a checked request and encodes its reply (or error reply). */
  private List<ByteBuffer> execute(Job job) {
    busy = true;
    try {
      Map<String, Object> body = requests.execute(job.op(), job.body());
      return MessageEncoder.encode(Protocol.reply(job.op(), job.id(), instance, body), options.inlineLimit());
    } catch (WireException e) {
      return error(job.op(), job.id(), e.code(), e.getMessage());
    } catch (UserException e) {
      return error(job.op(), job.id(), ErrorCode.BAD_REQUEST, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("the env failed on '{}'", job.op(), e);
      return error(job.op(), job.id(), ErrorCode.ENV_ERROR, e.toString());
    } finally {
      busy = false;
    }
  }

  /** Writes more of {@code link}'s pending reply; a failure closes that connection. */
  private void flushSafely(DataLink link) {
    if (flushed(link)) {
      writing.remove(link);
    }
  }

  /**
   * Writes more of {@code link}'s pending reply; true when the link has nothing left to write: all
   * of it went out, or the connection failed (then it is closed).
   */
  private static boolean flushed(DataLink link) {
    try {
      return link.flush();
    } catch (IOException | RuntimeException e) {
      LOG.warn("data connection of session {} failed while replying: {}", link.session(), e.toString());
      link.close();
      return true;
    }
  }

  /**
   * Closes the connections whose client took no byte of its reply for {@link DataLink#STALL_MS},
   * after writing what each client took while this thread executed others' requests.
   */
  private void closeStalled() {
    for (Iterator<DataLink> it = writing.iterator(); it.hasNext(); ) {
      DataLink link = it.next();
      if (!link.isOpen() || flushed(link)) { // closed: replaced by a newer connection of its session
        it.remove();
      } else if (link.stalled(System.nanoTime())) {
        LOG.warn("the client of session {} took no byte of its reply for {} ms; closing its data connection",
            link.session(), DataLink.STALL_MS);
        link.close();
        it.remove();
      }
    }
  }

  /**
   * Serves one request from a data connection; a failure that no error reply covers closes that
   * connection (its client goes on over ZeroMQ) and leaves the env thread serving everyone else.
   */
  private void serveSafely(DataLink link) {
    try {
      serve(link);
    } catch (RuntimeException e) {
      LOG.error("internal error on the data connection of session {}; closing it and serving on", link.session(), e);
      link.close();
    }
  }

  /** Reads one request from a data connection and answers it there. */
  private void serve(DataLink link) {
    DataBlocks.Block block;
    try {
      block = link.poll();
      if (block == null) {
        return; // the rest of the block has not arrived: serve the others meanwhile
      }
    } catch (IOException e) {
      if (!(e instanceof java.io.EOFException)) {
        LOG.warn("data connection of session {} failed: {}", link.session(), e.toString());
      }
      link.close();
      return;
    }
    String op = null;
    long id = block.id();
    List<ByteBuffer> reply;
    boolean executed = false;
    try {
      Map<String, Object> h = MessageDecoder.decode(block.frames(), options.maxRequestBytes());
      op = h.get("op") instanceof String s ? s : null;
      op = RequestChecks.versionAndOp(h);
      if (!Protocol.DATA_CONNECTION_OPS.contains(op)) {
        throw new WireException(ErrorCode.BAD_REQUEST, "'" + op + "' is not served on a data connection (only "
            + Protocol.DATA_CONNECTION_OPS + "); send it over ZeroMQ");
      }
      if (Fields.getLong(h, "id", "request") != block.id()) {
        throw new WireException(ErrorCode.BAD_MESSAGE, "the request's id " + h.get("id")
            + " differs from its data block's id " + block.id());
      }
      RequestChecks.envRequestId(h);
      if (Fields.getLong(h, "session", "request") != link.session()) {
        throw new WireException(ErrorCode.BAD_REQUEST, "a request of session " + h.get("session")
            + " on the data connection of session " + link.session());
      }
      RequestChecks.sameInstance(h, instance);
      Map<String, Object> body = Fields.getMap(h, "body", "request", true);
      reply = switch (sessions.admit(link.session(), id, null)) {
        case EXECUTE -> {
          executed = true;
          yield execute(new Job(link.session(), id, op, body));
        }
        case RESEND -> sessions.storedReply(link.session());
        case RUNNING -> throw new WireException(ErrorCode.STALE_REQUEST, "request " + id
            + " is already executing (asked for over ZeroMQ); its reply goes there");
        case STALE -> throw new WireException(ErrorCode.STALE_REQUEST, "request " + id
            + " is older than this session's latest request " + sessions.latest(link.session()));
      };
    } catch (WireException e) {
      reply = error(op, id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("internal error while serving a data connection request", e);
      reply = error(op, id, ErrorCode.INTERNAL, e.toString());
    }
    try {
      if (!link.write(id, reply)) {
        writing.add(link); // the rest goes out as the client takes it, while others are served
      }
    } catch (IOException e) {
      LOG.warn("data connection of session {} failed while replying: {}", link.session(), e.toString());
      link.close();
    }
    if (executed && sessions.finish(link.session(), id, reply, false) != null) {
      // the client asked again over ZeroMQ meanwhile: the I/O thread sends the reply there (its
      // finish() of the same reply finds the state already recorded and only returns the route)
      finished(new Done(link.session(), id, op, reply));
    }
  }

  private List<ByteBuffer> error(String op, long id, ErrorCode code, String message) {
    return MessageEncoder.encode(Protocol.error(op, id, instance, code.name(), message), options.inlineLimit());
  }

  /** Stops after the request in progress (waits up to 5 s). */
  void stop() {
    jobs.add(STOP);
    selector.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
