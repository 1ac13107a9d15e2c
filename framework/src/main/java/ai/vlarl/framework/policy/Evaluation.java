package ai.vlarl.framework.policy;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable forward pass of a policy over a training minibatch of B rows. The arrays belong
 * to the manager passed to {@link Policy#evaluate}; gradients flow to the policy's parameters.
 *
 * @param tokenLogProb log-probability of the given tokens, {@code [B, chunk, dim]}
 * @param tokenEntropy entropy of each token's categorical distribution, {@code [B, chunk, dim]}
 * @param value value estimate, {@code [B]}
 */
public record Evaluation(NDArray tokenLogProb, NDArray tokenEntropy, NDArray value) {}
