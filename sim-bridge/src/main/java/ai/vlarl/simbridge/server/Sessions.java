package ai.vlarl.simbridge.server;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retry state of client sessions (PROTOCOL.md, "Reliability"): per session, the latest request
 * id, whether it is still executing, its reply once done, and where to send it (the connection the
 * latest copy of the request came from). Keeps the most recently used {@value #MAX_SESSIONS}
 * sessions. Used by the server's I/O thread and its env thread (for requests on data connections).
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
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, State> e) {
      return size() > MAX_SESSIONS;
    }
  };

  synchronized Admission admit(long session, long id, byte[] route) {
    State s = bySession.computeIfAbsent(session, k -> new State());
    if (id < s.latest) {
      return Admission.STALE;
    }
    s.route = route;
    if (id == s.latest) {
      return s.running ? Admission.RUNNING : Admission.RESEND;
    }
    s.latest = id;
    s.running = true;
    s.reply = null;
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
