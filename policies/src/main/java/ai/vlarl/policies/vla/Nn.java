package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * The tensor operations of the VLA, each one engine call where the engine has one. Every result
 * belongs to the manager of the activation passed in, never to a parameter's manager (DJL attaches
 * a result to the manager of the array the operation is called on), so parameters' managers never
 * collect intermediates.
 */
final class Nn {
  /** Additive attention mask value for blocked positions (exp underflows to exactly 0). */
  static final float BLOCKED = -1e9f;

  private Nn() {}

  /**
   * {@code x · s} for a tensor on the autograd path. Never {@code x.mul(float)} there: DJL's
   * PyTorch engine makes the scalar a tensor over a Java direct buffer and closes it right after
   * the operation, but autograd keeps that tensor for the backward pass; if a garbage collection
   * frees the buffer in between, the gradient is computed from freed memory (measured: wrong or
   * non-finite gradients whenever a GC falls between forward and backward). Here the scalar is a
   * natively allocated tensor attached to {@code x}'s manager, alive until that scope closes.
   */
  static NDArray scale(NDArray x, float s) {
    return x.mul(x.getManager().full(new Shape(), s, x.getDataType()));
  }
  /** {@code log_softmax(logits / temperature)} over the last axis (the scalar kept alive, {@link #scale}). */
  static NDArray temperedLogSoftmax(NDArray logits, float temperature) {
    NDArray scaled = temperature == 1f ? logits : scale(logits, 1f / temperature);
    return scaled.logSoftmax(-1);
  }


  /** {@code x W^T + b} over the last axis ({@code torch.nn.functional.linear}); b may be null. */
  static NDArray linear(NDArray x, Parameter w, Parameter b) {
    return x.getNDArrayInternal()
        .linear(x, w.getArray(), b == null ? null : b.getArray())
        .singletonOrThrow();
  }

  /** 2-D convolution of NCHW {@code x}, square stride and padding. */
  static NDArray conv(NDArray x, Parameter w, Parameter b, int stride, int padding) {
    return ai.djl.nn.convolutional.Conv2d.conv2d(
            x, w.getArray(), b.getArray(), new Shape(stride, stride), new Shape(padding, padding))
        .singletonOrThrow();
  }

  /** Layer norm over the last axis with affine weight and bias. */
  static NDArray layerNorm(NDArray x, Parameter w, Parameter b, float eps) {
    long d = x.getShape().get(x.getShape().dimension() - 1);
    return x.getNDArrayInternal()
        .layerNorm(x, new Shape(d), w.getArray(), b.getArray(), eps)
        .singletonOrThrow();
  }

  /** Llama's RMSNorm: {@code x / sqrt(mean(x²) + eps) · w} over the last axis. */
  static NDArray rmsNorm(NDArray x, Parameter w, float eps) {
    NDArray ms = x.square().mean(new int[] {-1}, true);
    return x.div(ms.add(eps).sqrt()).mul(w.getArray());
  }

  /** GELU with the exact erf form (PyTorch's default). */
  static NDArray gelu(NDArray x) {
    return x.getNDArrayInternal().gelu();
  }

  /** SiLU {@code x · sigmoid(x)}. */
  static NDArray silu(NDArray x) {
    return x.mul(x.getNDArrayInternal().sigmoid());
  }

  /** {@code [B, T, h·dh]} to {@code [B, h, T, dh]}. */
  static NDArray heads(NDArray x, int h) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), h, s.get(2) / h).transpose(0, 2, 1, 3);
  }

  /** {@code [B, h, T, dh]} to {@code [B, T, h·dh]}. */
  static NDArray merge(NDArray x) {
    Shape s = x.getShape();
    return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
  }

  /**
   * Scaled dot-product attention: {@code softmax(q kᵀ / √dh + mask) v}.
   *
   * @param q {@code [B, h, Tq, dh]}
   * @param k {@code [B, h, Tk, dh]}
   * @param v {@code [B, h, Tk, dh]}
   * @param mask additive, broadcastable to {@code [B, h, Tq, Tk]} (0 or {@link #BLOCKED}); null
   *     for none
   */
  static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask) {
    long dh = q.getShape().get(3);
    NDArray scores = scale(q, (float) (1.0 / Math.sqrt(dh))).matMul(k.transpose(0, 1, 3, 2));
    if (mask != null) {
      scores = scores.add(mask);
    }
    return scores.softmax(-1).matMul(v);
  }
}
