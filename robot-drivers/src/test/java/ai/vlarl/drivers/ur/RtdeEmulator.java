package ai.vlarl.drivers.ur;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UR controller for tests, written from the public RTDE guide: an RTDE server (protocol
 * negotiation, controller version, output and input recipes with NOT_FOUND / IN_USE answers,
 * start/pause, data packages at the output rate, text messages) and a script port that runs the
 * driver's servo program the way the robot would: each cycle it reads the input registers, moves
 * to the target (an ideal servo: the target is reached within the cycle; inverse kinematics is
 * not modelled, a pose target sets the TCP pose), counts its heartbeat, and honours the
 * program's {@code rtde_set_watchdog}. A program without the servo loop (the driver's stop
 * program) replaces it and stops the arm.
 */
final class RtdeEmulator implements AutoCloseable {
  private static final Pattern WATCHDOG =
      Pattern.compile("rtde_set_watchdog\\(\"input_int_register_24\", ([0-9.]+), \"stop\"\\)");
  private final ServerSocket rtdeServer;
  private final ServerSocket scriptServer;
  private final Thread acceptor;
  private final Thread scripts;
  private volatile boolean running = true;
  private volatile Socket client;
  // settings
  volatile int maxProtocol = 2;
  final Set<String> unknownOutputs = ConcurrentHashMap.newKeySet();
  final Set<String> inputsInUse = ConcurrentHashMap.newKeySet();
  volatile int safetyMode = 1;
  // what happened
  final List<Integer> protocolRequests = new CopyOnWriteArrayList<>();
  final List<String> programs = new CopyOnWriteArrayList<>();
  volatile double outputHz;
  volatile List<String> outputNames = List.of();
  volatile List<String> inputNames = List.of();
  volatile int stopPrograms;
  volatile int watchdogTrips;
  volatile long inputPackages;
  // the robot
  final double[] q = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  final double[] pose = {0.3, -0.1, 0.2, 3.14, 0, 0};
  private final Map<Integer, Double> doubles = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> ints = new ConcurrentHashMap<>();
  private volatile boolean programRunning;
  private volatile double watchdogHz;
  private volatile long lastInput;
  private volatile long heartbeat;

  RtdeEmulator() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    rtdeServer = new ServerSocket(0, 4, lo);
    scriptServer = new ServerSocket(0, 4, lo);
    acceptor = daemon(this::acceptRtde, "emulator-rtde");
    scripts = daemon(this::acceptScripts, "emulator-scripts");
  }

  int rtdePort() {
    return rtdeServer.getLocalPort();
  }

  int scriptPort() {
    return scriptServer.getLocalPort();
  }

  boolean programRunning() {
    return programRunning;
  }

  synchronized double[] pose() {
    return pose.clone();
  }

  /** Closes the RTDE connection from the controller's side, as a cable pulled mid-run. */
  void dropRtde() throws IOException {
    client.close();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void acceptRtde() {
    while (running) {
      try (Socket s = rtdeServer.accept()) {
        client = s;
        serve(s);
      } catch (IOException e) {
        // the client left, or the emulator closes
      }
    }
  }

  private void serve(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
    OutputStream out = s.getOutputStream();
    int version = 1;
    Thread streamer = null;
    while (true) {
      Rtde.Package p = Rtde.read(in);
      ByteBuffer b = p.buffer();
      switch (p.type()) {
        case Rtde.REQUEST_PROTOCOL_VERSION -> {
          int v = b.getShort() & 0xffff;
          protocolRequests.add(v);
          boolean ok = v <= maxProtocol;
          version = ok ? v : version;
          send(out, Rtde.REQUEST_PROTOCOL_VERSION, new byte[] {(byte) (ok ? 1 : 0)});
        }
        case Rtde.GET_URCONTROL_VERSION -> send(out, p.type(),
            ByteBuffer.allocate(16).putInt(5).putInt(11).putInt(1).putInt(108).array());
        case Rtde.CONTROL_PACKAGE_SETUP_OUTPUTS -> {
          outputHz = b.getDouble();
          outputNames = List.of(text(b).split(","));
          send(out, p.type(), recipeReply(1, outputNames, true));
        }
        case Rtde.CONTROL_PACKAGE_SETUP_INPUTS -> {
          inputNames = List.of(text(b).split(","));
          send(out, p.type(), recipeReply(2, inputNames, false));
        }
        case Rtde.CONTROL_PACKAGE_START -> {
          send(out, p.type(), new byte[] {1});
          streamer = daemon(() -> stream(out), "emulator-stream");
        }
        case Rtde.CONTROL_PACKAGE_PAUSE -> send(out, p.type(), new byte[] {1});
        case Rtde.DATA_PACKAGE -> onInput(b);
        default -> throw new IOException("unexpected package " + p.type());
      }
    }
  }

  private static String text(ByteBuffer b) {
    byte[] t = new byte[b.remaining()];
    b.get(t);
    return new String(t, StandardCharsets.UTF_8);
  }

  private byte[] recipeReply(int id, List<String> names, boolean output) {
    List<String> types = new ArrayList<>();
    for (String n : names) {
      types.add(output ? outputType(n) : inputsInUse.contains(n) ? "IN_USE" : inputType(n));
    }
    byte[] t = String.join(",", types).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + t.length).put((byte) id).put(t).array();
  }

  private String outputType(String n) {
    if (unknownOutputs.contains(n)) {
      return "NOT_FOUND";
    }
    return switch (n) {
      case "timestamp", "speed_scaling" -> "DOUBLE";
      case "actual_q", "actual_TCP_pose", "target_q" -> "VECTOR6D";
      case "runtime_state" -> "UINT32";
      case "robot_mode", "safety_mode" -> "INT32";
      default -> n.matches("output_int_register_([0-9]|[1-3][0-9]|4[0-7])") ? "INT32" : "NOT_FOUND";
    };
  }

  private static String inputType(String n) {
    if (n.matches("input_int_register_([0-9]|[1-3][0-9]|4[0-7])")) {
      return "INT32";
    }
    return n.matches("input_double_register_([0-9]|[1-3][0-9]|4[0-7])") ? "DOUBLE" : "NOT_FOUND";
  }

  private void onInput(ByteBuffer b) {
    int id = b.get();
    if (id != 2) {
      return;
    }
    for (String n : inputNames) {
      int reg = Integer.parseInt(n.substring(n.lastIndexOf('_') + 1));
      if (n.startsWith("input_int")) {
        ints.put(reg, b.getInt());
      } else {
        doubles.put(reg, b.getDouble());
      }
    }
    lastInput = System.nanoTime();
    inputPackages++;
  }

  /** The output stream and the robot's control cycle, at the requested output rate. */
  private void stream(OutputStream out) {
    long period = Math.round(1e9 / outputHz);
    long next = System.nanoTime();
    double t = 0;
    try {
      while (running && !client.isClosed()) {
        cycle();
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 48 + 48 + 4 + 4 + 4 + 4);
        b.put((byte) 1);
        synchronized (this) {
          for (String n : outputNames) {
            switch (n) {
              case "timestamp" -> b.putDouble(t);
              case "actual_q" -> put(b, q);
              case "actual_TCP_pose" -> put(b, pose);
              case "runtime_state" -> b.putInt(programRunning ? 2 : 1);
              case "robot_mode" -> b.putInt(7);
              case "safety_mode" -> b.putInt(safetyMode);
              default -> b.putInt((int) heartbeat);
            }
          }
        }
        send(out, Rtde.DATA_PACKAGE, java.util.Arrays.copyOf(b.array(), b.position()));
        t += period / 1e9;
        next += period;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
    } catch (IOException | InterruptedException e) {
      // the connection is gone
    }
  }

  private static void put(ByteBuffer b, double[] v) {
    for (double x : v) {
      b.putDouble(x);
    }
  }

  private synchronized void cycle() {
    if (!programRunning) {
      return;
    }
    if (watchdogHz > 0 && System.nanoTime() - lastInput > 1e9 / watchdogHz) {
      programRunning = false; // rtde_set_watchdog(..., "stop")
      watchdogTrips++;
      return;
    }
    heartbeat++;
    int mode = ints.getOrDefault(25, 0);
    double[] target = new double[6];
    for (int i = 0; i < 6; i++) {
      target[i] = doubles.getOrDefault(24 + i, 0.0);
    }
    if (mode == UrScript.MODE_JOINTS) {
      System.arraycopy(target, 0, q, 0, 6);
    } else if (mode == UrScript.MODE_POSE) {
      System.arraycopy(target, 0, pose, 0, 6);
    } else if (mode == UrScript.MODE_STOP) {
      programRunning = false;
    }
  }

  private void acceptScripts() {
    while (running) {
      try (Socket s = scriptServer.accept()) {
        String program = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        programs.add(program);
        synchronized (this) {
          if (program.contains("def vlarl_servo():")) {
            Matcher m = WATCHDOG.matcher(program);
            watchdogHz = m.find() ? Double.parseDouble(m.group(1)) : 0;
            lastInput = System.nanoTime();
            programRunning = true;
            sendMessage("vlarl servo program started");
          } else {
            programRunning = false; // a new program replaces the servo program
            if (program.contains("stopj(")) {
              stopPrograms++;
            }
          }
        }
      } catch (IOException e) {
        // next
      }
    }
  }

  private void sendMessage(String text) {
    Socket c = client;
    if (c == null) {
      return;
    }
    byte[] msg = text.getBytes(StandardCharsets.UTF_8);
    byte[] src = "URControl".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(3 + msg.length + src.length);
    b.put((byte) msg.length).put(msg).put((byte) src.length).put(src).put((byte) 3);
    try {
      send(c.getOutputStream(), Rtde.TEXT_MESSAGE, b.array());
    } catch (IOException e) {
      // no client
    }
  }

  private static void send(OutputStream out, int type, byte[] payload) throws IOException {
    synchronized (out) {
      out.write(Rtde.encode(type, payload));
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    rtdeServer.close();
    scriptServer.close();
    Socket c = client;
    if (c != null) {
      c.close();
    }
  }
}
