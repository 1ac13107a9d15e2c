package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.PolicyStep;
import org.junit.jupiter.api.Test;

/** Autoregressive decoding with a KV cache, by recomputation, teacher-forced, and parallel. */
class VlaDecodingTest {

  @Test
  void kvCacheDecodingEqualsRecomputation() {
    VlaArch arch = VlaFixtures.arch(false, 5, 2);
    try (VlaPolicy p = VlaFixtures.policy(arch, VlaConfig.Decoding.AUTOREGRESSIVE, 3)) {
      Observations obs = VlaFixtures.obs(arch, 6, 4);
      Rng r1 = new Rng(7);
      Rng r2 = new Rng(7);
      PolicyStep cached = p.act(obs, false, r1, true);
      PolicyStep recomputed = p.act(obs, false, r2, false);
      // same draws, same tokens: the cache changes how, not what, is computed
      assertEquals(cached.tokens(), recomputed.tokens());
      assertArrayEquals(
          cached.tokenLogProb().toFloatArray(), recomputed.tokenLogProb().toFloatArray(), 1e-5f);
      assertArrayEquals(cached.value(), recomputed.value(), 1e-6f);
      assertEquals(r1.state(), r2.state());
      // and the teacher-forced pass of the learner gives the same log-probs
      try (NDManager m = NDManager.newBaseManager()) {
        Evaluation e = p.evaluate(m, obs, cached.tokens());
        assertArrayEquals(cached.tokenLogProb().toFloatArray(), e.tokenLogProb().toFloatArray(), 1e-5f);
        assertArrayEquals(cached.value(), e.value().toFloatArray(), 1e-5f);
      }
    }
  }

  @Test
  void greedyAutoregressiveTokensAreTheArgmaxGivenThePrefix() {
    VlaArch arch = VlaFixtures.arch(false, 0, 1);
    try (VlaPolicy p = VlaFixtures.policy(arch, VlaConfig.Decoding.AUTOREGRESSIVE, 5)) {
      Observations obs = VlaFixtures.obs(arch, 3, 8);
      PolicyStep g = p.act(obs, true, null);
      int[] tokens = g.tokens().toIntArray();
      // teacher-forced logits of the greedy tokens: each token is the argmax of its own slot
      float[] logits = p.logitsAndValues(obs, tokens)[0];
      int slots = arch.actionTokens();
      for (int s = 0; s < tokens.length; s++) {
        int best = 0;
        for (int k = 1; k < 256; k++) {
          if (logits[s * 256 + k] > logits[s * 256 + best]) {
            best = k;
          }
        }
        assertEquals(best, tokens[s], "row " + s / slots + " slot " + s % slots);
      }
    }
  }

  @Test
  void parallelDecodingReproducesItsLogProbsInEvaluate() {
    VlaArch arch = VlaFixtures.arch(true, 5, 3);
    try (VlaPolicy p = VlaFixtures.policy(arch, VlaConfig.Decoding.PARALLEL, 9);
        NDManager m = NDManager.newBaseManager()) {
      Observations obs = VlaFixtures.obs(arch, 5, 1);
      PolicyStep s = p.act(obs, false, new Rng(2));
      Evaluation e = p.evaluate(m, obs, s.tokens());
      assertArrayEquals(s.tokenLogProb().toFloatArray(), e.tokenLogProb().toFloatArray(), 1e-5f);
      assertArrayEquals(s.value(), e.value().toFloatArray(), 1e-5f);
      assertArrayEquals(s.value(), p.value(obs), 1e-5f);
    }
  }

  @Test
  void aRowsOutputsDoNotDependOnTheOtherRowsOfItsBatch() {
    // instructions of different lengths pad the batch differently; positions and masks make
    // every row see only its own tokens
    VlaArch arch = VlaFixtures.arch(false, 5, 2);
    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy p = VlaFixtures.policy(arch, d, 11)) {
        Observations obs = VlaFixtures.obs(arch, 8, 12);
        float[][] all = p.logitsAndValues(obs, null);
        int per = arch.actionTokens() * 256;
        for (int i = 0; i < 8; i++) {
          float[][] one = p.logitsAndValues(obs.gather(new int[] {i}), null);
          float[] row = java.util.Arrays.copyOfRange(all[0], i * per, (i + 1) * per);
          assertArrayEquals(row, one[0], 2e-5f, d + " row " + i);
          assertEquals(all[1][i], one[1][0], 2e-5f);
        }
      }
    }
  }

  @Test
  void initialPolicyIsNearUniformAndValuesAreFinite() {
    VlaArch arch = VlaFixtures.arch(false, 0, 1);
    try (VlaPolicy p = VlaFixtures.policy(arch, VlaConfig.Decoding.AUTOREGRESSIVE, 1)) {
      PolicyStep s = p.act(VlaFixtures.obs(arch, 4, 2), false, new Rng(3));
      for (float lp : s.tokenLogProb().toFloatArray()) {
        assertEquals(-Math.log(256), lp, 0.2);
      }
      for (float v : s.value()) {
        assertTrue(Float.isFinite(v) && Math.abs(v) < 1);
      }
    }
  }
}
