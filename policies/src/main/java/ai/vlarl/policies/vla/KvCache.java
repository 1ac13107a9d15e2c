package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;

/**
 * Keys and values of every backbone layer for the positions decoded so far, {@code [B, heads, T,
 * dh]} each: one autoregressive step then runs the new token alone against them. The arrays belong
 * to the caller's scope and are freed with it.
 */
final class KvCache {
  private final NDArray[] keys;
  private final NDArray[] values;

  KvCache(int layers) {
    keys = new NDArray[layers];
    values = new NDArray[layers];
  }

  /** Appends this step's keys and values of layer {@code i}; returns all of them. */
  NDArray[] append(int i, NDArray k, NDArray v) {
    if (keys[i] != null) {
      k = keys[i].concat(k, 2);
      v = values[i].concat(v, 2);
    }
    keys[i] = k;
    values[i] = v;
    return new NDArray[] {k, v};
  }

  /** Positions cached so far (0 before the first step). */
  long length() {
    return keys[0] == null ? 0 : keys[0].getShape().get(2);
  }
}
