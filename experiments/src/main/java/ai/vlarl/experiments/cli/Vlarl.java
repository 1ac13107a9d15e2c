package ai.vlarl.experiments.cli;

import ai.vlarl.framework.core.UserException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vlarl} command line. */
@Command(
    name = "vlarl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Reinforcement-learning fine-tuning of vision-language-action robot policies.",
    subcommands = {TrainCommand.class, SftCommand.class, EvalCommand.class, BenchCommand.class, ConfigCommand.class, ServeSimCommand.class, DeployCommand.class, ReportCommand.class,
        CommandLine.HelpCommand.class})
public final class Vlarl implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The repository root (the launcher sets {@code vlarl.home}); the working directory otherwise. */
  static Path home() {
    return Path.of(System.getProperty("vlarl.home", ".")).toAbsolutePath().normalize();
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line; user errors print one line and return 2, bugs a stack trace and 1. */
  public static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.err, true), args);
  }

  /** The longest line the commands' descriptions are written in (HelpTextTest holds them to it). */
  static final int DESCRIPTION_LINE_MAX = 100;

  /**
   * Columns of {@code --help}: wide enough for a description line and picocli's indent, which its
   * default of 80 would break in two.
   */
  static final int HELP_WIDTH = DESCRIPTION_LINE_MAX + 10;

  /** The command line of every command, with its help laid out {@link #HELP_WIDTH} wide. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Vlarl());
    cli.setUsageHelpWidth(HELP_WIDTH);
    return cli;
  }

  /** As {@link #execute(String...)}, with errors written to {@code err}. */
  public static int execute(java.io.PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setErr(err);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      Throwable user = ex;
      while (user != null && !(user instanceof UserException)) {
        user = user.getCause();
      }
      if (user != null) {
        commandLine.getErr().println("error: " + user.getMessage());
        return 2;
      }
      ex.printStackTrace(commandLine.getErr());
      return 1;
    });
    return cli.execute(args);
  }
}
