package ai.vlarl.framework.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents a config key where it is declared (a record component), with its default.
 *
 * <p>Every component of a config record carries one: {@code ./vlarl config} prints them all, and
 * the binder applies {@link #dflt()} when the key is absent. Defaults live here and nowhere else.
 * Nested config records need no default (their own components carry them); list defaults are
 * written in YAML flow style, e.g. {@code "[64, 64]"}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Doc {
  /** What the key means, its unit and its range. */
  String value();

  /** The default, as YAML text; empty for nested records. */
  String dflt() default "";
}
