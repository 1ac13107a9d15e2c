package ai.vlarl.policies;

import ai.vlarl.framework.policy.PolicyFactory;
import ai.vlarl.policies.baseline.CnnPolicyFactory;
import ai.vlarl.policies.baseline.MlpPolicyFactory;
import ai.vlarl.policies.vla.TorchScriptVlaFactory;
import ai.vlarl.policies.vla.VlaPolicyFactory;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Contributes this module's policy kinds to the {@code MapBinder<String, PolicyFactory>}. */
public final class PoliciesModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, PolicyFactory> kinds =
        MapBinder.newMapBinder(binder(), String.class, PolicyFactory.class);
    kinds.addBinding("mlp").to(MlpPolicyFactory.class);
    kinds.addBinding("cnn").to(CnnPolicyFactory.class);
    kinds.addBinding("vla").to(VlaPolicyFactory.class);
    kinds.addBinding("vla-torchscript").to(TorchScriptVlaFactory.class);
  }
}
