package ai.vlarl.drivers.ur;

import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.Clock;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An RTDE client (protocol version 2) written from Universal Robots' public RTDE guide: version
 * negotiation, controller version, output and input recipes, start/pause, and data packages both
 * ways. A reader thread keeps the newest output package and hands control replies to the request
 * that waits for them; text messages from the controller are kept for error reports. When the
 * connection drops, {@link #failure()} says so and every later call throws {@link ArmException}.
 */
public final class RtdeClient implements AutoCloseable {
  private static final Rtde.Package CLOSED = new Rtde.Package(-1, new byte[0]);
  private final String host;
  private final int port;
  private final int timeoutMs;
  private final Clock clock;
  private final BlockingQueue<Rtde.Package> replies = new LinkedBlockingQueue<>();
  private final List<String> messages = new ArrayList<>();
  private final Object requestLock = new Object();
  private Socket socket;
  private OutputStream out;
  private Thread reader;
  private volatile RtdeRecipe outputs;
  private volatile Map<String, double[]> latest;
  private volatile long latestNanos;
  private volatile long packages;
  private volatile String failure;
  private volatile String watched;
  private volatile double watchedValue = Double.NaN;
  private volatile long watchedChangedNanos;
  private volatile boolean closing;

  public RtdeClient(String host, int port, int timeoutMs, Clock clock) {
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  /** Where this client connects, {@code host:port}. */
  public String address() {
    return host + ":" + port;
  }

  /** Opens the TCP connection and starts the reader. */
  public void connect() {
    try {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), timeoutMs);
      out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      reader = new Thread(() -> read(in), "vlarl-rtde-reader");
      reader.setDaemon(true);
      reader.start();
    } catch (IOException e) {
      throw new ArmException("cannot reach the RTDE interface at " + address() + ": " + e.getMessage()
          + " (is the robot on, and is this its address?)", e);
    }
  }

  private void read(DataInputStream in) {
    try {
      while (true) {
        Rtde.Package p = Rtde.read(in);
        if (p.type() == Rtde.DATA_PACKAGE) {
          onData(p);
        } else if (p.type() == Rtde.TEXT_MESSAGE) {
          onMessage(p);
        } else {
          replies.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        failure = "RTDE connection to " + address() + " lost (" + (e.getMessage() == null
            ? e.getClass().getSimpleName() : e.getMessage()) + ")";
      }
      replies.add(CLOSED);
    }
  }

  private void onData(Rtde.Package p) {
    RtdeRecipe r = outputs;
    ByteBuffer b = p.buffer();
    int id = b.get() & 0xff;
    if (r == null || id != r.id()) {
      return; // a package for another recipe (or before setup): not ours
    }
    if (p.payload().length != r.payloadBytes()) {
      throw new IllegalStateException("a data package of " + p.payload().length + " bytes for recipe "
          + id + ", which takes " + r.payloadBytes());
    }
    Map<String, double[]> values = r.unpack(b);
    long now = clock.nanos();
    String w = watched;
    if (w != null && values.containsKey(w) && values.get(w)[0] != watchedValue) {
      watchedValue = values.get(w)[0];
      watchedChangedNanos = now;
    }
    latest = values;
    latestNanos = now;
    packages++;
  }

  private void onMessage(Rtde.Package p) {
    ByteBuffer b = p.buffer();
    String text;
    try {
      byte[] msg = new byte[b.get() & 0xff];
      b.get(msg);
      byte[] src = new byte[b.get() & 0xff];
      b.get(src);
      int level = b.get() & 0xff;
      text = (level < Rtde.LEVELS.length ? Rtde.LEVELS[level] : "level " + level) + " from "
          + new String(src, StandardCharsets.UTF_8) + ": " + new String(msg, StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      text = "unreadable text message of " + p.payload().length + " bytes";
    }
    synchronized (messages) {
      messages.add(text);
    }
  }

  /** Asks for protocol {@code version}; returns whether the controller accepted. */
  public boolean negotiate(int version) {
    byte[] v = ByteBuffer.allocate(2).putShort((short) version).array();
    return request(Rtde.REQUEST_PROTOCOL_VERSION, v).buffer().get() != 0;
  }

  /** The controller's version: major, minor, bugfix, build. */
  public long[] controllerVersion() {
    ByteBuffer b = request(Rtde.GET_URCONTROL_VERSION, new byte[0]).buffer();
    long[] v = new long[4];
    for (int i = 0; i < 4; i++) {
      v[i] = b.getInt() & 0xffffffffL;
    }
    return v;
  }

  /** Sets up the output recipe at {@code frequency} Hz; every name must be known. */
  public RtdeRecipe setupOutputs(double frequency, List<String> names) {
    ByteBuffer b = ByteBuffer.allocate(8).putDouble(frequency);
    byte[] list = String.join(",", names).getBytes(StandardCharsets.UTF_8);
    byte[] payload = Arrays.copyOf(b.array(), 8 + list.length);
    System.arraycopy(list, 0, payload, 8, list.length);
    RtdeRecipe r = recipe("output", names, request(Rtde.CONTROL_PACKAGE_SETUP_OUTPUTS, payload));
    outputs = r;
    return r;
  }

  /** Sets up an input recipe; every name must be known and not in use by another client. */
  public RtdeRecipe setupInputs(List<String> names) {
    return recipe("input", names, request(Rtde.CONTROL_PACKAGE_SETUP_INPUTS,
        String.join(",", names).getBytes(StandardCharsets.UTF_8)));
  }

  private RtdeRecipe recipe(String what, List<String> names, Rtde.Package reply) {
    ByteBuffer b = reply.buffer();
    int id = b.get() & 0xff;
    String[] typeNames = new String(reply.payload(), 1, reply.payload().length - 1,
        StandardCharsets.UTF_8).split(",", -1);
    if (typeNames.length != names.size()) {
      throw new ArmException("the controller at " + address() + " answered " + typeNames.length
          + " types for " + names.size() + " RTDE " + what + "s");
    }
    List<RtdeType> types = new ArrayList<>();
    for (int i = 0; i < typeNames.length; i++) {
      RtdeType t = RtdeType.parse(typeNames[i]);
      if (t == null) {
        String why = typeNames[i].equals("IN_USE")
            ? "is in use by another RTDE client or a fieldbus (only one writer per input)"
            : typeNames[i].equals("NOT_FOUND") ? "is not known to this controller (too old a software version?)"
            : "has unknown type " + typeNames[i];
        throw new ArmException("RTDE " + what + " '" + names.get(i) + "' " + why + " at " + address());
      }
      types.add(t);
    }
    if (what.equals("input") && id == 0) {
      throw new ArmException("the controller at " + address() + " refused the RTDE input recipe " + names);
    }
    return new RtdeRecipe(id, names, types);
  }

  /** Starts the synchronization loop (data packages flow). */
  public void start() {
    if (request(Rtde.CONTROL_PACKAGE_START, new byte[0]).buffer().get() == 0) {
      throw new ArmException("the controller at " + address() + " refused to start RTDE synchronization");
    }
  }

  /** Pauses the synchronization loop. */
  public void pause() {
    request(Rtde.CONTROL_PACKAGE_PAUSE, new byte[0]);
  }

  /** Sends one input data package. Thread-safe. */
  public void send(RtdeRecipe recipe, double[][] values) {
    write(Rtde.encode(Rtde.DATA_PACKAGE, recipe.pack(values)));
  }

  /** Tracks when output {@code field} last changed value ({@link #changedNanos()}). */
  public void watch(String field) {
    watched = field;
  }

  /** When the watched output field last changed value, on the client's clock (0: never). */
  public long changedNanos() {
    return watchedChangedNanos;
  }

  /** The newest output values (null before the first package). */
  public Map<String, double[]> latest() {
    return latest;
  }

  /** When the newest output package arrived, on the client's clock. */
  public long latestNanos() {
    return latestNanos;
  }

  /** Output packages received so far. */
  public long packages() {
    return packages;
  }

  /** Why the connection failed, or null while it is fine. */
  public String failure() {
    return failure;
  }

  /** The controller's text messages so far. */
  public List<String> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  private Rtde.Package request(int type, byte[] payload) {
    synchronized (requestLock) {
      write(Rtde.encode(type, payload));
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      try {
        while (true) {
          long left = deadline - System.nanoTime();
          Rtde.Package p = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : null;
          if (p == null) {
            throw new ArmException("the controller at " + address() + " did not answer RTDE request '"
                + (char) type + "' within " + timeoutMs + " ms");
          }
          if (p == CLOSED) {
            replies.add(CLOSED);
            throw new ArmException(failure != null ? failure : "RTDE connection to " + address() + " closed");
          }
          if (p.type() == type) {
            return p;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ArmException("interrupted while waiting for the controller at " + address());
      }
    }
  }

  private void write(byte[] bytes) {
    String f = failure;
    if (f != null) {
      throw new ArmException(f);
    }
    try {
      synchronized (this) {
        out.write(bytes);
        out.flush();
      }
    } catch (IOException e) {
      failure = "RTDE connection to " + address() + " lost (" + e.getMessage() + ")";
      throw new ArmException(failure, e);
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
  }
}
