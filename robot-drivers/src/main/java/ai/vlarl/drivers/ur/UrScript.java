package ai.vlarl.drivers.ur;

import ai.vlarl.drivers.ArmException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The URScript side of the {@code ur-rtde} driver: the servo program that runs on the robot, and
 * sending programs to the secondary client interface (a program sent there replaces the running
 * one, which is also how the driver stops the arm).
 *
 * <p>RTDE registers (24 and up are free for external clients): {@code input_int_register_24}
 * counts commands (the robot-side RTDE watchdog watches it), {@code input_int_register_25} is the
 * mode (0 hold, 1 joint target, 2 pose target, 3 stop), {@code input_double_register_24..29} the
 * target, {@code input_double_register_30} the gripper opening; the program counts its cycles in
 * {@code output_int_register_24} so the client knows it runs.
 */
public final class UrScript {
  /** Registers used by the program. */
  public static final String COUNTER = "input_int_register_24";
  public static final String MODE = "input_int_register_25";
  public static final String HEARTBEAT = "output_int_register_24";
  public static final int TARGET_REGISTER = 24;
  public static final int GRIPPER_REGISTER = 30;
  public static final int MODE_HOLD = 0;
  public static final int MODE_JOINTS = 1;
  public static final int MODE_POSE = 2;
  public static final int MODE_STOP = 3;

  private UrScript() {}

  /** The servo program for a control period {@code period} seconds. */
  public static String servoProgram(UrRtdeConfig cfg, double period) {
    double watchdogHz = 1 / (cfg.rtde_watchdog_periods() * period);
    StringBuilder s = new StringBuilder();
    s.append("def vlarl_servo():\n");
    s.append(f("  rtde_set_watchdog(\"%s\", %.3f, \"stop\")\n", COUNTER, watchdogHz));
    s.append("  textmsg(\"vlarl servo program started\")\n");
    s.append("  cycles = 0\n");
    s.append("  while True:\n");
    s.append("    cycles = cycles + 1\n");
    s.append(f("    write_output_integer_register(%d, cycles)\n", 24));
    s.append(f("    mode = read_input_integer_register(%d)\n", 25));
    s.append("    target = [");
    for (int i = 0; i < 6; i++) {
      s.append(i == 0 ? "" : ", ").append(f("read_input_float_register(%d)", TARGET_REGISTER + i));
    }
    s.append("]\n");
    if (cfg.gripper().equals("tool_digital_out")) {
      s.append(f("    set_tool_digital_out(%d, read_input_float_register(%d) < 0.5)\n",
          cfg.gripper_output(), GRIPPER_REGISTER));
    }
    String servo = f("t=%.6f, lookahead_time=%.3f, gain=%.1f", period, cfg.lookahead_time(), cfg.gain());
    s.append(f("    if mode == %d:\n", MODE_JOINTS));
    s.append("      servoj(target, " + servo + ")\n");
    s.append(f("    elif mode == %d:\n", MODE_POSE));
    s.append("      servoj(get_inverse_kin(p[target[0], target[1], target[2], target[3], target[4],"
        + " target[5]],"
        + " qnear=get_actual_joint_positions()), " + servo + ")\n");
    s.append(f("    elif mode == %d:\n", MODE_STOP));
    s.append("      break\n");
    s.append("    else:\n");
    s.append("      sync()\n");
    s.append("    end\n");
    s.append("  end\n");
    s.append(f("  stopj(%.2f)\n", cfg.stop_deceleration()));
    s.append("end\n");
    return s.toString();
  }

  /** The program that stops the arm (and, by replacing it, the servo program). */
  public static String stopProgram(UrRtdeConfig cfg) {
    return f("def vlarl_stop():\n  stopj(%.2f)\nend\n", cfg.stop_deceleration());
  }

  /** Sends {@code program} to the secondary client interface. */
  public static void send(String host, int port, int timeoutMs, String program) {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      OutputStream out = s.getOutputStream();
      out.write(program.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new ArmException("cannot send URScript to " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
