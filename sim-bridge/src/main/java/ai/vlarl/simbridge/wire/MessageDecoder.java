package ai.vlarl.simbridge.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Decodes the frames of a message (frame 0 the msgpack header, then the array frames it
 * references) into plain Java values: null, Boolean, Long, Double, String, byte[], List, Map with
 * String keys, and {@link WireArray} for msgpack-numpy maps.
 *
 * <p>Everything that is not a valid message is refused with a {@link WireException} naming the
 * problem: undecodable or trailing bytes, extension types, maps with non-string keys, object or
 * structured arrays (never unpickled), bad dtypes, data that does not fill its shape, frame
 * references out of range or used twice, unreferenced frames, and messages over the size limit.
 */
public final class MessageDecoder {
  /** Deepest nesting of maps and lists accepted. */
  public static final int MAX_DEPTH = 32;
  /** Most frames in one message. */
  public static final int MAX_FRAMES = 64;

  private final List<ByteBuffer> frames;
  private final boolean[] used;
  private MessageUnpacker in;

  private MessageDecoder(List<ByteBuffer> frames) {
    this.frames = frames;
    this.used = new boolean[frames.size()];
  }

  /**
   * Decodes a message whose header must be a map.
   *
   * @param maxBytes the largest message (all frames together) accepted
   */
  public static Map<String, Object> decode(List<ByteBuffer> frames, long maxBytes) {
    if (frames.isEmpty()) {
      throw new WireException(ErrorCode.BAD_MESSAGE, "empty message (no header frame)");
    }
    if (frames.size() > MAX_FRAMES) {
      throw new WireException(ErrorCode.BAD_MESSAGE, "message of " + frames.size() + " frames; at most " + MAX_FRAMES);
    }
    long size = MessageEncoder.size(frames);
    if (size > maxBytes) {
      throw new WireException(ErrorCode.TOO_LARGE,
          "message of " + size + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    MessageDecoder d = new MessageDecoder(frames);
    Object header = d.decodeHeader();
    if (!(header instanceof Map<?, ?>)) {
      throw new WireException(ErrorCode.BAD_MESSAGE, "the header frame is not a msgpack map");
    }
    for (int i = 1; i < frames.size(); i++) {
      if (!d.used[i]) {
        throw new WireException(ErrorCode.BAD_MESSAGE, "frame " + i + " is not referenced by the header");
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) header;
    return m;
  }

  /** Decodes one msgpack value (arrays inline only), e.g. a golden file. */
  public static Object decodeValue(byte[] bytes) {
    MessageDecoder d = new MessageDecoder(List.of(ByteBuffer.wrap(bytes)));
    return d.decodeHeader();
  }

  private Object decodeHeader() {
    try (MessageUnpacker u = unpacker(frames.get(0))) {
      in = u;
      Object v = value(0, Where.MESSAGE);
      if (u.hasNext()) {
        throw new WireException(ErrorCode.BAD_MESSAGE, "trailing bytes after the header's msgpack value");
      }
      return v;
    } catch (MessageIntegerOverflowException e) {
      throw new WireException(ErrorCode.BAD_MESSAGE, "an integer does not fit a signed 64-bit value");
    } catch (MessagePackException | IOException e) {
      throw new WireException(ErrorCode.BAD_MESSAGE, "undecodable msgpack header: " + e.getMessage());
    }
  }

  /**
   * An unpacker over heap bytes only. msgpack-core reads a direct buffer through {@code
   * sun.nio.ch.DirectBuffer}, which JDK 17 does not export to it (an IllegalAccessError unless the
   * JVM runs with {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}); JeroMQ can hand a received
   * frame over in a direct buffer (seen with headers of tens of KiB holding inline rgb images), so a
   * direct header is copied to the heap first: one copy of the header, at most a few inline arrays
   * under the inline limit; the array frames are never copied here.
   */
  private static MessageUnpacker unpacker(ByteBuffer header) {
    ByteBuffer h = header.duplicate();
    if (h.hasArray()) {
      return MessagePack.newDefaultUnpacker(h.array(), h.arrayOffset() + h.position(), h.remaining());
    }
    byte[] copy = new byte[h.remaining()];
    h.get(copy);
    return MessagePack.newDefaultUnpacker(copy);
  }

  private Object value(int depth, Where where) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new WireException(ErrorCode.BAD_MESSAGE, where + ": nested deeper than " + MAX_DEPTH);
    }
    if (!in.hasNext()) {
      throw new WireException(ErrorCode.BAD_MESSAGE, where + ": the header ends early");
    }
    MessageFormat f = in.getNextFormat();
    switch (f.getValueType()) {
      case NIL:
        in.unpackNil();
        return null;
      case BOOLEAN:
        return in.unpackBoolean();
      case INTEGER:
        return in.unpackLong();
      case FLOAT:
        return in.unpackDouble();
      case STRING:
        return string(where);
      case BINARY:
        return in.readPayload(checkedLength(in.unpackBinaryHeader(), where));
      case ARRAY: {
        int n = checkedLength(in.unpackArrayHeader(), where);
        List<Object> l = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          l.add(value(depth + 1, where.at(i)));
        }
        return l;
      }
      case MAP:
        return map(depth, where);
      default:
        throw new WireException(ErrorCode.BAD_MESSAGE, where + ": msgpack " + f.getValueType()
            + " values are not part of the protocol");
    }
  }

  private int checkedLength(int n, Where where) {
    if (n < 0 || n > frames.get(0).remaining()) {
      throw new WireException(ErrorCode.BAD_MESSAGE, where + ": length " + n + " exceeds the header");
    }
    return n;
  }

  /**
   * A msgpack string, decoded as UTF-8 with malformed bytes replaced (as msgpack-core's own {@code
   * unpackString} does, but without its per-call decoder buffers: a step reply holds a string per
   * sub-env and a key per field).
   */
  private String string(Where where) throws IOException {
    int n = checkedLength(in.unpackRawStringHeader(), where);
    return new String(in.readPayload(n), StandardCharsets.UTF_8);
  }

  private Object map(int depth, Where where) throws IOException {
    int n = checkedLength(in.unpackMapHeader(), where);
    Map<String, Object> m = new LinkedHashMap<>();
    boolean binaryKeys = false;
    for (int i = 0; i < n; i++) {
      MessageFormat kf = in.getNextFormat();
      String key;
      switch (kf.getValueType()) {
        case STRING -> key = string(where);
        case BINARY -> {
          key = new String(in.readPayload(checkedLength(in.unpackBinaryHeader(), where)), StandardCharsets.UTF_8);
          binaryKeys = true;
        }
        default -> throw new WireException(ErrorCode.BAD_MESSAGE,
            where + ": map keys must be strings, got " + kf.getValueType());
      }
      m.put(key, value(depth + 1, where.key(key)));
    }
    if (binaryKeys && m.containsKey("nd")) {
      return ndArray(m, where);
    }
    return m;
  }

  /** A msgpack-numpy map: an array ({@code nd: true}) or a numpy scalar ({@code nd: false}). */
  private Object ndArray(Map<String, Object> m, Where where) {
    Object kind = m.get("kind");
    String kindStr = kind instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII)
        : kind instanceof String s ? s : "";
    if (kindStr.equals("O")) {
      throw new WireException(ErrorCode.OBJECT_ARRAY,
          where + ": object arrays are pickles and are refused; send numeric arrays");
    }
    if (kindStr.equals("V") || m.get("type") instanceof List) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": structured arrays are not supported");
    }
    if (!kindStr.isEmpty()) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": unknown array kind '" + kindStr + "'");
    }
    String type = m.get("type") instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII)
        : m.get("type") instanceof String s ? s : null;
    NumpyDtype dtype = NumpyDtype.parse(type, where);
    if (Boolean.FALSE.equals(m.get("nd"))) {
      return scalar(dtype, m.get("data"), where);
    }
    if (!Boolean.TRUE.equals(m.get("nd"))) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": 'nd' must be true or false");
    }
    int[] shape = shape(m.get("shape"), where);
    ByteBuffer data;
    if (m.get("data") instanceof byte[] b) {
      data = ByteBuffer.wrap(b);
    } else if (m.get("frame") instanceof Long k) {
      if (k < 1 || k >= frames.size()) {
        throw new WireException(ErrorCode.BAD_MESSAGE, where + ": frame " + k + " does not exist (message has "
            + (frames.size() - 1) + " array frames)");
      }
      if (used[k.intValue()]) {
        throw new WireException(ErrorCode.BAD_MESSAGE, where + ": frame " + k + " is referenced twice");
      }
      used[k.intValue()] = true;
      data = frames.get(k.intValue()).duplicate();
    } else {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": array has neither binary 'data' nor a 'frame' index");
    }
    try {
      return new WireArray(dtype, shape, data);
    } catch (WireException e) {
      throw new WireException(e.code(), where + ": " + e.getMessage());
    }
  }

  /**
   * Where a value sits in the message, for error messages ({@code message.body.obs.image}, {@code
   * message.body.instructions[3]}): built only when an error names it, since a step reply has
   * hundreds of values.
   */
  private static final class Where {
    static final Where MESSAGE = new Where(null, "message", -1);
    private final Where parent;
    private final String key;
    private final int index;

    private Where(Where parent, String key, int index) {
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    Where key(String k) {
      return new Where(this, k, -1);
    }

    Where at(int i) {
      return new Where(this, null, i);
    }

    @Override
    public String toString() {
      if (parent == null) {
        return key;
      }
      return parent + (key != null ? "." + key : "[" + index + "]");
    }
  }

  private static int[] shape(Object s, Where where) {
    if (!(s instanceof List<?> l)) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": 'shape' must be a list of integers");
    }
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new WireException(ErrorCode.BAD_ARRAY, where + ": shape " + l + " is not a list of non-negative integers");
      }
      out[i] = d.intValue();
    }
    return out;
  }

  private static Object scalar(NumpyDtype dtype, Object data, Where where) {
    if (!(data instanceof byte[] b) || b.length != dtype.bytes()) {
      throw new WireException(ErrorCode.BAD_ARRAY, where + ": numpy scalar data does not hold one " + dtype.str());
    }
    WireArray a = new WireArray(dtype, new int[0], ByteBuffer.wrap(b));
    String at = where.toString();
    return switch (dtype) {
      case BOOL -> a.toBooleans(at)[0];
      case FLOAT32, FLOAT64 -> a.toDoubles(at)[0];
      default -> a.toLongs(at)[0];
    };
  }
}
