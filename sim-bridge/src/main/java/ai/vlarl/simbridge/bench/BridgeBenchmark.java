package ai.vlarl.simbridge.bench;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.data.LoopbackFloor;
import ai.vlarl.simbridge.launch.ServerProcess;
import ai.vlarl.simbridge.launch.SimServerProcesses;
import ai.vlarl.simbridge.server.ServerOptions;
import ai.vlarl.simbridge.server.SimServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * The bridge's cost, side by side in one run: the same env stepped in process and through a
 * server on a free loopback TCP port (see {@link Hosting}: a {@code vlarl serve-sim} child process,
 * as training starts them, or a {@link SimServer} on a thread of this JVM) by a {@link
 * RemoteVectorEnv}. Both get the same seeds and the same random action chunks (one request, one
 * env step of {@code chunk} actions per sub-env, as a chunked policy sends them); the two are measured in
 * alternating slices so that machine load affects both alike. Each result is handed back to its
 * env after the step ({@link VectorEnv#release}), as the rollout collector does, so the bridge's
 * client receives replies into reused memory (a no-op in process).
 *
 * <p>Row keys: {@code envs}, {@code image} (side in pixels), {@code chunk} (actions per sub-env and
 * request), {@code server} ({@code process} or
 * {@code thread}), {@code step_ms_local}, {@code
 * step_ms_bridge}, {@code server_env_ms} (time the server spent inside its env per step), {@code
 * overhead_ratio} ({@code step_ms_bridge / step_ms_local - 1}), {@code payload_mb} (observation
 * and action bytes per step), {@code payload_mb_s} (payload over the time the bridge itself took:
 * {@code step_ms_bridge - server_env_ms}, i.e. encoding, transfer and decoding), {@code steps}
 * (bridge steps measured), {@code data_connection}, {@code step_ms_bridge_zmq_only} and {@code
 * overhead_ratio_zmq_only} (the same client over ZeroMQ only), and {@code step_ms_local_median},
 * {@code step_ms_bridge_median}, {@code overhead_ratio_median}: the same from median step times,
 * which rare long stalls do not move (GC pauses: the tabletop env's ND4J garbage causes 50-100 ms
 * pauses about once a second, and each lands on whichever side is running), and {@code
 * server_env_ms_median} and {@code bridge_ms_median}: the medians of each bridge step's time in the
 * server's env and of the rest of it (encoding, transfer, decoding, wake-ups), which tell whether
 * an overhead comes from the bridge itself or from the hosted env running slower than the local one;
 * {@code loopback_ms_median}: the median round trip of the same bytes (a request of the actions'
 * size, a reply of the observations' size) on a plain loopback TCP connection to a thread that
 * answers at once ({@link LoopbackFloor}): the floor under {@code bridge_ms_median} on this
 * machine, measured in the same slices (steady for small replies; for replies of several MB it
 * varies from run to run); {@code loopback_after_env_ms_median}: the same round trip when the
 * answering thread first computes for the server's median env step, the client blocked meanwhile as
 * it is for a bridge reply (the round trip less that computing time): what waking a thread that
 * waited that long costs this machine, part of every bridge step and of no in-process one; {@code
 * reply_header_bytes_median}, {@code reply_encode_us_median} and {@code reply_decode_us_median}: the
 * step reply's header size and the Java work of encoding and decoding a step reply ({@link
 * ReplyCodecTiming}); {@code
 * step_ms_handoff_median}, {@code handoff_env_ms_median} and {@code overhead_ratio_handoff_median}:
 * the same env stepped on another thread of this JVM ({@link OtherThreadEnv}: each step handed to
 * that thread and waited for, no bytes, no socket), its median step, its median time inside the env
 * on that thread, and the median step's ratio to the in-process one less 1: the floor under {@code
 * overhead_ratio_median} for any env that runs outside the caller's thread, a server's included,
 * since a spinning stand-in for the env cannot show that the env itself runs slower on a thread that
 * waited.
 */
public final class BridgeBenchmark {
  /**
   * Seconds of one measuring slice; the sides take turns slice by slice. Short slices spread the
   * load of a shared machine (and GC pauses, which the envs' own allocations cause) evenly over the
   * sides: with 1 s slices, repeated runs of one row differed by up to 30 points of overhead.
   */
  private static final double SLICE_SECONDS = 0.1;

  private BridgeBenchmark() {}

  /** A server hosting the env under test for one row: where to connect, and how to stop it. */
  public record Hosted(String endpoint, Runnable stop) implements AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }

  /**
   * How the bench hosts the env behind the bridge.
   *
   * @param name {@code process} or {@code thread}: the rows' {@code server} key
   * @param warmupSeconds warm-up per side before measuring (at least a tenth of the measuring time)
   * @param host starts a server for an env of {@code (num_envs, image side)}
   */
  public record Hosting(String name, double warmupSeconds, BiFunction<Integer, Integer, Hosted> host) {
    /**
     * A {@code vlarl serve-sim} child process per row, as {@code rollout.env_servers} starts them:
     * the server has a heap, a GC and a JIT of its own, like any deployed env server (Python or
     * Java). Its JIT starts from scratch, hence 3 s of warm-up per side: with a few tenths of a
     * second, rows measured right after a server started came out about 10 points worse than the
     * same server measured again.
     *
     * @param serveArgs {@code serve-sim} arguments (without {@code --bind}) hosting the same env as
     *     the bench's {@code envFor}, for {@code (num_envs, image side)}
     */
    public static Hosting childProcess(BiFunction<Integer, Integer, List<String>> serveArgs) {
      return new Hosting("process", 3, (n, image) -> {
        ServerProcess p = SimServerProcesses.startOne(serveArgs.apply(n, image), SERVER_START_SECONDS);
        return new Hosted(p.endpoint(), p::close);
      });
    }

    /**
     * A {@link SimServer} on a thread of this JVM: one heap and one GC for the client, the hosted
     * env and the in-process env, so each env's garbage pauses the other sides too.
     */
    public static Hosting inThisJvm(BiFunction<Integer, Integer, VectorEnv> envFor) {
      return new Hosting("thread", 0, (n, image) -> {
        VectorEnv env = envFor.apply(n, image);
        try {
          SimServer server = new SimServer(env, ServerOptions.plain("tcp://127.0.0.1:*")).start();
          return new Hosted(server.endpoint(), () -> {
            server.close();
            env.close();
          });
        } catch (RuntimeException e) {
          env.close();
          throw e;
        }
      });
    }
  }

  /** Time a child server has to start serving. */
  static final double SERVER_START_SECONDS = 120;

  /**
   * One row per (image, envs, chunk).
   *
   * @param envFor makes an env of {@code (num_envs, image side)} in process
   * @param hosting hosts the same env behind the bridge
   * @param chunks action chunk lengths (each at most the env's {@code maxChunk})
   * @param secondsPerRow measuring time per row and side
   */
  public static List<Map<String, Object>> run(BiFunction<Integer, Integer, VectorEnv> envFor, Hosting hosting,
      List<Integer> images, List<Integer> envs, List<Integer> chunks, double secondsPerRow) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int image : images) {
      for (int n : envs) {
        for (int chunk : chunks) {
          rows.add(measure(envFor, hosting, image, n, chunk, secondsPerRow));
        }
      }
    }
    return rows;
  }

  /**
   * One row: {@code n} sub-envs with {@code image}-pixel images stepped with chunks of {@code
   * chunk} actions, {@code seconds} per side.
   *
   * @throws IllegalArgumentException when the env takes no chunk that long
   */
  public static Map<String, Object> measure(BiFunction<Integer, Integer, VectorEnv> envFor, Hosting hosting,
      int image, int n, int chunk, double seconds) {
    // Observations live in direct buffers, which only a GC frees: without this, a row starts with
    // earlier rows' garbage near the direct-memory limit and pays for a full GC (System.gc() from
    // inside ByteBuffer.allocateDirect, 0.5 s here) within its measurement.
    System.gc();
    try (VectorEnv local = envFor.apply(n, image);
        OtherThreadEnv handoff = new OtherThreadEnv(envFor.apply(n, image));
        Hosted server = hosting.host().apply(n, image);
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), ClientOptions.defaults());
        RemoteVectorEnv zmqOnly = new RemoteVectorEnv(server.endpoint(),
            ClientOptions.defaults().withDataConnection(false))) {
      long[] seeds = new long[n];
      for (int i = 0; i < n; i++) {
        seeds[i] = 1000 + i;
      }
      int maxChunk = local.spec().action().maxChunk();
      if (chunk < 1 || chunk > maxChunk) {
        throw new IllegalArgumentException("a chunk of " + chunk + " actions: env " + local.spec().name()
            + " takes 1 to " + maxChunk);
      }
      local.reset(seeds);
      handoff.reset(seeds);
      remote.reset(seeds);
      HostArray[] actions = actions(n, chunk, local.spec().action().dim());
      Timing lt = new Timing();
      Timing bt = new Timing();
      Timing zt = new Timing();
      Timing ht = new Timing();
      // warm-up (JIT, buffers): a tenth of the time or the hosting's, at least two steps each
      double warmup = Math.max(seconds / 10, hosting.warmupSeconds());
      step(local, actions, lt, warmup, Long.MAX_VALUE, null);
      step(handoff, actions, ht, warmup, Long.MAX_VALUE, handoff::lastEnvNanos);
      step(remote, actions, bt, warmup, Long.MAX_VALUE, remote::lastServerNanos);
      step(zmqOnly, actions, zt, warmup, Long.MAX_VALUE, zmqOnly::lastServerNanos);
      step(local, actions, lt, 0, 2, null);
      step(handoff, actions, ht, 0, 2, handoff::lastEnvNanos);
      step(remote, actions, bt, 0, 2, remote::lastServerNanos);
      step(zmqOnly, actions, zt, 0, 2, zmqOnly::lastServerNanos);
      int replyBytes = (int) Math.max(1, bytes(local.observe()));
      Timing ft = new Timing();
      Timing it = new Timing();
      // the floor's answerer computes as long as the hosted env did in the warm-up's median step
      long envNanos = Math.round(bt.serverMedianMs() * 1e6);
      try (LoopbackFloor floor = new LoopbackFloor(actions[0].size() * actions[0].dtype().bytes(), replyBytes)) {
        roundTrips(floor, ft, warmup, 0);
        lt = new Timing();
        bt = new Timing();
        zt = new Timing();
        ht = new Timing();
        ft = new Timing();
        int slices = Math.max(4, (int) Math.round(seconds / SLICE_SECONDS));
        double slice = seconds / slices;
        for (int s = 0; s < slices; s++) {
          step(local, actions, lt, slice, Long.MAX_VALUE, null);
          step(handoff, actions, ht, slice, Long.MAX_VALUE, handoff::lastEnvNanos);
          step(remote, actions, bt, slice, Long.MAX_VALUE, remote::lastServerNanos);
          step(zmqOnly, actions, zt, slice, Long.MAX_VALUE, zmqOnly::lastServerNanos);
          roundTrips(floor, ft, slice / 4, 0);
          roundTrips(floor, it, slice / 4, envNanos);
        }
      }
      double zmqMs = zt.nanos / 1e6 / zt.steps;
      double localMs = lt.nanos / 1e6 / lt.steps;
      double bridgeMs = bt.nanos / 1e6 / bt.steps;
      double serverMs = bt.serverNanos / 1e6 / bt.steps;
      double payloadMb = bt.payloadBytes / 1e6 / bt.steps;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("envs", n);
      row.put("image", image);
      row.put("chunk", chunk);
      row.put("server", hosting.name());
      row.put("step_ms_local", round(localMs, 3));
      row.put("step_ms_bridge", round(bridgeMs, 3));
      row.put("server_env_ms", round(serverMs, 3));
      row.put("overhead_ratio", round(bridgeMs / localMs - 1, 4));
      row.put("payload_mb", round(payloadMb, 6));
      row.put("payload_mb_s", round(payloadMb / Math.max(1e-9, (bridgeMs - serverMs) / 1e3), 1));
      row.put("steps", bt.steps);
      row.put("data_connection", remote.usesDataConnection());
      row.put("step_ms_bridge_zmq_only", round(zmqMs, 3));
      row.put("overhead_ratio_zmq_only", round(zmqMs / localMs - 1, 4));
      double localMedian = lt.medianMs();
      double bridgeMedian = bt.medianMs();
      row.put("step_ms_local_median", round(localMedian, 3));
      row.put("step_ms_bridge_median", round(bridgeMedian, 3));
      row.put("overhead_ratio_median", round(bridgeMedian / localMedian - 1, 4));
      row.put("server_env_ms_median", round(bt.serverMedianMs(), 3));
      row.put("bridge_ms_median", round(bt.outsideMedianMs(), 3));
      row.put("loopback_ms_median", round(ft.medianMs(), 3));
      row.put("loopback_after_env_ms_median", round(it.medianMs(), 3));
      double handoffMedian = ht.medianMs();
      row.put("step_ms_handoff_median", round(handoffMedian, 3));
      row.put("handoff_env_ms_median", round(ht.serverMedianMs(), 3));
      row.put("overhead_ratio_handoff_median", round(handoffMedian / localMedian - 1, 4));
      ReplyCodecTiming.measure(local, actions, Math.min(seconds / 4, 1.0), row);
      return row;
    }
  }

  /**
   * A series of per-step values (times in nanoseconds unless said otherwise) with their sums and
   * medians.
   */
  static final class Timing {
    long nanos;
    long steps;
    long serverNanos;
    long payloadBytes;
    /** Each step's time, for the median. */
    long[] each = new long[1024];
    /** Each step's time in the server's env (0 in process). */
    long[] inServer = new long[1024];

    void add(long stepNanos, long serverNanos) {
      if (steps == each.length) {
        each = Arrays.copyOf(each, each.length * 2);
        inServer = Arrays.copyOf(inServer, inServer.length * 2);
      }
      each[(int) steps] = stepNanos;
      inServer[(int) steps] = serverNanos;
      nanos += stepNanos;
      this.serverNanos += serverNanos;
      steps++;
    }

    double medianMs() {
      return median(each, steps) / 1e6;
    }

    /** The median of the values as added. */
    double median() {
      return median(each, steps);
    }

    /** The median of each step's time in the server's env. */
    double serverMedianMs() {
      return median(inServer, steps) / 1e6;
    }

    /** The median of each step's time outside the server's env. */
    double outsideMedianMs() {
      long[] outside = new long[(int) steps];
      for (int i = 0; i < outside.length; i++) {
        outside[i] = each[i] - inServer[i];
      }
      return median(outside, steps) / 1e6;
    }

    private static double median(long[] values, long count) {
      long[] sorted = Arrays.copyOf(values, (int) count);
      Arrays.sort(sorted);
      int h = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2.0;
    }
  }

  /**
   * Round trips on {@code floor} for {@code seconds} (at least one), its answerer computing for
   * {@code computeNanos} before each reply; adds each round trip less that time.
   */
  private static void roundTrips(LoopbackFloor floor, Timing t, double seconds, long computeNanos) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      t.add(floor.roundTrip(computeNanos) - computeNanos, 0);
    } while (System.nanoTime() < end);
  }

  /**
   * Steps for {@code seconds} (at least once), or {@code maxSteps} steps, whichever ends first.
   *
   * @param envNanos the last step's time inside an env that runs elsewhere (a server's, another
   *     thread's), or null for an env stepped on this thread; payload is counted for bridge clients
   *     ({@link RemoteVectorEnv}) only
   */
  private static void step(VectorEnv env, HostArray[] actions, Timing t, double seconds, long maxSteps,
      LongSupplier envNanos) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long taken = 0;
    do {
      HostArray a = actions[(int) (t.steps % actions.length)];
      long t0 = System.nanoTime();
      StepResult r = env.step(a);
      long stepNanos = System.nanoTime() - t0;
      t.add(stepNanos, envNanos != null ? envNanos.getAsLong() : 0);
      taken++;
      if (env instanceof RemoteVectorEnv) {
        t.payloadBytes += bytes(r.observations()) + bytes(r.finalObservations()) + a.size() * 4L;
      }
      env.release(r);
    } while (System.nanoTime() < end && taken < maxSteps);
  }

  private static long bytes(Observations o) {
    if (o == null) {
      return 0;
    }
    long b = 0;
    for (HostArray a : new HostArray[] {o.state(), o.image(), o.wristImage(), o.proprio()}) {
      if (a != null) {
        b += (long) a.size() * a.dtype().bytes();
      }
    }
    return b + 4L * o.size();
  }

  /** Eight random action batches {@code [n, chunk, dim]} in [-1, 1], used in turn. */
  private static HostArray[] actions(int n, int chunk, int dim) {
    Rng rng = new Rng(7);
    HostArray[] out = new HostArray[8];
    for (int k = 0; k < out.length; k++) {
      float[] a = new float[n * chunk * dim];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) rng.uniform(-1, 1);
      }
      out[k] = HostArray.ofFloats(a, n, chunk, dim);
    }
    return out;
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
