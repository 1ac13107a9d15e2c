package ai.vlarl.framework.eval;

import ai.vlarl.framework.core.UserException;
import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suites of an assembly by name, from the Guice {@code MapBinder<String, EvalSuite>} that
 * modules contribute to. An unknown name fails listing the known ones.
 */
public final class EvalSuites {
  private final Map<String, EvalSuite> byName;

  @Inject
  public EvalSuites(Map<String, EvalSuite> suites) {
    this.byName = new TreeMap<>(suites);
  }

  /** A suite and the argument of a {@code family:argument} name. */
  public record Resolved(String name, EvalSuite suite, String argument) {}

  /** The suite called {@code name} ({@code family:argument} for parameterized suites). */
  public Resolved get(String name) {
    int colon = name.indexOf(':');
    String family = colon < 0 ? name : name.substring(0, colon);
    String argument = colon < 0 ? "" : name.substring(colon + 1);
    EvalSuite s = byName.get(family);
    if (s == null) {
      throw new UserException("unknown suite '" + name + "'; known: " + String.join(", ", known()));
    }
    if (s.parameterized() && argument.isEmpty()) {
      throw new UserException("suite '" + family + "' needs an argument: " + family + ":"
          + s.argumentName());
    }
    if (!s.parameterized() && colon >= 0) {
      throw new UserException("suite '" + family + "' takes no argument (got '" + name + "')");
    }
    return new Resolved(name, s, argument);
  }

  /** The known names, parameterized ones as {@code family:<argument>}, sorted. */
  public List<String> known() {
    List<String> out = new ArrayList<>();
    byName.forEach((n, s) -> out.add(s.parameterized() ? n + ":" + s.argumentName() : n));
    return out;
  }

  /** Every suite by name. */
  public Map<String, EvalSuite> all() {
    return java.util.Collections.unmodifiableMap(byName);
  }
}
