package ai.vlarl.policies.vla;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

/**
 * A ViT encoder over image patches, laid out as timm's {@code VisionTransformer} without a class
 * token: linear patch embedding (a {@code Conv2d(3, w, p, stride=p)} written as a linear layer over
 * flattened {@code (channel, row, column)} patches) — or, with the conv stem (a hybrid ViT), two
 * 3×3 stride-2 convolutions with GELU ({@code stem.0}: 3 → w/4, {@code stem.2}: w/4 → w/2, He
 * initialization) and a {@code p/4 × p/4} stride-{@code p/4} convolution as patch embedding
 * ({@code patch_embed.weight [w, w/2, p/4, p/4]}) —, learned position embeddings (initialized
 * 2-D sine-cosine), pre-norm blocks
 * ({@code x + attn(norm1(x))}, {@code x + mlp(norm2(x))}, GELU MLP of width 4w), final LayerNorm.
 *
 * <p>Parameters under {@code prefix} (e.g. {@code vision}): {@code patch_embed.weight [w, 3p²]},
 * {@code patch_embed.bias}, {@code pos_embed [patches, w]}, {@code blocks.i.norm1.{weight,bias}},
 * {@code blocks.i.attn.qkv.{weight [3w, w], bias}}, {@code blocks.i.attn.proj.{weight,bias}},
 * {@code blocks.i.norm2.{weight,bias}}, {@code blocks.i.mlp.fc1.{weight [4w, w], bias}}, {@code
 * blocks.i.mlp.fc2.{weight [w, 4w], bias}}, {@code norm.{weight,bias}}.
 */
final class VisionTower {
  static final float LN_EPS = 1e-6f;

  /** How pixels in [0, 1] are standardized before the patch embedding. */
  enum PixelNorm {
    /** {@code (x - 0.5) / 0.5} per channel (SigLIP). */
    HALF(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}),
    /** ImageNet mean and std (DINOv2). */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    final float[] mean;
    final float[] std;

    PixelNorm(float[] mean, float[] std) {
      this.mean = mean;
      this.std = std;
    }
  }

  private final int heads;
  private final PixelNorm pixelNorm;
  private final int channels;
  private final Parameter[] stem;
  private final int patchKernel;
  private final Parameter patchW;
  private final Parameter patchB;
  private final Parameter pos;
  private final Parameter[][] blocks;
  private final Parameter[] filmStem;
  private final Parameter[][] filmBlocks;
  private final Parameter normW;
  private final Parameter normB;
  private final Parameter[] keypointHead;

  VisionTower(ParamSet ps, String prefix, VlaArch a, PixelNorm pixelNorm) {
    this.heads = a.visionHeads();
    this.pixelNorm = pixelNorm;
    this.channels = a.imageChannels();
    long w = a.visionWidth();
    double std = 0.02;
    double outStd = 0.02 / Math.sqrt(2.0 * a.visionLayers());
    if (a.convStem()) {
      // He-initialized 3×3 stride-2 convolutions (GELU after each), then a k×k stride-k patch
      // embedding of the feature map, k = patch / 4
      long c1 = w / 4;
      long c2 = w / 2;
      long k = a.patch() / 4;
      stem =
          new Parameter[] {
            ps.add(prefix + ".stem.0.weight", ParamSet.Init.NORMAL, Math.sqrt(2.0 / (9 * channels)),
                c1, channels, 3, 3),
            ps.bias(prefix + ".stem.0.bias", c1),
            ps.add(prefix + ".stem.2.weight", ParamSet.Init.NORMAL, Math.sqrt(2.0 / (9 * c1)), c2, c1, 3, 3),
            ps.bias(prefix + ".stem.2.bias", c2)
          };
      patchKernel = (int) k;
      patchW = ps.add(prefix + ".patch_embed.weight", ParamSet.Init.NORMAL,
          Math.sqrt(1.0 / (c2 * k * k)), w, c2, k, k);
    } else {
      stem = null;
      patchKernel = 0;
      patchW = ps.weight(prefix + ".patch_embed.weight", std, w, 3L * a.patch() * a.patch());
    }
    patchB = ps.bias(prefix + ".patch_embed.bias", w);
    // learned, initialized to 2-D sine-cosine embeddings (MAE): a strong position signal from
    // the first step, which tiny models trained briefly need to localize objects
    pos = ps.add(prefix + ".pos_embed", ParamSet.sinCos2d(a.grid(), (int) w), a.patches(), w);
    blocks = new Parameter[a.visionLayers()][];
    for (int i = 0; i < blocks.length; i++) {
      String b = prefix + ".blocks." + i + ".";
      blocks[i] =
          new Parameter[] {
            ps.add(b + "norm1.weight", ParamSet.Init.ONES, 0, w),
            ps.bias(b + "norm1.bias", w),
            ps.weight(b + "attn.qkv.weight", std, 3 * w, w),
            ps.bias(b + "attn.qkv.bias", 3 * w),
            ps.weight(b + "attn.proj.weight", outStd, w, w),
            ps.bias(b + "attn.proj.bias", w),
            ps.add(b + "norm2.weight", ParamSet.Init.ONES, 0, w),
            ps.bias(b + "norm2.bias", w),
            ps.weight(b + "mlp.fc1.weight", std, 4 * w, w),
            ps.bias(b + "mlp.fc1.bias", 4 * w),
            ps.weight(b + "mlp.fc2.weight", outStd, w, 4 * w),
            ps.bias(b + "mlp.fc2.bias", w)
          };
    }
    long d = a.filmInputWidth();
    if (a.film()) {
      // zero-initialized: FiLM starts as the identity
      filmStem =
          a.convStem()
              ? new Parameter[] {
                ps.add(prefix + ".film_stem.weight", ParamSet.Init.ZEROS, 0, w, d),
                ps.bias(prefix + ".film_stem.bias", w)
              }
              : null;
      filmBlocks = new Parameter[a.visionLayers()][];
      for (int i = 0; i < filmBlocks.length; i++) {
        filmBlocks[i] =
            new Parameter[] {
              ps.add(prefix + ".blocks." + i + ".film.weight", ParamSet.Init.ZEROS, 0, 2 * w, d),
              ps.bias(prefix + ".blocks." + i + ".film.bias", 2 * w)
            };
      }
    } else {
      filmStem = null;
      filmBlocks = null;
    }
    normW = ps.add(prefix + ".norm.weight", ParamSet.Init.ONES, 0, w);
    normB = ps.bias(prefix + ".norm.bias", w);
    if (a.keypoints()) {
      // a 1×1 convolution turns the stem's features into keypoint logits, scaled by a learned
      // temperature: exp(log_temperature) starts at KEYPOINT_TEMPERATURE so each channel's
      // softmax is peaked from the first step (robomimic's spatial softmax, sharper at start)
      long c2 = w / 2;
      keypointHead =
          new Parameter[] {
            ps.add(prefix + ".keypoint_conv.weight", ParamSet.Init.NORMAL, Math.sqrt(1.0 / c2), c2, c2, 1, 1),
            ps.bias(prefix + ".keypoint_conv.bias", c2),
            ps.add(prefix + ".keypoint_log_temperature",
                new float[] {(float) Math.log(KEYPOINT_TEMPERATURE)}, 1)
          };
    } else {
      keypointHead = null;
    }
  }

  /** The keypoint softmax's temperature at initialization. */
  static final double KEYPOINT_TEMPERATURE = 4.0;

  /**
   * Keypoints {@code [B, 2·w/2]} of {@link #stem} feature maps: the 1×1 keypoint convolution,
   * times the learned temperature, through the spatial softmax ({@link #keypoints}).
   */
  NDArray keypointsOf(NDArray stemFeatures) {
    NDArray logits = Nn.conv(stemFeatures, keypointHead[0], keypointHead[1], 1, 0);
    NDArray temperature = keypointHead[2].getArray().exp(); // made in the parameter's manager:
    temperature.attach(logits.getManager()); // hand it to the caller's scope
    return keypoints(logits.mul(temperature));
  }

  /**
   * Patch features of a batch.
   *
   * @param patches pixels in [0, 1], {@code [B, patches, 3, p, p]} flattened to {@code [B,
   *     patches, 3·p²]} (channel-major within a patch)
   * @return {@code [B, patches, w]}
   */
  NDArray forward(NDArray patches, int patchPixels, NDArray lang) {
    long b = patches.getShape().get(0);
    long n = patches.getShape().get(1);
    // standardize per channel: the flattened patch holds p² values of channel 0, then 1, then 2
    NDArray x = patches.reshape(b, n, 3, patchPixels);
    NDArray mean = x.getManager().create(pixelNorm.mean).reshape(1, 1, 3, 1);
    NDArray std = x.getManager().create(pixelNorm.std).reshape(1, 1, 3, 1);
    x = x.sub(mean).div(std).reshape(b, n, 3L * patchPixels);
    return blocks(Nn.linear(x, patchW, patchB), lang);
  }

  /** Whether this tower starts with the conv stem (and so reads whole images, {@link #forwardImage}). */
  boolean convStem() {
    return stem != null;
  }

  /**
   * Patch features from whole images through the conv stem.
   *
   * @param pixels {@code [B, C, S, S]} in [0, 1] (C: {@link VlaArch#imageChannels})
   * @return {@code [B, patches, w]}, patches in row-major order
   */
  NDArray forwardImage(NDArray pixels, NDArray lang) {
    return tokens(stem(pixels, lang), lang);
  }

  /**
   * The conv stem's feature maps {@code [B, w/2, S/4, S/4]} (FiLM-modulated when on).
   *
   * @param pixels {@code [B, C, S, S]} in [0, 1], C = 3 or 6 (the wrist image's channels after the
   *     main image's, standardized alike)
   */
  NDArray stem(NDArray pixels, NDArray lang) {
    NDArray mean = pixels.getManager().create(perChannel(pixelNorm.mean)).reshape(1, channels, 1, 1);
    NDArray std = pixels.getManager().create(perChannel(pixelNorm.std)).reshape(1, channels, 1, 1);
    NDArray x = pixels.sub(mean).div(std);
    x = Nn.gelu(Nn.conv(x, stem[0], stem[1], 2, 1));
    x = Nn.gelu(Nn.conv(x, stem[2], stem[3], 2, 1));
    if (filmStem != null) {
      x = film(x, lang, filmStem, 4);
    }
    return x;
  }

  /** The rgb statistics repeated for every stacked image ({@link #channels} values). */
  private float[] perChannel(float[] rgb) {
    float[] out = new float[channels];
    for (int c = 0; c < channels; c++) {
      out[c] = rgb[c % 3];
    }
    return out;
  }

  /** Patch tokens {@code [B, patches, w]} from {@link #stem} feature maps. */
  NDArray tokens(NDArray stemFeatures, NDArray lang) {
    NDArray x = Nn.conv(stemFeatures, patchW, patchB, patchKernel, 0); // [B, w, g, g]
    long b = x.getShape().get(0);
    long w = x.getShape().get(1);
    return blocks(x.reshape(b, w, -1).transpose(0, 2, 1), lang);
  }

  /**
   * Spatial-softmax keypoints of feature maps {@code [B, c, H, W]}: per channel, the softmax over
   * the H·W positions weights the coordinates x and y, both in [-1, 1] (left/top = -1, pixel
   * centres); returns {@code [B, 2c]} as (x of every channel, then y of every channel).
   */
  static NDArray keypoints(NDArray features) {
    long b = features.getShape().get(0);
    long c = features.getShape().get(1);
    int h = (int) features.getShape().get(2);
    int w = (int) features.getShape().get(3);
    NDArray p = features.reshape(b, c, (long) h * w).softmax(2);
    float[] xs = new float[h * w];
    float[] ys = new float[h * w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        xs[i * w + j] = (2f * j + 1f) / w - 1f;
        ys[i * w + j] = (2f * i + 1f) / h - 1f;
      }
    }
    NDManager m = features.getManager();
    NDArray ex = p.mul(m.create(xs).reshape(1, 1, (long) h * w)).sum(new int[] {2});
    NDArray ey = p.mul(m.create(ys).reshape(1, 1, (long) h * w)).sum(new int[] {2});
    return ex.concat(ey, 1);
  }

  /**
   * {@code (1 + γ) x + β} with {@code [γ, β] = W lang + b} split in halves; {@code rank} 4: x is
   * {@code [B, c, H, W]} (per channel), 3: {@code [B, N, c]}.
   */
  private static NDArray film(NDArray x, NDArray lang, Parameter[] p, int rank) {
    NDArray gb = Nn.linear(lang, p[0], p[1]);
    long b = gb.getShape().get(0);
    long c = gb.getShape().get(1) / 2;
    NDArray gamma = gb.get(":, 0:{}", c);
    NDArray beta = gb.get(":, {}:", c);
    if (rank == 4) {
      gamma = gamma.reshape(b, c, 1, 1);
      beta = beta.reshape(b, c, 1, 1);
    } else {
      gamma = gamma.reshape(b, 1, c);
      beta = beta.reshape(b, 1, c);
    }
    return x.mul(gamma.add(1f)).add(beta);
  }

  /** Position embeddings, the transformer blocks and the final norm over {@code [B, N, w]}. */
  private NDArray blocks(NDArray x, NDArray lang) {
    x = x.add(pos.getArray());
    for (int i = 0; i < blocks.length; i++) {
      Parameter[] p = blocks[i];
      NDArray h = Nn.layerNorm(x, p[0], p[1], LN_EPS);
      NDArray qkv = Nn.linear(h, p[2], p[3]);
      NDArray[] split = qkv.split(3, 2).toArray(new NDArray[0]);
      NDArray att =
          Nn.attention(
              Nn.heads(split[0], heads), Nn.heads(split[1], heads), Nn.heads(split[2], heads), null);
      x = x.add(Nn.linear(Nn.merge(att), p[4], p[5]));
      if (filmBlocks != null) {
        x = film(x, lang, filmBlocks[i], 3);
      }
      h = Nn.layerNorm(x, p[6], p[7], LN_EPS);
      x = x.add(Nn.linear(Nn.gelu(Nn.linear(h, p[8], p[9])), p[10], p[11]));
    }
    return Nn.layerNorm(x, normW, normB, LN_EPS);
  }
}
