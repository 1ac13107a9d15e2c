package ai.vlarl.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.policy.PolicyFactory;
import ai.vlarl.policies.baseline.CnnConfig;
import ai.vlarl.policies.baseline.MlpConfig;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoliciesModuleTest {

  @Test
  void bindsMlpCnnAndVlaByName() {
    Map<String, PolicyFactory> kinds =
        Guice.createInjector(new PoliciesModule())
            .getInstance(Key.get(new TypeLiteral<Map<String, PolicyFactory>>() {}));
    assertEquals(Set.of("mlp", "cnn", "vla", "vla-torchscript"), kinds.keySet());
    assertEquals(ai.vlarl.policies.vla.TorchScriptVlaConfig.class, kinds.get("vla-torchscript").configType());
    assertEquals(ai.vlarl.policies.vla.VlaConfig.class, kinds.get("vla").configType());
    assertEquals(MlpConfig.class, kinds.get("mlp").configType());
    assertEquals(CnnConfig.class, kinds.get("cnn").configType());
    assertFalse(kinds.get("cnn").description().isBlank());
  }

  @Test
  void everyConfigComponentIsDocumentedWithADefault() {
    for (Class<?> c : new Class<?>[] {MlpConfig.class, CnnConfig.class}) {
      for (RecordComponent rc : c.getRecordComponents()) {
        Doc doc = rc.getAnnotation(Doc.class);
        assertNotNull(doc, c.getSimpleName() + "." + rc.getName() + " has no @Doc");
        assertFalse(doc.value().isBlank());
        assertFalse(doc.dflt().isBlank(), rc.getName() + " has no default");
        assertTrue(rc.getName().equals(rc.getName().toLowerCase()), "not snake_case: " + rc);
      }
    }
  }
}
