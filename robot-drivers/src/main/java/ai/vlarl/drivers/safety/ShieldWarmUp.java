package ai.vlarl.drivers.safety;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.IdealArm;
import ai.vlarl.drivers.ManualClock;
import ai.vlarl.drivers.Pose;

/**
 * Runs a few thousand commands through a shield on an {@link IdealArm}, so the JIT has compiled
 * the limiting code before a real arm's first command (a cold first command can take tens of
 * milliseconds and trip the watchdog). Takes about 0.1 s.
 */
public final class ShieldWarmUp {
  private ShieldWarmUp() {}

  public static void run(SafetyConfig cfg, double periodSeconds) {
    ManualClock clock = new ManualClock(0);
    double[] lo = cfg.boxMin();
    double[] hi = cfg.boxMax();
    Pose center = Pose.at((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2);
    // a log with a writer, so the JSON formatting of interventions is warm too
    SafetyShield s = new SafetyShield(new IdealArm(clock, center), cfg, periodSeconds, clock,
        new InterventionLog(java.io.Writer.nullWriter()));
    s.connect();
    long period = Math.round(periodSeconds * 1e9);
    for (int k = 0; k < 4000; k++) {
      clock.advance(period);
      double phase = k * 0.01;
      s.command(ArmCommand.EeDelta.translation(0.004 * Math.sin(phase), 0.004 * Math.cos(phase),
          0.002 * Math.sin(3 * phase), k % 100 < 50 ? 0 : 1)); // beyond the limits: clamped
      s.checkWatchdog();
      s.lastTarget();
    }
    s.close();
  }
}
