package ai.vlarl.simbridge.server;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.MessageEncoder;
import ai.vlarl.simbridge.wire.WireException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The server's env thread: executes env requests one at a time, in arrival order, encodes each
 * reply (or error reply) and wakes the I/O thread with a message through the server's own ROUTER.
 */
final class EnvWorker {
  private static final Logger LOG = LoggerFactory.getLogger(EnvWorker.class);
  private static final Job STOP = new Job(0, 0, "", Map.of());

  /** A request to execute. */
  record Job(long session, long id, String op, Map<String, Object> body) {}

  /** An encoded reply, ready to send. */
  record Done(long session, long id, String op, List<ByteBuffer> frames) {}

  private final EnvRequests requests;
  private final ZMQ.Socket signal;
  private final String instance;
  private final int inlineLimit;
  private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean busy;

  /** @param signal a socket connected to the server's ROUTER (inproc) to wake it; used by this thread only */
  EnvWorker(EnvRequests requests, ZMQ.Socket signal, String instance, int inlineLimit) {
    this.requests = requests;
    this.signal = signal;
    this.instance = instance;
    this.inlineLimit = inlineLimit;
    this.thread = new Thread(this::run, "sim-server-env");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void submit(Job job) {
    jobs.add(job);
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
    while (true) {
      Job job;
      try {
        job = jobs.take();
      } catch (InterruptedException e) {
        return;
      }
      if (job == STOP) {
        return;
      }
      busy = true;
      List<ByteBuffer> frames;
      try {
        Map<String, Object> body = requests.execute(job.op(), job.body());
        frames = MessageEncoder.encode(Protocol.reply(job.op(), job.id(), instance, body), inlineLimit);
      } catch (WireException e) {
        frames = error(job, e.code(), e.getMessage());
      } catch (UserException e) {
        frames = error(job, ErrorCode.BAD_REQUEST, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("the env failed on '{}'", job.op(), e);
        frames = error(job, ErrorCode.ENV_ERROR, e.toString());
      }
      busy = false;
      done.add(new Done(job.session(), job.id(), job.op(), frames));
      signal.send(new byte[] {1}, 0);
    }
  }

  private List<ByteBuffer> error(Job job, ErrorCode code, String message) {
    return MessageEncoder.encode(Protocol.error(job.op(), job.id(), instance, code.name(), message), inlineLimit);
  }

  /** Stops after the request in progress (waits up to 5 s). */
  void stop() {
    jobs.add(STOP);
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
