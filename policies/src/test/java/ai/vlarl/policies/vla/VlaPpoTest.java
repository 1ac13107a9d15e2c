package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.rl.Ppo;
import ai.vlarl.framework.rl.PpoConfig;
import ai.vlarl.framework.rl.Rollout;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The framework's PPO learner trains the VLA unchanged. */
class VlaPpoTest {

  /** Probability that dimension 0 of the first action step is positive (token ≥ 128), per row. */
  private static double pPositive(VlaPolicy p, Observations obs) {
    float[] logits = p.logitsAndValues(obs, null)[0];
    int per = p.arch().actionTokens() * 256;
    double sum = 0;
    for (int i = 0; i < obs.size(); i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 256; k++) {
        max = Math.max(max, logits[i * per + k]);
      }
      double z = 0;
      double pos = 0;
      for (int k = 0; k < 256; k++) {
        double e = Math.exp(logits[i * per + k] - max);
        z += e;
        pos += k >= 128 ? e : 0;
      }
      sum += pos / z;
    }
    return sum / obs.size();
  }

  @Test
  void ppoRaisesTheProbabilityOfRewardedTokens() {
    VlaArch arch = VlaFixtures.arch(false, 5, 1);
    PpoConfig cfg =
        new ConfigBinder((s, k) -> null)
            .bind(
                PpoConfig.class,
                Map.of("learning_rate", 1e-2, "minibatches", 2, "epochs", 4, "anneal_lr", false,
                    "max_grad_norm", 1.0));
    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy p = VlaFixtures.policy(arch, d, 3);
          Ppo ppo = new Ppo(cfg, p)) {
        Observations obs = VlaFixtures.obs(arch, 8, 5);
        double before = pPositive(p, obs);
        int arrays = p.manager().getManagedArrays().size();
        Rng rng = new Rng(1);
        for (int iter = 0; iter < 8; iter++) {
          Rollout r = new Rollout(2, 8, arch.chunk(), arch.actionDim());
          for (int t = 0; t < 2; t++) {
            PolicyStep s = p.act(obs, false, rng);
            r.addDecision(obs, s);
            float[] reward = new float[8];
            for (int i = 0; i < 8; i++) {
              // one-step episodes: reward 1 when the first action dimension is positive
              reward[i] = s.actions().getFloat(i * arch.actionTokens()) > 0 ? 1f : 0f;
            }
            boolean[] done = new boolean[8];
            Arrays.fill(done, true);
            r.addOutcome(reward, done, done, new float[8]);
          }
          Map<String, Double> m = ppo.update(r, rng, 0);
          assertTrue(Double.isFinite(m.get("loss")), d + " loss " + m);
          assertTrue(m.get("grad_norm") > 0, d + " no gradient: " + m);
        }
        double after = pPositive(p, obs);
        assertTrue(after > before + 0.1, d + ": P(rewarded) went from " + before + " to " + after);
        assertEquals(arrays, p.manager().getManagedArrays().size(), "arrays leaked into the policy");
      }
    }
  }
}
