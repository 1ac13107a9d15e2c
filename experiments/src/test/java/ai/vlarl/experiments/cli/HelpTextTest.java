package ai.vlarl.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} renders: picocli formats descriptions, so a bare % breaks them. */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CommandLine root = new CommandLine(new Vlarl());
      check(root);
    } finally {
      System.setErr(err);
    }
    String warnings = captured.toString(StandardCharsets.UTF_8);
    assertFalse(warnings.contains("Could not format"), warnings);
  }

  private static void check(CommandLine cmd) {
    String usage = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertTrue(usage.contains("Usage: "), cmd.getCommandName() + ": " + usage);
    assertFalse(usage.contains("%n"), cmd.getCommandName() + " help shows a raw %n:\n" + usage);
    for (CommandLine sub : cmd.getSubcommands().values()) {
      check(sub);
    }
  }
}
