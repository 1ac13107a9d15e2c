package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

/**
 * SFT's auxiliary probe: a linear map from the keypoint token's spatial-softmax keypoints {@code
 * [B, towers·w]} to the privileged object positions a dataset records {@code [B, K]}, fitted by
 * mean squared error. Its gradient reaches the vision stem directly, which teaches localization
 * far faster than the action labels alone (the expert's actions are mostly saturated at ±1, so
 * they carry the direction to the target but barely its distance). Exists only during SFT: its
 * parameters ({@code aux_probe.weight [K, towers·w]}, {@code aux_probe.bias [K]}) are not part of
 * the policy and are not saved.
 */
final class AuxProbe {
  private final float weight;
  private final int dim;
  private final Parameter w;
  private final Parameter b;

  AuxProbe(float weight, int dim, Parameter w, Parameter b) {
    this.weight = weight;
    this.dim = dim;
    this.w = w;
    this.b = b;
  }

  /**
   * The probe for {@code policy} and {@code data}, or null when it does not apply: {@code weight}
   * 0, a policy without the keypoint token, or a dataset without object positions.
   */
  static AuxProbe create(
      VlaPolicy policy, EpisodeDataset data, double weight, NDManager manager, long seed) {
    VlaArch arch = policy.arch();
    if (weight == 0 || !arch.keypoints() || data.targetDim() == 0) {
      return null;
    }
    long in = arch.keypointWidth();
    ParamSet ps = new ParamSet(manager, seed);
    // N(0, 1/in): keypoints lie in [-1, 1], so the probe's first outputs are of order 1
    Parameter w = ps.add("aux_probe.weight", ParamSet.Init.NORMAL, Math.sqrt(1.0 / in), data.targetDim(), in);
    Parameter b = ps.bias("aux_probe.bias", data.targetDim());
    return new AuxProbe((float) weight, data.targetDim(), w, b);
  }

  /** The policy's parameters followed by the probe's (what the SFT optimizer updates). */
  PairList<String, Parameter> withPolicy(VlaPolicy policy) {
    PairList<String, Parameter> all = policy.parameters(); // a fresh list
    all.add(w.getName(), w);
    all.add(b.getName(), b);
    return all;
  }

  /**
   * {@code weight · mean((W k + b - positions)²)} over the batch and the K coordinates.
   *
   * @param keypoints {@code [B, towers·w]}
   * @param positions row-major {@code [B, K]}
   */
  NDArray loss(NDArray keypoints, float[] positions) {
    long rows = keypoints.getShape().get(0);
    NDArray target = keypoints.getManager().create(positions, new Shape(rows, dim));
    NDArray err = Nn.linear(keypoints, w, b).sub(target);
    return err.square().mean().mul(weight);
  }
}
