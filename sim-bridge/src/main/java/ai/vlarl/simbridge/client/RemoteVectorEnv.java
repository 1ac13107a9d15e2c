package ai.vlarl.simbridge.client;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.ActionCheck;
import ai.vlarl.framework.env.EnvServerLost;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.protocol.NonFiniteValue;
import ai.vlarl.simbridge.protocol.ObservationCodec;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.protocol.SpecCodec;
import ai.vlarl.simbridge.protocol.StepCodec;
import ai.vlarl.simbridge.wire.WireArray;
import ai.vlarl.simbridge.wire.WireException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VectorEnv} simulated by a server process (PROTOCOL.md): the Python server with
 * ManiSkill3, LIBERO or the reference env, or a Java {@code SimServer}.
 *
 * <p>Actions are checked here, as a local env checks them, before they travel. When the server is
 * lost (it restarted, or stayed silent through every retry) {@link #step} throws {@link
 * EnvServerLost}; the env then refuses {@code step} and {@code observe} until {@link #reset}, which
 * reconnects (waiting up to {@code reconnectTimeoutMs} for the server to come back, and checking
 * that it serves the same spec) before resetting. Replies are checked against the spec, and their
 * float fields (rewards, state and proprio observations, final observations, episode returns) for
 * NaN and infinities: either is a {@link UserException} naming the server, the field and the sub-env.
 *
 * <p>Step replies that come on the data connection are received into pooled buffers: a result
 * handed back with {@link #release} lends its memory to a later step (a result never released
 * keeps its own, which a GC frees).
 */
public final class RemoteVectorEnv implements VectorEnv {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteVectorEnv.class);

  private final Connection conn;
  private final ClientOptions options;
  private final EnvSpec spec;
  private final String serverName;
  private Observations current;
  /** {@link #current} was released: drop it before the next request (whose reply may reuse its memory). */
  private boolean currentReleased;
  private boolean lost;
  private long lastServerNanos;
  /** The most recent step results whose reply memory can be reused once they are released. */
  private final ArrayDeque<Lent> lent = new ArrayDeque<>();

  /** A step result and the buffer its reply was received into. */
  private record Lent(StepResult result, ByteBuffer memory) {}

  /**
   * Results remembered for {@link #release}; an older one is forgotten (its memory is left to the
   * GC). The rollout collector has one outstanding; few, because each pins its reply's memory.
   */
  private static final int LENT = 2;

  /**
   * Connects to the server at {@code address} (e.g. {@code tcp://127.0.0.1:5555}), waiting up to
   * {@code connectTimeoutMs} for it to answer.
   *
   * @throws UserException when no server answers, or its spec is invalid
   */
  public RemoteVectorEnv(String address, ClientOptions options) {
    this.options = options;
    this.conn = new Connection(address, options);
    try {
      Map<String, Object> hello = conn.hello(options.connectTimeoutMs());
      this.spec = readSpec(hello);
      this.serverName = String.valueOf(hello.get("server_name"));
    } catch (RuntimeException e) {
      conn.close();
      throw e;
    }
    LOG.info("connected to {} at {}: {} sub-envs of {}", serverName, address, spec.numEnvs(), spec.name());
  }

  private EnvSpec readSpec(Map<String, Object> hello) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> s = hello.get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      return SpecCodec.fromMap(s, "hello.spec");
    } catch (WireException e) {
      throw new UserException("env server " + conn.address() + " sent an invalid spec: " + e.getMessage(), e);
    }
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  /** The server's address. */
  public String address() {
    return conn.address();
  }

  /** What the server calls itself, e.g. {@code vlarl_bridge 0.1.0 (reference)}. */
  public String serverName() {
    return serverName;
  }

  /** Whether reset, step and observe currently go over a data connection rather than ZeroMQ. */
  public boolean usesDataConnection() {
    return conn.usesDataConnection();
  }

  /** Time the server spent inside its env for the last step (for benchmarks), in nanoseconds. */
  public long lastServerNanos() {
    return lastServerNanos;
  }

  @Override
  public Observations reset(long[] seeds, int[] envIdx) {
    if (seeds.length != envIdx.length) {
      throw new IllegalArgumentException(seeds.length + " seeds for " + envIdx.length + " envs");
    }
    if (lost) {
      reconnect();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("seeds", seeds);
    body.put("env_idx", envIdx);
    Map<String, Object> reply = guarded(Protocol.RESET, body);
    current = read(() -> ObservationCodec.fromMap(map(reply, "obs"), spec.observation(), spec.numEnvs(),
        "reset reply.obs"));
    return current;
  }

  private void reconnect() {
    LOG.warn("reconnecting to env server {} (waiting up to {} s)", conn.address(), options.reconnectTimeoutMs() / 1000);
    Map<String, Object> hello = conn.hello(options.reconnectTimeoutMs());
    EnvSpec again = readSpec(hello);
    if (!again.equals(spec)) {
      throw new UserException("env server " + conn.address() + " came back with another env: " + again
          + " instead of " + spec);
    }
    lost = false;
  }

  @Override
  public StepResult step(HostArray actions) {
    ensureConnected();
    ActionCheck.validate(spec, actions);
    Map<String, Object> reply = guarded(Protocol.STEP, Map.of("actions", WireArray.of(actions)));
    StepResult r = read(() -> StepCodec.fromMap(reply, spec, "step reply"));
    lastServerNanos = reply.get("server_ms") instanceof Double d ? (long) (d * 1e6) : 0;
    current = r.observations();
    ByteBuffer memory = conn.replyMemory();
    if (memory != null) {
      if (lent.size() == LENT) {
        lent.removeFirst();
      }
      lent.addLast(new Lent(r, memory));
    }
    return r;
  }

  /** Lets a later step's reply be received into {@code result}'s memory (see {@link VectorEnv#release}). */
  @Override
  public void release(StepResult result) {
    for (Iterator<Lent> it = lent.iterator(); it.hasNext(); ) {
      Lent l = it.next();
      if (l.result() == result) {
        it.remove();
        // pooled memory is written only by the next request's reply, which replaces current: until
        // then observe() may still return it
        currentReleased |= current == result.observations();
        conn.recycle(l.memory());
        return;
      }
    }
  }

  @Override
  public Observations observe() {
    ensureConnected();
    if (current == null) {
      Map<String, Object> reply = guarded(Protocol.OBSERVE, null);
      current = read(() -> ObservationCodec.fromMap(map(reply, "obs"), spec.observation(), spec.numEnvs(),
          "observe reply.obs"));
    }
    return current;
  }

  private void ensureConnected() {
    if (lost) {
      throw new EnvServerLost("env server " + conn.address() + " was lost; reset the env to reconnect");
    }
  }

  private Map<String, Object> guarded(String op, Map<String, ?> body) {
    if (currentReleased) {
      current = null;
      currentReleased = false;
    }
    try {
      return conn.call(op, body);
    } catch (EnvServerLost e) {
      lost = true;
      current = null;
      LOG.warn("{}", e.getMessage());
      throw e;
    }
  }

  /**
   * Reads a reply with {@code f}; a reply that does not match the spec, or holds NaN or an infinity
   * in a float field, is a {@link UserException} naming this server, the field and the sub-env.
   */
  private <T> T read(java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (NonFiniteValue e) {
      throw new UserException("env server " + conn.address() + " sent a non-finite number: " + e.getMessage()
          + "; the simulator produced it, and training on it would diverge", e);
    } catch (WireException e) {
      throw new UserException("env server " + conn.address() + " sent a reply that does not match its spec: "
          + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return m.get(key) instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
  }

  /** Ends the session (best effort, waiting at most a second, unless the server was lost) and closes the socket. */
  @Override
  public void close() {
    if (!lost) {
      conn.closeSession(1000);
    }
    conn.close();
  }
}
