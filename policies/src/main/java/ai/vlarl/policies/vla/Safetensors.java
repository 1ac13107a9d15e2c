package ai.vlarl.policies.vla;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader and writer of the safetensors format (Hugging Face): an 8-byte little-endian unsigned
 * header length N, N bytes of UTF-8 JSON, then the tensor bytes. The JSON maps each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets into the bytes after the
 * header) and may hold {@code "__metadata__"}, a map of strings. Tensors are little-endian and
 * row-major. This implementation reads F32, F16, BF16 and F64 (converted to float32) and I64,
 * I32, U8 (kept as raw bytes), and writes F32, I32 and U8.
 *
 * <p>Reading is strict: a header that is not valid JSON, an unknown dtype, offsets that do not
 * match the shape or fall outside the data, or overlapping tensors are errors naming the tensor.
 */
public final class Safetensors {
  /** Largest header accepted (the format's own reference limit is 100 MB). */
  static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /** One tensor: dtype name, shape and its little-endian bytes. */
  public record Tensor(String dtype, long[] shape, ByteBuffer data) {
    /** Number of elements. */
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    /** The values as float32 (F32, F16, BF16 and F64 tensors). */
    public float[] toFloats() {
      int n = Math.toIntExact(numel());
      float[] out = new float[n];
      ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      switch (dtype) {
        case "F32" -> b.asFloatBuffer().get(out);
        case "F64" -> {
          for (int i = 0; i < n; i++) {
            out[i] = (float) b.getDouble(8 * i);
          }
        }
        case "BF16" -> {
          for (int i = 0; i < n; i++) {
            out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
          }
        }
        case "F16" -> {
          for (int i = 0; i < n; i++) {
            out[i] = halfToFloat(b.getShort(2 * i));
          }
        }
        default -> throw new IllegalStateException("tensor of dtype " + dtype + " is not floating point");
      }
      return out;
    }

    /** The values of an I32 tensor. */
    public int[] toInts() {
      if (!dtype.equals("I32")) {
        throw new IllegalStateException("tensor of dtype " + dtype + " is not I32");
      }
      int[] out = new int[Math.toIntExact(numel())];
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
      return out;
    }

    /** The raw bytes (e.g. of a U8 tensor). */
    public byte[] toBytes() {
      byte[] out = new byte[data.remaining()];
      data.duplicate().get(out);
      return out;
    }

    @Override
    public String toString() {
      return dtype + Arrays.toString(shape);
    }
  }

  /** A file's metadata and tensors, in header order. */
  public record Contents(Map<String, String> metadata, Map<String, Tensor> tensors) {}

  /** Reads a whole file. */
  public static Contents read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw e instanceof SafetensorsException ? e : new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads one safetensors document from {@code in}, consuming exactly its header and the bytes
   * the tensors occupy.
   *
   * @param source names the stream in errors (e.g. the file path)
   */
  public static Contents read(InputStream in, String source) throws IOException {
    DataInputStream din = new DataInputStream(in);
    byte[] len = new byte[8];
    try {
      din.readFully(len);
    } catch (EOFException e) {
      throw new SafetensorsException(source + ": not a safetensors file (shorter than 8 bytes)");
    }
    long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER) {
      throw new SafetensorsException(
          source + ": not a safetensors file (header length " + Long.toUnsignedString(n) + ")");
    }
    byte[] header = new byte[(int) n];
    try {
      din.readFully(header);
    } catch (EOFException e) {
      throw new SafetensorsException(source + ": truncated header (" + n + " bytes announced)");
    }
    JsonObject root;
    try {
      JsonElement e = JsonParser.parseString(new String(header, StandardCharsets.UTF_8).strip());
      if (!e.isJsonObject()) {
        throw new SafetensorsException(source + ": header is not a JSON object");
      }
      root = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new SafetensorsException(source + ": header is not valid JSON: " + e.getMessage());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : root.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        metadata.putAll(metadata(source, e.getValue()));
      } else {
        entries.add(entry(source, e.getKey(), e.getValue()));
      }
    }
    long end = 0;
    for (Entry e : entries) {
      end = Math.max(end, e.end);
    }
    if (end > Integer.MAX_VALUE - 16) {
      throw new SafetensorsException(source + ": tensor data of " + end + " bytes is too large");
    }
    byte[] data = new byte[(int) end];
    try {
      din.readFully(data);
    } catch (EOFException e) {
      throw new SafetensorsException(
          source + ": truncated data (tensors need " + end + " bytes after the header)");
    }
    checkOverlaps(source, entries);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    ByteBuffer all = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry e : entries) {
      ByteBuffer slice = all.duplicate().position((int) e.begin).limit((int) e.end).slice()
          .order(ByteOrder.LITTLE_ENDIAN);
      tensors.put(e.name, new Tensor(e.dtype, e.shape, slice));
    }
    return new Contents(Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors));
  }

  private record Entry(String name, String dtype, long[] shape, long begin, long end) {}

  private static Map<String, String> metadata(String source, JsonElement v) throws IOException {
    if (!v.isJsonObject()) {
      throw new SafetensorsException(source + ": __metadata__ is not an object of strings");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
      if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
        throw new SafetensorsException(
            source + ": __metadata__ value of '" + e.getKey() + "' is not a string");
      }
      m.put(e.getKey(), e.getValue().getAsString());
    }
    return m;
  }

  private static Entry entry(String source, String name, JsonElement v) throws IOException {
    String where = source + ": tensor '" + name + "'";
    try {
      JsonObject o = v.getAsJsonObject();
      String dtype = o.get("dtype").getAsString();
      int size = dtypeSize(dtype);
      if (size == 0) {
        throw new SafetensorsException(where + " has unsupported dtype " + dtype);
      }
      JsonArray s = o.getAsJsonArray("shape");
      long[] shape = new long[s.size()];
      long numel = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = s.get(i).getAsLong();
        if (shape[i] < 0) {
          throw new SafetensorsException(where + " has a negative dimension in its shape");
        }
        numel = Math.multiplyExact(numel, shape[i]);
      }
      JsonArray off = o.getAsJsonArray("data_offsets");
      long begin = off.get(0).getAsLong();
      long end = off.get(1).getAsLong();
      if (off.size() != 2 || begin < 0 || end < begin) {
        throw new SafetensorsException(where + " has invalid data_offsets " + off);
      }
      if (end - begin != numel * size) {
        throw new SafetensorsException(
            where + " occupies " + (end - begin) + " bytes but " + dtype + Arrays.toString(shape)
                + " needs " + numel * size);
      }
      return new Entry(name, dtype, shape, begin, end);
    } catch (SafetensorsException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SafetensorsException(where + " has a malformed header entry: " + v);
    }
  }

  private static void checkOverlaps(String source, List<Entry> entries) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Long.compare(a.begin, b.begin));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).begin < sorted.get(i - 1).end) {
        throw new SafetensorsException(
            source + ": tensors '" + sorted.get(i - 1).name + "' and '" + sorted.get(i).name
                + "' overlap");
      }
    }
  }

  /** Bytes per element of a dtype, 0 if unsupported. */
  static int dtypeSize(String dtype) {
    return switch (dtype) {
      case "F64", "I64" -> 8;
      case "F32", "I32" -> 4;
      case "F16", "BF16" -> 2;
      case "U8" -> 1;
      default -> 0;
    };
  }

  /** A float32 tensor to write. */
  public record F32(long[] shape, float[] values) {
    public F32 {
      if (numel(shape) != values.length) {
        throw new IllegalArgumentException(
            values.length + " values do not fill shape " + Arrays.toString(shape));
      }
    }
  }

  /** A float32 tensor of {@code values}. */
  public static Tensor f32(float[] values, long... shape) {
    check(values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new Tensor("F32", shape, b);
  }

  /** An int32 tensor of {@code values}. */
  public static Tensor i32(int[] values, long... shape) {
    check(values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new Tensor("I32", shape, b);
  }

  /** A uint8 tensor of {@code values} (not copied). */
  public static Tensor u8(byte[] values, long... shape) {
    check(values.length, shape);
    return new Tensor("U8", shape, ByteBuffer.wrap(values));
  }

  private static void check(int n, long[] shape) {
    if (numel(shape) != n) {
      throw new IllegalArgumentException(n + " values do not fill shape " + Arrays.toString(shape));
    }
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Writes float32 tensors in the given order with {@code metadata}. The output is deterministic:
   * keys in order, no whitespace, the header padded with spaces to a multiple of 8 bytes.
   */
  public static void write(OutputStream out, Map<String, String> metadata, Map<String, F32> tensors)
      throws IOException {
    Map<String, Tensor> t = new LinkedHashMap<>();
    tensors.forEach((k, v) -> t.put(k, f32(v.values(), v.shape())));
    writeTensors(out, metadata, t);
  }

  /** As {@link #write}, for tensors of any supported dtype (their bytes little-endian). */
  public static void writeTensors(
      OutputStream out, Map<String, String> metadata, Map<String, Tensor> tensors)
      throws IOException {
    JsonObject root = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject md = new JsonObject();
      metadata.forEach(md::addProperty);
      root.add("__metadata__", md);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      if (dtypeSize(t.dtype()) == 0 || t.data().remaining() != t.numel() * dtypeSize(t.dtype())) {
        throw new IllegalArgumentException("tensor '" + e.getKey() + "' " + t + " is inconsistent");
      }
      JsonObject o = new JsonObject();
      o.addProperty("dtype", t.dtype());
      JsonArray shape = new JsonArray();
      for (long d : t.shape()) {
        shape.add(d);
      }
      o.add("shape", shape);
      JsonArray off = new JsonArray();
      long bytes = t.data().remaining();
      off.add(offset);
      off.add(offset + bytes);
      o.add("data_offsets", off);
      root.add(e.getKey(), o);
      offset += bytes;
    }
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(json, padded);
    Arrays.fill(header, json.length, padded, (byte) ' ');
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    out.write(len.array());
    out.write(header);
    byte[] chunk = new byte[1 << 16];
    for (Tensor t : tensors.values()) {
      ByteBuffer d = t.data().duplicate();
      while (d.hasRemaining()) {
        int count = Math.min(chunk.length, d.remaining());
        d.get(chunk, 0, count);
        out.write(chunk, 0, count);
      }
    }
    out.flush();
  }

  /** IEEE 754 half precision to float. */
  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal (or zero)
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** A malformed safetensors document. */
  public static final class SafetensorsException extends IOException {
    public SafetensorsException(String message) {
      super(message);
    }
  }
}
