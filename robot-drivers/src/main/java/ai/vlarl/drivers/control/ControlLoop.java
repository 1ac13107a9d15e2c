package ai.vlarl.drivers.control;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.Rotations;
import ai.vlarl.drivers.safety.SafetyShield;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fixed-rate control loop: servo ticks at {@code driver_hz}, action steps at {@code
 * policy_hz}.
 *
 * <p>At the first tick of each action step the loop asks its {@link ChunkScheduler} whether the
 * policy should decide, submits the decision to the inference executor (its own thread when
 * async), and waits for it at most until the tick's deadline. The step's action becomes a {@link
 * StepMotion}; every tick of the step sends the {@link SafetyShield} an absolute target on the
 * straight line from where the step began (the shield's last target) to the step's full motion, so
 * the step ends exactly one motion away and a clamped tick is caught up by the next. A tick with
 * no action (the policy is late) sends nothing: if that lasts, the shield's watchdog stops the arm.
 *
 * <p>Ticks never burst: a tick that is a whole period late is skipped, so the arm never receives
 * commands faster than the shield's period. Measured ({@link #report()}): tick lateness, the time
 * a command spends in the shield and driver and policy latency (both compute time, on the system
 * clock even when the loop runs on simulated time), deadline misses (ticks skipped, plus
 * ticks whose command went out after the tick's deadline, the start of the next tick) and late
 * steps (an action not ready at its step's first tick).
 *
 * <p>Only a {@link SafetyShield} can be driven: there is no way to hand this loop a raw arm.
 */
public final class ControlLoop {
  /** Told about each step boundary before the step's decision. */
  @FunctionalInterface
  public interface StepListener {
    /** @return false to end the run before step {@code step} (steps 0..step-1 are done) */
    boolean beforeStep(long step);
  }

  /** How a run ended. */
  public record Outcome(long steps, String reason, RuntimeException error) {
    public boolean failed() {
      return error != null;
    }
  }

  private final SafetyShield arm;
  private final ActionSource policy;
  private final MappingConfig mapping;
  private final LoopConfig cfg;
  private final Pacer pacer;
  private final Clock clock;
  private final Executor inference;
  private final long periodNanos;
  private final LatencyStats tickLateness = new LatencyStats();
  private final LatencyStats commandTime = new LatencyStats();
  private final LatencyStats policyLatency = new LatencyStats();
  private long ticks;
  private long skippedTicks;
  private long lateTicks;
  private long idleTicks;
  private long steps;
  private long lateSteps;
  private long decisions;

  /**
   * @param inference where the policy runs: a single-thread executor for {@code async}, {@code
   *     Runnable::run} for {@code inline}
   */
  public ControlLoop(SafetyShield arm, ActionSource policy, MappingConfig mapping, LoopConfig cfg,
      Pacer pacer, Executor inference) {
    if (Math.abs(arm.periodSeconds() - cfg.driverPeriod()) > 1e-9) {
      throw new IllegalArgumentException("the shield's period " + arm.periodSeconds()
          + " s differs from the loop's 1/driver_hz = " + cfg.driverPeriod() + " s");
    }
    this.arm = arm;
    this.policy = policy;
    this.mapping = mapping;
    this.cfg = cfg;
    this.pacer = pacer;
    this.clock = pacer.clock();
    this.inference = inference;
    this.periodNanos = Math.round(1e9 / cfg.driver_hz());
  }

  /** The tick at which step {@code k} starts. */
  private long stepStartTick(long k) {
    return Math.round(k * cfg.ticksPerStep());
  }

  /**
   * Runs until the listener ends it, {@code maxNanos} pass, or the arm stops (watchdog, e-stop,
   * a driver failure). The arm is stopped when the run ends, whatever the reason.
   */
  public Outcome run(long maxNanos, StepListener listener) {
    ChunkScheduler scheduler = cfg.newScheduler();
    long t0 = clock.nanos();
    long j = 0;
    long step = -1;
    long stepStart = 0;
    long stepEnd = 0;
    StepMotion motion = null;
    Pose base = null;
    Pending pending = null;
    String reason = null;
    RuntimeException error = null;
    try {
      while (true) {
        long due = t0 + j * periodNanos;
        pacer.waitUntil(due);
        long now = clock.nanos();
        if (now - due >= periodNanos) { // a whole period late: skip, never burst
          long skip = (now - due) / periodNanos;
          skippedTicks += skip;
          j += skip;
          due += skip * periodNanos;
        }
        tickLateness.add(now - due);
        boolean newStep = false;
        while (stepStartTick(step + 1) <= j) {
          step++;
          newStep = true;
          stepStart = stepStartTick(step);
          stepEnd = stepStartTick(step + 1);
          if (listener != null && !listener.beforeStep(step)) {
            reason = "done after " + step + " steps";
            return new Outcome(step, reason, null);
          }
          if (now - t0 >= maxNanos) {
            reason = String.format("time limit of %.1f s reached", maxNanos / 1e9);
            return new Outcome(step, reason, null);
          }
          steps++;
          if (stepStartTick(step + 1) <= j) { // a skipped step: its action is dropped
            scheduler.actionFor(step);
            continue;
          }
          if (pending == null && scheduler.wantsDecision(step)) {
            pending = submit(step);
          }
        }
        if (newStep) {
          motion = null;
        }
        if (motion == null) {
          pending = collect(pending, scheduler, due + periodNanos - 500_000L);
          float[] action = scheduler.actionFor(step);
          if (action != null) {
            motion = mapping.map(action);
            base = arm.lastTarget();
            if (!newStep) {
              lateSteps++;
            }
          } else if (newStep) {
            lateSteps++;
          }
        } else if (pending != null && pending.future.isDone()) {
          pending = collect(pending, scheduler, 0);
        }
        if (motion != null) {
          double frac = (double) (j - stepStart + 1) / (stepEnd - stepStart);
          long w0 = System.nanoTime(); // compute time, also on simulated time
          arm.command(new ArmCommand.PoseTarget(along(base, motion, frac), motion.gripper()));
          commandTime.add(System.nanoTime() - w0);
          if (clock.nanos() > due + periodNanos) {
            lateTicks++;
          }
        } else {
          idleTicks++;
        }
        ticks++;
        j++;
      }
    } catch (ArmException e) {
      error = e;
      reason = e.getMessage();
      return new Outcome(step, reason, e);
    } catch (RuntimeException e) {
      error = e;
      reason = "control loop failed: " + e;
      return new Outcome(step, reason, e);
    } finally {
      arm.stop();
    }
  }

  private static Pose along(Pose base, StepMotion m, double frac) {
    double[] rot = Rotations.apply(new double[] {m.drx() * frac, m.dry() * frac, m.drz() * frac},
        base.rotation());
    return new Pose(base.x() + m.dx() * frac, base.y() + m.dy() * frac, base.z() + m.dz() * frac,
        rot[0], rot[1], rot[2]);
  }

  private record Pending(long decidedAt, CompletableFuture<float[][]> future, long[] latency) {}

  private Pending submit(long step) {
    long[] latency = new long[1];
    var state = arm.state();
    CompletableFuture<float[][]> f = CompletableFuture.supplyAsync(() -> {
      long t = System.nanoTime(); // compute time, also on simulated time
      float[][] chunk = policy.decide(state);
      latency[0] = System.nanoTime() - t;
      return chunk;
    }, inference);
    return new Pending(step, f, latency);
  }

  /** Waits for {@code p} until {@code deadline}; hands a finished chunk to the scheduler. */
  private Pending collect(Pending p, ChunkScheduler scheduler, long deadline) {
    if (p == null) {
      return null;
    }
    try {
      float[][] chunk;
      if (p.future.isDone()) {
        chunk = p.future.get();
      } else {
        long wait = deadline - clock.nanos();
        if (wait <= 0 || clock != Clock.SYSTEM) {
          return p;
        }
        chunk = p.future.get(wait, TimeUnit.NANOSECONDS);
      }
      decisions++;
      policyLatency.add(p.latency[0]);
      if (chunk == null || chunk.length == 0) {
        throw new IllegalStateException("the policy returned no actions");
      }
      scheduler.accept(chunk, p.decidedAt);
      return null;
    } catch (TimeoutException e) {
      return p;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the policy", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException r ? r : new IllegalStateException("the policy failed: " + c, c);
    }
  }

  /** Measurements of every run so far. */
  public Map<String, Object> report() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("policy_hz", cfg.policy_hz());
    m.put("driver_hz", cfg.driver_hz());
    m.put("steps", steps);
    m.put("ticks", ticks);
    m.put("skipped_ticks", skippedTicks);
    m.put("late_ticks", lateTicks);
    long due = ticks + skippedTicks;
    m.put("deadline_misses", skippedTicks + lateTicks);
    m.put("deadline_miss_rate", due == 0 ? 0.0 : (double) (skippedTicks + lateTicks) / due);
    m.put("idle_ticks", idleTicks);
    m.put("late_steps", lateSteps);
    m.put("late_step_rate", steps == 0 ? 0.0 : (double) lateSteps / steps);
    m.put("decisions", decisions);
    m.put("tick_lateness", tickLateness.summary());
    m.put("command_time", commandTime.summary());
    m.put("policy_latency", policyLatency.summary());
    return m;
  }
}
