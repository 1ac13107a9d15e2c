package ai.vlarl.framework.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyReferenceTest {
  record Limits(@Doc(value = "most steps", dflt = "10") int steps) {}

  enum Mode { FAST, SAFE }

  record Cfg(
      @Doc(value = "run name", dflt = "x") String name,
      @Doc(value = "a | b | c", dflt = "a|b") String mode,
      Limits limits,
      @Doc(value = "sizes of <n>", dflt = "[64, 64]") List<Integer> sizes,
      @Doc(value = "*critic* or value_head, `x`", dflt = "[tcp://127.0.0.1:5555]") Mode how) {}

  @Test
  void nestedRecordsAreFlattenedUnderTheirPrefix() {
    assertEquals(List.of(
        new KeyReference.Key("p.name", "String", "x", "run name"),
        new KeyReference.Key("p.mode", "String", "a|b", "a | b | c"),
        new KeyReference.Key("p.limits.steps", "int", "10", "most steps"),
        new KeyReference.Key("p.sizes", "List<Integer>", "[64, 64]", "sizes of <n>"),
        new KeyReference.Key("p.how", "fast|safe", "[tcp://127.0.0.1:5555]", "*critic* or value_head, `x`")),
        KeyReference.keys(Cfg.class, "p."));
  }

  @Test
  void textAlignsColumnsToTheLongestEntryOfAllGroups() {
    KeyReference ref = new KeyReference().add("one", Cfg.class, "").add("two", Limits.class, "limits.");
    // widest: key "limits.steps" (12), type "List<Integer>" (13); the default of "how" (22) overflows
    // its column, which stops at 16; two spaces apart
    assertEquals(String.join("\n",
        "# one",
        "name          String         x                 run name",
        "mode          String         a|b               a | b | c",
        "limits.steps  int            10                most steps",
        "sizes         List<Integer>  [64, 64]          sizes of <n>",
        "how           fast|safe      [tcp://127.0.0.1:5555]  *critic* or value_head, `x`",
        "",
        "# two",
        "limits.steps  int            10                most steps",
        ""), ref.text());
  }

  @Test
  void markdownEscapesWhatWouldNotShowAsWrittenAndQuotesDefaults() {
    KeyReference ref = new KeyReference().add("one <kind>", Cfg.class, "");
    assertEquals(String.join("\n",
        "",
        "## one &lt;kind&gt;",
        "",
        "| key | type | default | meaning |",
        "|---|---|---|---|",
        "| `name` | String | `x` | run name |",
        "| `mode` | String | `a\\|b` | a \\| b \\| c |",
        "| `limits.steps` | int | `10` | most steps |",
        "| `sizes` | List&lt;Integer&gt; | `[64, 64]` | sizes of &lt;n&gt; |",
        "| `how` | fast\\|safe | `[tcp://127.0.0.1:5555]` | \\*critic\\* or value\\_head, \\`x\\` |",
        ""), ref.markdown());
  }
}
