package ai.vlarl.drivers.ur;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configured RTDE recipe: the id the controller assigned and the field names with their types,
 * in order. A data package is {@code [recipe id: uint8][fields in order]}.
 */
public record RtdeRecipe(int id, List<String> names, List<RtdeType> types) {
  public RtdeRecipe {
    names = List.copyOf(names);
    types = List.copyOf(types);
    if (names.size() != types.size()) {
      throw new IllegalArgumentException(names.size() + " names, " + types.size() + " types");
    }
  }

  /** Payload bytes of a data package (recipe id included). */
  public int payloadBytes() {
    int n = 1;
    for (RtdeType t : types) {
      n += t.bytes();
    }
    return n;
  }

  /** Encodes a data package payload from one value array per field, in recipe order. */
  public byte[] pack(double[][] values) {
    if (values.length != names.size()) {
      throw new IllegalArgumentException("recipe " + id + " has " + names.size() + " fields, got " + values.length);
    }
    ByteBuffer b = ByteBuffer.allocate(payloadBytes());
    b.put((byte) id);
    for (int i = 0; i < values.length; i++) {
      types.get(i).write(b, values[i]);
    }
    return b.array();
  }

  /** Decodes a data package payload (after its recipe id byte, at the buffer's position). */
  public Map<String, double[]> unpack(ByteBuffer b) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), types.get(i).read(b));
    }
    return out;
  }
}
