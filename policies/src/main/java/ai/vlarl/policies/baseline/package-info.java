/**
 * Baseline token policies for the RL loop: {@link ai.vlarl.policies.baseline.MlpPolicy} (state
 * observations) and {@link ai.vlarl.policies.baseline.CnnPolicy} (camera images + proprio + task
 * one-hot). Both emit {@code chunk × actionDim} independent categoricals over {@code bins} uniform
 * levels in [-1, 1], share {@link ai.vlarl.policies.TokenPolicy} and {@link
 * ai.vlarl.policies.CategoricalHead}, and are registered as {@code mlp} and {@code cnn} by {@link
 * ai.vlarl.policies.PoliciesModule}.
 */
package ai.vlarl.policies.baseline;
