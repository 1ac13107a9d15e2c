package ai.vlarl.simbridge.wire;

import ai.vlarl.framework.core.HostArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessagePack;

/**
 * Encodes a message (a map of plain values and arrays) into ZeroMQ frames: frame 0 is the msgpack
 * header; arrays of at least {@code inlineLimit} bytes travel as their own frames, referenced from
 * the header (PROTOCOL.md, "Arrays"). Smaller arrays are written exactly as msgpack-numpy writes
 * them (a map with binary keys {@code nd, type, kind, shape, data}).
 *
 * <p>Values: null, Boolean, Integer/Long/Short/Byte, Float/Double, String, byte[] (binary),
 * List, String[] (a list of strings), Map with String keys, {@link WireArray}, {@link HostArray},
 * and the primitive arrays long[], int[], float[], double[], boolean[] (one-dimensional arrays).
 */
public final class MessageEncoder {
  /** Arrays from this many bytes up travel as separate frames, by default. */
  public static final int DEFAULT_INLINE_LIMIT = 64 * 1024;
  /** Never use separate frames: the header alone is msgpack-numpy's encoding. */
  public static final int ALWAYS_INLINE = Integer.MAX_VALUE;

  private static final byte[] ND = "nd".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TYPE = "type".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KIND = "kind".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHAPE = "shape".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FRAME = "frame".getBytes(StandardCharsets.US_ASCII);

  private final int inlineLimit;
  private final HeaderOutput out = HeaderOutput.forThisThread();
  private final MessagePacker packer = MessagePack.newDefaultPacker(out);
  private final List<ByteBuffer> frames = new ArrayList<>();

  private MessageEncoder(int inlineLimit) {
    this.inlineLimit = inlineLimit;
  }

  /** The frames of {@code message}, frame 0 the header. */
  public static List<ByteBuffer> encode(Map<String, ?> message, int inlineLimit) {
    MessageEncoder e = new MessageEncoder(inlineLimit);
    e.frames.add(null);
    try {
      e.value(message, 0);
      e.packer.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    e.frames.set(0, ByteBuffer.wrap(e.out.toByteArray()));
    return e.frames;
  }

  /** The msgpack bytes of {@code value} with every array inline (msgpack-numpy's encoding). */
  public static byte[] encodeInline(Object value) {
    MessageEncoder e = new MessageEncoder(ALWAYS_INLINE);
    try {
      e.value(value, 0);
      e.packer.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return e.out.toByteArray();
  }

  /** Total bytes of some frames. */
  public static long size(List<ByteBuffer> frames) {
    long n = 0;
    for (ByteBuffer b : frames) {
      n += b.remaining();
    }
    return n;
  }

  private void value(Object v, int depth) throws IOException {
    if (depth > MessageDecoder.MAX_DEPTH) {
      throw new IllegalArgumentException("message nested deeper than " + MessageDecoder.MAX_DEPTH);
    }
    if (v == null) {
      packer.packNil();
    } else if (v instanceof Boolean b) {
      packer.packBoolean(b);
    } else if (v instanceof Double || v instanceof Float) {
      packer.packDouble(((Number) v).doubleValue());
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      packer.packLong(((Number) v).longValue());
    } else if (v instanceof String s) {
      packer.packString(s);
    } else if (v instanceof byte[] b) {
      packer.packBinaryHeader(b.length).writePayload(b);
    } else if (v instanceof Map<?, ?> m) {
      packer.packMapHeader(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException("message map keys must be strings, got " + e.getKey());
        }
        packer.packString(k);
        value(e.getValue(), depth + 1);
      }
    } else if (v instanceof List<?> l) {
      packer.packArrayHeader(l.size());
      for (Object o : l) {
        value(o, depth + 1);
      }
    } else if (v instanceof String[] l) {
      value(List.of(l), depth);
    } else {
      array(toArray(v));
    }
  }

  private static WireArray toArray(Object v) {
    if (v instanceof WireArray a) {
      return a;
    } else if (v instanceof HostArray h) {
      return WireArray.of(h);
    } else if (v instanceof long[] a) {
      return WireArray.ofLongs(a);
    } else if (v instanceof int[] a) {
      return WireArray.ofInts(a);
    } else if (v instanceof float[] a) {
      return WireArray.ofFloats(a);
    } else if (v instanceof double[] a) {
      return WireArray.ofDoubles(a);
    } else if (v instanceof boolean[] a) {
      return WireArray.ofBooleans(a);
    }
    throw new IllegalArgumentException("cannot encode a " + v.getClass().getName());
  }

  private void array(WireArray a) throws IOException {
    packer.packMapHeader(5);
    bin(ND);
    packer.packBoolean(true);
    bin(TYPE);
    packer.packString(a.dtype().str());
    bin(KIND);
    packer.packBinaryHeader(0);
    bin(SHAPE);
    packer.packArrayHeader(a.rank());
    for (int d : a.shape()) {
      packer.packLong(d);
    }
    if (a.byteSize() >= inlineLimit) {
      bin(FRAME);
      packer.packLong(frames.size());
      frames.add(a.data());
    } else {
      bin(DATA);
      ByteBuffer d = a.data();
      packer.packBinaryHeader(d.remaining());
      if (d.hasArray()) {
        packer.writePayload(d.array(), d.arrayOffset() + d.position(), d.remaining());
      } else {
        byte[] copy = new byte[d.remaining()];
        d.get(copy);
        packer.writePayload(copy);
      }
    }
  }

  private void bin(byte[] key) throws IOException {
    packer.packBinaryHeader(key.length).writePayload(key);
  }
}
