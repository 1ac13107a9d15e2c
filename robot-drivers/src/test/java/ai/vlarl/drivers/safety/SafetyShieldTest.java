package ai.vlarl.drivers.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.FakeArm;
import ai.vlarl.drivers.ManualClock;
import ai.vlarl.drivers.Pose;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shield's behaviours one by one, with hand-derived numbers and a manual clock. */
class SafetyShieldTest {
  private static final double DT = 0.008;
  private static final long PERIOD = 8_000_000L;

  private final ManualClock clock = new ManualClock(1_000_000_000L);

  private SafetyShield shield(FakeArm arm, Object... cfg) {
    SafetyShield s = new SafetyShield(arm, ShieldFixtures.config(cfg), DT, clock, new InterventionLog());
    s.connect();
    return s;
  }

  @Test
  void firstStepFromRestIsLimitedByTheAcceleration() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = shield(arm);
    // 1 cm in one 8 ms period asks for 1.25 m/s; from rest the acceleration limit (2 m/s^2)
    // allows v = 2 * 0.008 = 0.016 m/s, i.e. a step of 0.016 * 0.008 = 0.000128 m
    s.command(ArmCommand.EeDelta.translation(0.01, 0, 0, 1));
    Pose sent = ((ArmCommand.PoseTarget) arm.sent().get(0).command()).pose();
    assertEquals(0.000128, sent.x(), 1e-12);
    assertEquals(0.1, sent.z(), 1e-12);
    assertEquals(1, s.interventions().count(Intervention.Kind.LINEAR_ACCEL));
    assertEquals(1, s.interventions().count(Intervention.Kind.LINEAR_SPEED));
    // the next delta resolves against the sent target, not the requested one: v may grow to
    // 0.032 m/s, so x = 0.000128 + 0.032 * 0.008 = 0.000384
    s.command(ArmCommand.EeDelta.translation(0.01, 0, 0, 1));
    Pose second = ((ArmCommand.PoseTarget) arm.sent().get(1).command()).pose();
    assertEquals(0.000384, second.x(), 1e-12);
  }

  @Test
  void commandsWithinTheLimitsPassUnchanged() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = shield(arm);
    // 0.1 mm per period = 0.0125 m/s from rest: within a*dt = 0.016 m/s
    s.command(ArmCommand.EeDelta.translation(0.0001, 0, 0, 1));
    assertEquals(Pose.at(0.0001, 0, 0.1), ((ArmCommand.PoseTarget) arm.sent().get(0).command()).pose());
    assertEquals(0, s.interventions().total());
  }

  @Test
  void drivingIntoAWallStopsAtTheWallWithoutCrossingIt() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0.2, 0, 0.1));
    SafetyShield s = shield(arm);
    for (int k = 0; k < 500; k++) {
      clock.advance(PERIOD);
      s.command(ArmCommand.EeDelta.translation(0.01, 0, 0, 1));
    }
    List<FakeArm.Sent> sent = arm.sent();
    double last = ((ArmCommand.PoseTarget) sent.get(sent.size() - 1).command()).pose().x();
    assertEquals(0.25, last, 1e-6, "parked at the wall x = 0.25");
    assertTrue(s.interventions().count(Intervention.Kind.BRAKING) > 0);
    assertTrue(s.interventions().count(Intervention.Kind.WORKSPACE) > 0);
  }

  @Test
  void watchdogStopsTheArmWithinTwoPeriodsOfTheLastCommand() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = shield(arm); // watchdog_periods 1.5
    for (int k = 0; k < 20; k++) {
      clock.advance(PERIOD);
      s.command(ArmCommand.EeDelta.translation(0.0001, 0, 0, 1));
      assertFalse(s.checkWatchdog());
    }
    long lastCommand = clock.nanos();
    // the policy stalls: the watchdog thread keeps polling four times per period
    int polls = 0;
    while (!arm.stopped() && polls < 100) {
      clock.advance(PERIOD / 4);
      s.checkWatchdog();
      polls++;
    }
    long after = arm.stopNanos() - lastCommand;
    assertTrue(after > PERIOD && after <= 2 * PERIOD, "stopped " + after / 1e6 + " ms after the last command");
    assertEquals(7, polls, "1.5 periods = 12 ms is first exceeded at the 7th 2 ms poll (14 ms)");
    assertEquals(1, s.interventions().count(Intervention.Kind.WATCHDOG));
    ArmException e = assertThrows(ArmException.class,
        () -> s.command(ArmCommand.EeDelta.translation(0, 0, 0, 1)));
    assertTrue(e.getMessage().contains("watchdog: no valid command for 14.0 ms"), e.getMessage());
    assertEquals(20, arm.sent().size(), "nothing reached the arm after the stop");
  }

  @Test
  void nonFiniteCommandsAreRefusedAndDoNotFeedTheWatchdog() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = shield(arm);
    s.command(ArmCommand.EeDelta.translation(0.0001, 0, 0, 1));
    for (int k = 0; k < 2; k++) {
      clock.advance(PERIOD);
      s.command(ArmCommand.EeDelta.translation(Double.NaN, 0, 0, 1));
    }
    // the refused commands were replaced by braking: the target stays finite
    assertTrue(((ArmCommand.PoseTarget) arm.sent().get(2).command()).pose().isFinite());
    assertEquals(2, s.interventions().count(Intervention.Kind.NON_FINITE));
    assertTrue(s.checkWatchdog(), "16 ms without a valid command > 12 ms");
  }

  @Test
  void rejectModeBrakesInsteadOfFollowing() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = shield(arm, "mode", "reject");
    s.command(new ArmCommand.PoseTarget(Pose.at(0.5, 0, 0.1), 1)); // outside the box
    assertEquals(Pose.at(0, 0, 0.1), ((ArmCommand.PoseTarget) arm.sent().get(0).command()).pose());
    Intervention i = s.interventions().last();
    assertTrue(i.kinds().contains(Intervention.Kind.REJECTED) && i.kinds().contains(Intervention.Kind.WORKSPACE));
  }

  @Test
  void emergencyStopLatchesUntilCleared() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = shield(arm);
    s.command(ArmCommand.EeDelta.translation(0.0001, 0, 0, 1));
    s.emergencyStop("operator pressed Enter");
    assertTrue(arm.stopped());
    ArmException refused = assertThrows(ArmException.class,
        () -> s.command(ArmCommand.EeDelta.translation(0, 0, 0, 1)));
    assertTrue(refused.getMessage().contains("emergency stop latched (operator pressed Enter)"));
    assertThrows(ArmException.class, s::resume);
    s.clearEmergencyStop();
    s.resume();
    s.command(ArmCommand.EeDelta.translation(0.0001, 0, 0, 1));
    assertEquals(2, arm.sent().size());
    assertEquals(1, s.interventions().count(Intervention.Kind.ESTOP));
  }

  @Test
  void measuredStateOutsideTheWorkspaceTriggersTheEmergencyStop() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = shield(arm);
    s.command(ArmCommand.EeDelta.translation(0.0001, 0, 0, 1));
    arm.setPose(Pose.at(0.31, 0, 0.1)); // 6 cm beyond x = 0.25, tolerance 5 cm
    ArmException e = assertThrows(ArmException.class,
        () -> s.command(ArmCommand.EeDelta.translation(0, 0, 0, 1)));
    assertTrue(e.getMessage().contains("outside the workspace by more than 0.05 m on axis x"), e.getMessage());
    assertTrue(arm.stopped() && s.emergencyStopped());
  }

  @Test
  void refusesToStartOutsideTheWorkspace() {
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.4));
    SafetyShield s = new SafetyShield(arm, ShieldFixtures.config(), DT, clock, new InterventionLog());
    ArmException e = assertThrows(ArmException.class, s::connect);
    assertTrue(e.getMessage().contains("outside the safety workspace") && e.getMessage().contains("axis z"),
        e.getMessage());
  }

  @Test
  void switchingFromEndEffectorToJointCommandsNeedsAStop() {
    FakeArm arm = new FakeArm(clock, Pose.at(0, 0, 0.1), new double[2], new double[] {-1, -1},
        new double[] {1, 1});
    SafetyShield s = shield(arm);
    s.command(ArmCommand.EeDelta.translation(0.0001, 0, 0, 1));
    s.command(new ArmCommand.JointTarget(new double[] {0.1, 0}, 1));
    assertTrue(arm.sent().get(1).command() instanceof ArmCommand.PoseTarget, "braked instead");
    assertEquals(1, s.interventions().count(Intervention.Kind.MODE_SWITCH));
    s.stop();
    s.resume();
    s.command(new ArmCommand.JointTarget(new double[] {0.0001, 0}, 1));
    assertTrue(arm.sent().get(2).command() instanceof ArmCommand.JointTarget);
  }

  @Test
  void interventionsAreWrittenAsJsonLines() {
    StringWriter out = new StringWriter();
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    SafetyShield s = new SafetyShield(arm, ShieldFixtures.config(), DT, clock, new InterventionLog(out));
    s.connect();
    s.command(new ArmCommand.PoseTarget(Pose.at(0, 0, 0.1), 2.0)); // gripper beyond 1
    assertEquals("{\"time_s\":1.0,\"kinds\":[\"gripper_range\"],\"deviation\":0.0,\"detail\":\"asked "
        + "PoseTarget[pose=p[0.0000, 0.0000, 0.1000, 0.0000, 0.0000, 0.0000], gripper=2.0], sent "
        + "PoseTarget[pose=p[0.0000, 0.0000, 0.1000, 0.0000, 0.0000, 0.0000], gripper=1.0]\"}\n",
        out.toString());
  }
}
