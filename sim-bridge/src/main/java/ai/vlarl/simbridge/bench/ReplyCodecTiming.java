package ai.vlarl.simbridge.bench;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.protocol.Protocol;
import ai.vlarl.simbridge.protocol.StepCodec;
import ai.vlarl.simbridge.wire.Fields;
import ai.vlarl.simbridge.wire.MessageDecoder;
import ai.vlarl.simbridge.wire.MessageEncoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Java work of a step reply, one part of {@code bridge_ms_median}: encoding it as the server's
 * env thread does (the body, the reply envelope, {@link MessageEncoder#encode}) and decoding it as
 * the client does ({@link MessageDecoder#decode}, {@link StepCodec#fromMap}), each timed right after
 * an env step of its own, so that it meets the caches as a step leaves them (steps alternate: one
 * encodes its result, the next decodes the frames encoded before it). Arrays from the inline limit
 * up are separate frames and are neither copied nor read here, as on the bridge.
 */
final class ReplyCodecTiming {
  private ReplyCodecTiming() {}

  /**
   * Steps {@code env} for {@code seconds} (at least 8 pairs of steps) and adds {@code
   * reply_header_bytes_median}, {@code reply_encode_us_median} and {@code reply_decode_us_median} to
   * {@code row}. The header grows in steps where episodes end (their final observations' small
   * arrays travel inline).
   */
  static void measure(VectorEnv env, HostArray[] actions, double seconds, Map<String, Object> row) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    BridgeBenchmark.Timing encode = new BridgeBenchmark.Timing();
    BridgeBenchmark.Timing decode = new BridgeBenchmark.Timing();
    BridgeBenchmark.Timing header = new BridgeBenchmark.Timing(); // bytes
    int pairs = 0;
    do {
      StepResult first = env.step(actions[(2 * pairs) % actions.length]);
      long t0 = System.nanoTime();
      Map<String, Object> body = StepCodec.toMap(first, 1.0);
      List<ByteBuffer> frames = MessageEncoder.encode(Protocol.reply(Protocol.STEP, pairs + 1, "bench", body),
          MessageEncoder.DEFAULT_INLINE_LIMIT);
      long t1 = System.nanoTime();
      StepResult second = env.step(actions[(2 * pairs + 1) % actions.length]);
      long t2 = System.nanoTime();
      Map<String, Object> reply = MessageDecoder.decode(frames, Long.MAX_VALUE);
      StepResult back = StepCodec.fromMap(Fields.getMap(reply, "body", "reply", false), env.spec(), "step reply");
      long t3 = System.nanoTime();
      if (!Arrays.equals(back.reward(), first.reward())) {
        throw new IllegalStateException("the decoded step reply differs from the step result");
      }
      env.release(first);
      env.release(second);
      header.add(frames.get(0).remaining(), 0);
      encode.add(t1 - t0, 0);
      decode.add(t3 - t2, 0);
      pairs++;
    } while (pairs < 8 || System.nanoTime() < end);
    row.put("reply_header_bytes_median", Math.round(header.median()));
    row.put("reply_encode_us_median", BridgeBenchmark.round(encode.median() / 1e3, 1));
    row.put("reply_decode_us_median", BridgeBenchmark.round(decode.median() / 1e3, 1));
  }
}
