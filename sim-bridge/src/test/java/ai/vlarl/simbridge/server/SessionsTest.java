package ai.vlarl.simbridge.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry state of sessions: admissions, where replies go, and which sessions are forgotten. */
class SessionsTest {
  private static final byte[] ZMQ_ROUTE = {1, 2, 3};
  private static final List<ByteBuffer> REPLY = List.of(ByteBuffer.wrap(new byte[] {9}));

  @Test
  void aRequestIsExecutedOnceAndItsRetriesWaitOrGetTheStoredReply() {
    Sessions s = new Sessions();
    assertEquals(Sessions.Admission.EXECUTE, s.admit(7, 1, ZMQ_ROUTE));
    assertEquals(Sessions.Admission.RUNNING, s.admit(7, 1, ZMQ_ROUTE));
    assertArrayEquals(ZMQ_ROUTE, s.finish(7, 1, REPLY, false));
    assertEquals(Sessions.Admission.RESEND, s.admit(7, 1, ZMQ_ROUTE));
    assertEquals(REPLY, s.storedReply(7));
    assertEquals(Sessions.Admission.EXECUTE, s.admit(7, 2, null));
    assertEquals(Sessions.Admission.STALE, s.admit(7, 1, ZMQ_ROUTE));
    assertNull(s.finish(7, 2, REPLY, false), "a request from a data connection is answered there");
  }

  @Test
  void idsBelowOneAreNotRequests() {
    // a new session's state is "request 0, finished, no reply": id 0 must not be taken for its retry
    assertThrows(IllegalArgumentException.class, () -> new Sessions().admit(7, 0, ZMQ_ROUTE));
  }

  @Test
  void aCopyOnADataConnectionKeepsTheZeroMqRetrysRoute() {
    Sessions s = new Sessions();
    assertEquals(Sessions.Admission.EXECUTE, s.admit(7, 3, null)); // sent on the data connection
    assertEquals(Sessions.Admission.RUNNING, s.admit(7, 3, ZMQ_ROUTE)); // asked again over ZeroMQ
    assertEquals(Sessions.Admission.RUNNING, s.admit(7, 3, null)); // the data block read late
    assertArrayEquals(ZMQ_ROUTE, s.finish(7, 3, REPLY, false), "the reply still goes to the ZeroMQ retry");
  }

  @Test
  void aSessionWhoseRequestRunsIsNotForgottenWhenManyOthersCome() {
    Sessions s = new Sessions();
    assertEquals(Sessions.Admission.EXECUTE, s.admit(1000, 1, ZMQ_ROUTE));
    for (long other = 0; other < Sessions.MAX_SESSIONS + 5; other++) {
      s.admit(other, 1, ZMQ_ROUTE);
      s.finish(other, 1, REPLY, false);
    }
    assertArrayEquals(ZMQ_ROUTE, s.finish(1000, 1, REPLY, false), "its reply still has somewhere to go");
    // finished sessions beyond the limit are forgotten, least recently used first
    assertEquals(0, s.latest(0));
    assertEquals(1, s.latest(Sessions.MAX_SESSIONS + 4));
  }

  @Test
  void aNewSessionIsKeptEvenWhenEveryOlderOneIsExecuting() {
    Sessions s = new Sessions();
    for (long other = 0; other < Sessions.MAX_SESSIONS; other++) {
      assertEquals(Sessions.Admission.EXECUTE, s.admit(other, 1, ZMQ_ROUTE)); // queued, not finished
    }
    assertEquals(Sessions.Admission.EXECUTE, s.admit(1000, 1, ZMQ_ROUTE));
    assertArrayEquals(ZMQ_ROUTE, s.finish(1000, 1, REPLY, false), "the newcomer's reply has somewhere to go");
    assertArrayEquals(ZMQ_ROUTE, s.finish(0, 1, REPLY, false), "and so has the oldest one's");
  }
}
