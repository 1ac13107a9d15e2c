package ai.vlarl.framework.policy;

import ai.vlarl.framework.core.HostArray;

/**
 * What a policy decides for a batch of N observations.
 *
 * @param actions float32 {@code [N, chunk, dim]} in [-1, 1], ready for {@code VectorEnv.step}
 * @param tokens int32 {@code [N, chunk, dim]}: the sampled tokens the actions decode from
 * @param tokenLogProb float32 {@code [N, chunk, dim]}: log-probability of each sampled token
 * @param value the value head's estimate per row, {@code [N]}
 */
public record PolicyStep(HostArray actions, HostArray tokens, HostArray tokenLogProb, float[] value) {

  /** Log-probability of each row's whole chunk (sum over chunk steps and dimensions). */
  public float[] chunkLogProb() {
    int n = value.length;
    int per = tokenLogProb.size() / n;
    float[] out = new float[n];
    java.nio.FloatBuffer f = tokenLogProb.floats();
    for (int i = 0; i < n; i++) {
      float s = 0;
      for (int k = 0; k < per; k++) {
        s += f.get(i * per + k);
      }
      out[i] = s;
    }
    return out;
  }
}
