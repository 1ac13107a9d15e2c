package ai.vlarl.framework.rl;

import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.registry.Plugin;

/** Creates an {@link Algorithm} from its config section; bound by name with Guice. */
public interface AlgorithmFactory extends Plugin {
  Algorithm create(Record config, Policy policy);
}
