package ai.vlarl.experiments.deploy;

import ai.vlarl.drivers.safety.SafetyShield;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;

/**
 * The keyboard e-stop of an interactive deploy: Enter latches the shield's emergency stop. Only
 * on a terminal (a test or a pipe has no keyboard); Ctrl-C does the same through a shutdown hook.
 */
final class EnterKeyStop implements AutoCloseable {
  private volatile boolean active = true;

  static EnterKeyStop start(SafetyShield shield, PrintStream console) {
    EnterKeyStop s = new EnterKeyStop();
    if (System.console() == null) {
      return s;
    }
    console.println("press Enter to stop the arm (emergency stop), Ctrl-C to stop and quit");
    Thread t = new Thread(() -> {
      try {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        if (in.readLine() != null && s.active) {
          shield.emergencyStop("Enter pressed");
        }
      } catch (IOException e) {
        // no keyboard: Ctrl-C remains
      }
    }, "vlarl-estop-key");
    t.setDaemon(true);
    t.start();
    return s;
  }

  @Override
  public void close() {
    active = false;
  }
}
