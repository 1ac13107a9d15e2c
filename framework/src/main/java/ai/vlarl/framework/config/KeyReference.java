package ai.vlarl.framework.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The reference of config keys: every component of a set of config records, from their {@link
 * Doc} annotations, in groups (the experiment's own keys, then one group per plugin kind), printed
 * as aligned text ({@code vlarl config --keys}) or as Markdown ({@code --markdown}, the committed
 * {@code experiments/CONFIG-KEYS.md}).
 */
public final class KeyReference {
  /** One key: its dotted name, Java type, default (YAML text, empty for none) and meaning. */
  public record Key(String name, String type, String dflt, String meaning) {}

  /** Keys under one heading, e.g. {@code env.kind: tabletop -- the embedded tabletop suite}. */
  public record Group(String heading, List<Key> keys) {}

  private static final int TYPE_WIDTH = 14;
  private static final int DEFAULT_WIDTH = 16;
  private final List<Group> groups = new ArrayList<>();

  /** Adds a group: the keys of {@code record} (nested records flattened), each prefixed. */
  public KeyReference add(String heading, Class<?> record, String prefix) {
    groups.add(new Group(heading, keys(record, prefix)));
    return this;
  }

  public List<Group> groups() {
    return List.copyOf(groups);
  }

  /** Every key of {@code type} (a record; nested records flattened), prefixed with {@code prefix}. */
  public static List<Key> keys(Class<?> type, String prefix) {
    List<Key> out = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      String name = prefix + c.getName();
      if (c.getType().isRecord() && c.getType() != Section.class) {
        out.addAll(keys(c.getType(), name + "."));
        continue;
      }
      Doc doc = c.getAnnotation(Doc.class);
      out.add(new Key(name, typeName(c), doc == null ? "" : doc.dflt(), doc == null ? "" : doc.value()));
    }
    return out;
  }

  /** {@code section}, an enum's values ({@code a|b}, as the binder accepts them), or the Java type. */
  private static String typeName(RecordComponent c) {
    Class<?> type = c.getType();
    if (type == Section.class) {
      return "section";
    }
    if (type.isEnum()) {
      return Arrays.stream(type.getEnumConstants()).map(e -> e.toString().toLowerCase())
          .collect(Collectors.joining("|"));
    }
    return c.getGenericType().getTypeName().replace("java.util.", "").replace("java.lang.", "");
  }

  /** "# heading" and one aligned line per key for each group, groups apart by a blank line. */
  public String text() {
    int name = 0;
    int type = 0;
    int dflt = 0;
    for (Group g : groups) {
      for (Key k : g.keys()) {
        name = Math.max(name, k.name().length());
        type = Math.max(type, k.type().length());
        dflt = Math.max(dflt, k.dflt().length());
      }
    }
    // a few long types and defaults (enum values, endpoint lists) overflow their column rather than
    // widen it for every line
    String row = "%-" + name + "s  %-" + Math.min(type, TYPE_WIDTH) + "s  %-"
        + Math.max(1, Math.min(dflt, DEFAULT_WIDTH)) + "s  %s";
    StringBuilder sb = new StringBuilder();
    for (Group g : groups) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append("# ").append(g.heading()).append('\n');
      for (Key k : g.keys()) {
        sb.append(String.format(row, k.name(), k.type(), k.dflt(), k.meaning()).stripTrailing()).append('\n');
      }
    }
    return sb.toString();
  }

  /** A Markdown section ("## heading") with a table (key, type, default, meaning) per group. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    for (Group g : groups) {
      sb.append("\n## ").append(cell(g.heading())).append("\n\n");
      sb.append("| key | type | default | meaning |\n|---|---|---|---|\n");
      for (Key k : g.keys()) {
        sb.append("| `").append(k.name()).append("` | ").append(cell(k.type())).append(" | ")
            .append(k.dflt().isEmpty() ? "" : "`" + k.dflt().replace("|", "\\|") + "`").append(" | ")
            .append(cell(k.meaning())).append(" |\n");
      }
    }
    return sb.toString();
  }

  /**
   * Text for a table cell, shown as written: pipes and Markdown's emphasis and code marks escaped,
   * angle brackets as entities (so {@code <name>} shows).
   */
  private static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
        .replace("`", "\\`").replace("<", "&lt;").replace(">", "&gt;");
  }
}
