package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.ArmState;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.RobotArm;
import ai.vlarl.drivers.camera.CameraSource;
import ai.vlarl.drivers.camera.ImageFileCamera;
import ai.vlarl.drivers.camera.ZmqCamera;
import ai.vlarl.drivers.control.ActionSource;
import ai.vlarl.drivers.net.CurveKeys;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.run.ExperimentConfig;
import java.nio.file.Path;

/**
 * Where a deploy's policy gets its observations and what it decides: on the {@code sim} driver
 * the simulator's own observation of the scene; on a real arm a camera frame and the arm's
 * proprio ({@link RobotObservations}) with the given instruction. The policy acts greedily, as
 * in evaluation.
 */
final class Sources implements AutoCloseable {
  private final ActionSource actions;
  private final CameraSource camera;
  private final String instruction;

  private Sources(ActionSource actions, CameraSource camera, String instruction) {
    this.actions = actions;
    this.camera = camera;
    this.instruction = instruction;
  }

  static Sources open(DeployConfig cfg, ExperimentConfig exp, LoadedPolicy lp, RobotArm raw,
      DeployRunner.Options o, Clock clock) {
    Policy policy = lp.policy();
    Rng rng = Rng.derive(exp.seed(), "deploy");
    if (raw instanceof SimArm sim) {
      return new Sources(state -> chunk(policy.act(sim.observe(), true, rng).actions()), null,
          o.instruction());
    }
    if (o.instruction() == null || o.instruction().isBlank()) {
      throw new UserException("--instruction is required on a real arm (what the policy is asked to do)");
    }
    EnvSpec spec = lp.spec();
    RobotObservations obs = new RobotObservations(spec, cfg.mapping(), o.instruction(), taskId(spec, o.task()));
    CameraSource camera = camera(cfg.camera(), clock);
    if (camera == null) {
      throw new UserException("the policy sees camera images: set camera.kind (files or zmq)");
    }
    return new Sources(state -> {
      Observations ob = obs.build(camera.latest(), null, state);
      return chunk(policy.act(ob, true, rng).actions());
    }, camera, o.instruction());
  }

  private static int taskId(EnvSpec spec, String task) {
    if (task == null) {
      if (spec.tasks().size() == 1) {
        return 0;
      }
      throw new UserException("the policy was trained on tasks " + spec.tasks() + ": say which with --task");
    }
    int i = spec.tasks().indexOf(task);
    if (i < 0) {
      throw new UserException("--task '" + task + "' is not one of the policy's tasks " + spec.tasks());
    }
    return i;
  }

  private static CameraSource camera(CameraConfig c, Clock clock) {
    return switch (c.kind()) {
      case "files" -> new ImageFileCamera(Path.of(c.path()), c.fps(), clock);
      case "zmq" -> new ZmqCamera(c.endpoint(), CurveKeys.of("camera", c.server_public_key(),
          c.client_public_key(), c.client_secret_key()), c.max_age_s(), clock);
      default -> null;
    };
  }

  /** {@code [1, chunk, dim]} actions as {@code [chunk][dim]}. */
  static float[][] chunk(HostArray actions) {
    int c = actions.dim(1);
    int d = actions.dim(2);
    float[] flat = actions.toFloatArray();
    float[][] out = new float[c][d];
    for (int k = 0; k < c; k++) {
      System.arraycopy(flat, k * d, out[k], 0, d);
    }
    return out;
  }

  ActionSource actions() {
    return actions;
  }

  String instruction() {
    return instruction;
  }

  /** One decision before the clock starts: loads lazy code paths so the first step is on time. */
  void warmUp(ArmState state) {
    actions.decide(state);
  }

  @Override
  public void close() {
    if (camera != null) {
      camera.close();
    }
  }
}
