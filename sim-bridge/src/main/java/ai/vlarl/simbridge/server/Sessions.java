package ai.vlarl.simbridge.server;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retry state of client sessions (PROTOCOL.md, "Reliability"): per session, the latest request
 * id, whether it is still executing, its reply once done, and where to send it (the connection the
 * latest copy of the request came from). Keeps the most recently used {@value #MAX_SESSIONS}
 * sessions, and any beyond them whose request is executing. Used by the server's I/O thread and
 * its env thread (for requests on data connections).
 */
final class Sessions {
  static final int MAX_SESSIONS = 64;

  /** What to do with an incoming env request. */
  enum Admission {
    /** A new request: execute it. */
    EXECUTE,
    /** A retry of the request that is executing: its reply will go to the retry's connection. */
    RUNNING,
    /** A retry of the finished latest request: send the stored reply again. */
    RESEND,
    /** Older than the latest request: refuse. */
    STALE
  }

  private static final class State {
    long latest;
    boolean running;
    List<ByteBuffer> reply;
    byte[] route;
  }

  private final Map<Long, State> bySession = new LinkedHashMap<>(16, 0.75f, true) {
    /**
     * Forgets the least recently used session whose request is not executing (its reply is
     * awaited), never the one just added.
     */
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, State> eldest) {
      int older = size() - 1;
      if (older >= MAX_SESSIONS) {
        Iterator<State> it = values().iterator();
        for (int i = 0; i < older; i++) {
          if (!it.next().running) {
            it.remove();
            break;
          }
        }
      }
      return false;
    }
  };

  /**
   * Admits request {@code id} (at least 1) of {@code session}.
   *
   * @param route the ZeroMQ connection the request came from, null for a data connection: a new
   *     request's reply goes where it came from; a retry that comes over ZeroMQ redirects the reply
   *     there, a copy on a data connection leaves it where it was
   */
  synchronized Admission admit(long session, long id, byte[] route) {
    if (id < 1) {
      throw new IllegalArgumentException("request id " + id + " (ids count up from 1)");
    }
    State s = bySession.computeIfAbsent(session, k -> new State());
    if (id < s.latest) {
      return Admission.STALE;
    }
    if (id == s.latest) {
      if (route != null) {
        s.route = route;
      }
      return s.running ? Admission.RUNNING : Admission.RESEND;
    }
    s.latest = id;
    s.running = true;
    s.reply = null;
    s.route = route;
    return Admission.EXECUTE;
  }

  synchronized long latest(long session) {
    State s = bySession.get(session);
    return s == null ? 0 : s.latest;
  }

  synchronized List<ByteBuffer> storedReply(long session) {
    return bySession.get(session).reply;
  }

  /**
   * Records the reply of a finished request.
   *
   * @param end forget the session (it closed)
   * @return where to send the reply, or null when no one waits for it any more (a newer request
   *     replaced it, or the session was evicted)
   */
  synchronized byte[] finish(long session, long id, List<ByteBuffer> reply, boolean end) {
    State s = bySession.get(session);
    if (s == null || s.latest != id) {
      return null;
    }
    s.running = false;
    s.reply = reply;
    byte[] route = s.route;
    if (end) {
      bySession.remove(session);
    }
    return route;
  }
}
