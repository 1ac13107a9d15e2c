/**
 * Engine-neutral evaluation: suites of tasks run for a fixed number of episodes from fixed initial
 * conditions, per-task success rates with Wilson 95% intervals ({@link
 * ai.vlarl.framework.eval.Wilson}), and the report files of {@code vlarl eval}: {@code report.json}
 * ({@link ai.vlarl.framework.eval.ReportJson}), {@code report.md} ({@link
 * ai.vlarl.framework.eval.ReportMarkdown}).
 */
package ai.vlarl.framework.eval;
