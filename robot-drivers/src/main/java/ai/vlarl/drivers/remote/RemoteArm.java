package ai.vlarl.drivers.remote;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.ArmInfo;
import ai.vlarl.drivers.ArmState;
import ai.vlarl.drivers.Clock;
import ai.vlarl.drivers.DriverContext;
import ai.vlarl.drivers.GripperState;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.RobotArm;
import ai.vlarl.drivers.net.CurveKeys;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The {@code remote} driver: an arm served by another process over ZeroMQ (the protocol of
 * {@code robot-drivers/python/vlarl_remote_arm}, documented in {@code robot-drivers/README.md}):
 * JSON requests on a REQ socket, one {@code servo} per control period, its reply carrying the
 * measured state. {@link #stop()} uses a second socket of its own, so it never waits behind a
 * hung servo request; the server latches the stop and has its own watchdog.
 *
 * <p>Off loopback the connection must use CURVE; without keys the driver refuses to connect.
 */
public final class RemoteArm implements RobotArm {
  private static final Gson GSON = new Gson();
  private final RemoteArmConfig cfg;
  private final DriverContext ctx;
  private final Clock clock;
  private final CurveKeys keys;
  private final ReentrantLock controlLock = new ReentrantLock();
  private final Object stopLock = new Object();
  private ZContext zmq;
  private ZMQ.Socket control;
  private ZMQ.Socket stopSocket;
  private ArmInfo info;
  private volatile ArmState state;
  private long seq;

  public RemoteArm(RemoteArmConfig cfg, DriverContext ctx) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.clock = ctx.clock();
    this.keys = CurveKeys.of("driver", cfg.server_public_key(), cfg.client_public_key(),
        cfg.client_secret_key());
    CurveKeys.requireFor("driver (remote arm)", cfg.endpoint(), keys);
  }

  @Override
  public ArmInfo connect() {
    zmq = new ZContext();
    control = socket();
    stopSocket = socket();
    JsonObject req = new JsonObject();
    req.addProperty("op", "hello");
    req.addProperty("protocol", 1);
    req.addProperty("period_s", ctx.periodSeconds());
    req.addProperty("dry_run", ctx.dryRun());
    control.setReceiveTimeOut(cfg.connect_timeout_ms()); // connection and CURVE handshake
    JsonObject rep;
    try {
      rep = request(control, req, "hello", cfg.connect_timeout_ms());
    } finally {
      control.setReceiveTimeOut(cfg.timeout_ms());
    }
    int dof = rep.get("dof").getAsInt();
    info = new ArmInfo(rep.get("name").getAsString() + " at " + cfg.endpoint(), dof,
        doubles(rep.getAsJsonArray("joint_lower")), doubles(rep.getAsJsonArray("joint_upper")));
    state = parseState(rep.getAsJsonObject("state"));
    return info;
  }

  private ZMQ.Socket socket() {
    ZMQ.Socket s = zmq.createSocket(SocketType.REQ);
    if (keys != null) {
      keys.applyTo(s);
    }
    s.setLinger(0);
    s.setReqRelaxed(true);
    s.setReqCorrelate(true);
    s.setReceiveTimeOut(cfg.timeout_ms());
    s.setSendTimeOut(cfg.timeout_ms());
    // JeroMQ 0.6 sometimes leaves a fresh TCP connection without a ZMTP handshake (the connecting
    // side never sends its greeting; zeromq/jeromq#1022, more often under CPU load). A short
    // handshake interval tears such a connection down and reconnects instead of waiting 30 s.
    s.setHandshakeIvl(2000);
    s.connect(cfg.endpoint());
    return s;
  }

  @Override
  public ArmInfo info() {
    return info;
  }

  @Override
  public ArmState state() {
    ArmState s = state;
    long stale = Math.round(2 * ctx.periodSeconds() * 1e9);
    if (s != null && clock.nanos() - s.timestampNanos() <= stale) {
      return s;
    }
    if (controlLock.tryLock()) { // idle: ask; busy: a servo reply is on its way
      try {
        JsonObject req = new JsonObject();
        req.addProperty("op", "state");
        state = parseState(request(control, req, "state").getAsJsonObject("state"));
      } finally {
        controlLock.unlock();
      }
    }
    return state;
  }

  @Override
  public void command(ArmCommand command) {
    JsonObject req = new JsonObject();
    req.addProperty("op", "servo");
    req.addProperty("seq", ++seq);
    if (command instanceof ArmCommand.PoseTarget p) {
      req.add("pose", GSON.toJsonTree(p.pose().toArray()));
    } else if (command instanceof ArmCommand.JointTarget j) {
      req.add("q", GSON.toJsonTree(j.q()));
    } else {
      throw new ArmException("the remote driver takes absolute targets (the shield sends them), got " + command);
    }
    req.addProperty("gripper", command.gripper());
    controlLock.lock();
    try {
      state = parseState(request(control, req, "servo").getAsJsonObject("state"));
    } finally {
      controlLock.unlock();
    }
  }

  @Override
  public void stop() {
    synchronized (stopLock) {
      if (stopSocket == null) {
        return;
      }
      JsonObject req = new JsonObject();
      req.addProperty("op", "stop");
      try {
        request(stopSocket, req, "stop");
      } catch (ArmException e) {
        // the server's own watchdog stops the arm when it hears nothing; report on the console
        System.err.println("remote arm: " + e.getMessage() + "; relying on the server's watchdog");
      }
    }
  }

  @Override
  public void resume() {
    JsonObject req = new JsonObject();
    req.addProperty("op", "resume");
    controlLock.lock();
    try {
      request(control, req, "resume");
    } finally {
      controlLock.unlock();
    }
  }

  @Override
  public void close() {
    if (zmq == null) {
      return;
    }
    stop();
    JsonObject bye = new JsonObject();
    bye.addProperty("op", "bye");
    try {
      request(stopSocket, bye, "bye");
    } catch (ArmException e) {
      // closing anyway
    }
    synchronized (stopLock) {
      stopSocket = null;
      zmq.close();
      zmq = null;
    }
  }

  private JsonObject request(ZMQ.Socket s, JsonObject req, String op) {
    return request(s, req, op, cfg.timeout_ms());
  }

  private JsonObject request(ZMQ.Socket s, JsonObject req, String op, int timeoutMs) {
    if (!s.send(req.toString().getBytes(StandardCharsets.UTF_8))) {
      throw new ArmException("remote arm at " + cfg.endpoint() + ": cannot send '" + op + "' within "
          + timeoutMs + " ms (is the arm server running?)");
    }
    byte[] raw = s.recv();
    if (raw == null) {
      throw new ArmException("remote arm at " + cfg.endpoint() + ": no reply to '" + op + "' within "
          + timeoutMs + " ms (server down, network lost, or CURVE keys refused)");
    }
    JsonObject rep;
    try {
      rep = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new ArmException("remote arm at " + cfg.endpoint() + ": '" + op + "' reply is not a JSON object");
    }
    if (!rep.has("ok") || !rep.get("ok").getAsBoolean()) {
      throw new ArmException("remote arm at " + cfg.endpoint() + " refused '" + op + "': "
          + (rep.has("error") ? rep.get("error").getAsString() : rep.toString()));
    }
    return rep;
  }

  private ArmState parseState(JsonObject s) {
    double[] pose = doubles(s.getAsJsonArray("pose"));
    return new ArmState(clock.nanos(), doubles(s.getAsJsonArray("q")), Pose.of(pose),
        new GripperState(s.get("gripper").getAsDouble(), s.has("holding") && s.get("holding").getAsBoolean()));
  }

  private static double[] doubles(JsonArray a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }
}
