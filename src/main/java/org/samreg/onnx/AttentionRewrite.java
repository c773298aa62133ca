package org.samreg.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samreg.onnx.proto.ModelProto;

/**
 * Reassociates the matrix products of SAM's cross attentions between the few prompt tokens (T = 7 for one point) and
 * the 4096 image tokens, so that the products run on T rows instead of 4096. Two rewrites, each summing the same
 * products in another order:
 * <ul>
 * <li>image-to-token: each image token takes a softmax-weighted mix of the prompt tokens' values and the mixes are
 * projected, (A V) W with A [heads, 4096, T], V [heads, T, head size], W [heads x head size, 256]. As A (V W) the
 * projection runs on the T value rows of each head, and the 4096 rows need no head transpose: 4096 x 8T x 256
 * multiply-adds instead of 4096 x 128 x 256 (see {@link #reassociate});</li>
 * <li>token-to-image: the prompt tokens attend to the image tokens, whose key and value projections are per prompt
 * after SAM's first block. Applying the projections to the queries and to the mixes instead removes them (see
 * {@link #projectTokensInstead});</li>
 * <li>the scores of image-to-token attentions after the first block: the query projection of the image tokens is
 * applied to the T keys instead (see {@link #scoreImageQueriesThroughKeys}).</li>
 * </ul>
 *
 * <p>Whether the few tokens are the values or the queries is not in the graph's shapes, which are dynamic, so the
 * rewrites go by the node names SAM's export takes from its modules ({@code cross_attn_image_to_token},
 * {@code final_attn_token_to_image}), and by the pattern its attention module exports (scores divided by the square
 * root of the head size, softmax, mix, head merge, projection). Any other graph is left as it is.
 */
public final class AttentionRewrite extends GraphRewrite {
    private static final String IMAGE_TO_TOKEN = "image_to_token";
    private static final String TOKEN_TO_IMAGE = "token_to_image";

    private final long imageTokens;
    /** Tensors that change from prompt to prompt. */
    private final Set<String> perPrompt;

    private AttentionRewrite(ModelProto model, long imageTokens, Set<String> promptInputs) {
        super(model, "samreg_attention/");
        this.imageTokens = imageTokens;
        this.perPrompt = descendants(promptInputs, true);
    }

    /**
     * The decoder with its attentions reassociated, or null when it has none of SAM's form.
     *
     * @param imageTokens  image tokens of an embedding (64 x 64 for SAM)
     * @param promptInputs the graph inputs that change from prompt to prompt
     */
    public static ModelProto apply(ModelProto model, long imageTokens, Set<String> promptInputs) {
        AttentionRewrite rewrite = new AttentionRewrite(model, imageTokens, promptInputs);
        rewrite.indicesOf("MatMul").forEach(rewrite::reassociate);
        rewrite.indicesOf("Softmax").forEach(rewrite::projectTokensInstead);
        rewrite.indicesOf("Softmax").forEach(rewrite::scoreImageQueriesThroughKeys);
        return rewrite.dropped.isEmpty() ? null : rewrite.result(model);
    }

    /** Rewrites the attention whose output projection is node {@code projection}, if it has SAM's form. */
    private void reassociate(int projection) {
        OnnxGraphs.Node out = g.nodes().get(projection);
        long[] w = g.dims(out.inputs().get(1));
        if (!out.name().contains(IMAGE_TO_TOKEN) || w == null || w.length != 2) {
            return;
        }
        OnnxGraphs.Node merge = producer(out.inputs().get(0), "Reshape");
        OnnxGraphs.Node headsLast = merge == null ? null : producer(merge.inputs().get(0), "Transpose");
        OnnxGraphs.Node mix = headsLast == null ? null : producer(headsLast.inputs().get(0), "MatMul");
        OnnxGraphs.Node softmax = mix == null ? null : producer(mix.inputs().get(0), "Softmax");
        Scores scores = softmax == null ? null : scores(softmax);
        if (scores == null || !List.of(0L, 2L, 1L, 3L).equals(perm(headsLast))) {
            return;
        }
        long headSize = scores.headSize(), heads = w[0] / headSize;
        Map<Integer, long[]> shapeReaders = new HashMap<>();
        boolean onlyShapesRead = readBy(mix, headsLast, new long[] {1, heads, imageTokens, headSize}, shapeReaders)
                && readBy(headsLast, merge, new long[] {1, imageTokens, heads, headSize}, shapeReaders)
                && readBy(merge, out, new long[] {1, imageTokens, w[0]}, shapeReaders);
        if (headSize * heads != w[0] || !onlyShapesRead) {
            return;
        }
        shapeReaders.forEach(this::knownShape);
        insertBefore(projection);
        // W's rows are head after head: the same values as [heads, head size, 256]
        String projected = node("MatMul", List.of(mix.inputs().get(1),
                initializer(g.floats(out.inputs().get(1)), heads, headSize, w[1])));
        projected = node("Reshape", List.of(projected, shape(1, -1, w[1])));
        String weights = node("Transpose", List.of(softmax.outputs().get(0)),
                OnnxGraphs.intsAttribute("perm", 0, 2, 1, 3));
        weights = node("Reshape", List.of(weights, shape(1, 0, -1)));
        node("MatMul", List.of(weights, projected), out.outputs());
        dropped.addAll(List.of(g.nodes().indexOf(mix), g.nodes().indexOf(headsLast), g.nodes().indexOf(merge),
                projection));
    }

    /**
     * Rewrites the token-to-image attention whose softmax is node {@code softmaxIndex}, if it has SAM's form: the
     * prompt tokens' queries q attend to the image tokens X through keys X Wk + bk and values X Wv + bv. The scores
     * q (X Wk + bk)^T equal (q Wk^T) X^T plus a term constant along each softmax row, which the softmax ignores; the
     * mix A (X Wv + bv) equals (A X) Wv + bv, as each row of A sums to 1. Both then cost T rows instead of the 4096 of
     * the image, and the key and value projections of the image tokens go. Image tokens that are the same for every
     * prompt (SAM's first block) are left alone: {@link SplitDecoder} projects them once per image.
     */
    private void projectTokensInstead(int softmaxIndex) {
        OnnxGraphs.Node softmax = g.nodes().get(softmaxIndex);
        Scores s = scores(softmax);
        List<Integer> readers = g.consumers(softmax.outputs().get(0));
        OnnxGraphs.Node mix = readers.size() == 1 ? g.nodes().get(readers.get(0)) : null;
        if (!softmax.name().contains(TOKEN_TO_IMAGE) || s == null || mix == null || !mix.opType().equals("MatMul")) {
            return;
        }
        OnnxGraphs.Node scores = s.product();
        Map<Integer, long[]> shapeReaders = new HashMap<>();
        HeadProjection keys = headProjection(scores.inputs().get(1), List.of(0L, 2L, 3L, 1L), scores, shapeReaders);
        HeadProjection values = headProjection(mix.inputs().get(1), List.of(0L, 2L, 1L, 3L), mix, shapeReaders);
        long headSize = s.headSize();
        if (keys == null || values == null || keys.width() != values.width() || keys.width() % headSize != 0
                || !perPrompt.contains(keys.input()) || !perPrompt.contains(values.input())) {
            return;
        }
        long heads = keys.width() / headSize, channels = keys.weights().length / keys.width();
        shapeReaders.forEach(this::knownShape);
        insertBefore(g.nodes().indexOf(scores));
        String queries = node("MatMul", List.of(scores.inputs().get(0),
                initializer(perHead(keys.weights(), channels, heads, headSize, true), heads, headSize, channels)));
        String imageT = node("Transpose", List.of(keys.input()), OnnxGraphs.intsAttribute("perm", 0, 2, 1));
        node("MatMul", List.of(queries, imageT), scores.outputs());
        insertBefore(readers.get(0));
        String mixed = node("MatMul", List.of(softmax.outputs().get(0), values.input()));
        mixed = node("MatMul", List.of(mixed,
                initializer(perHead(values.weights(), channels, heads, headSize, false), heads, channels, headSize)));
        node("Add", List.of(mixed, initializer(values.bias(), heads, 1, headSize)), mix.outputs());
        dropped.addAll(keys.nodes());
        dropped.addAll(values.nodes());
        dropped.addAll(List.of(g.nodes().indexOf(scores), readers.get(0)));
    }

    /**
     * Rewrites the scores of the image-to-token attention whose softmax is node {@code softmaxIndex}, if it has SAM's
     * form and its image tokens X change with the prompt: the queries' scores against the T keys K,
     * (X Wq + bq) K^T, are computed as X (Wq K^T) + bq K^T, which takes the query projection of the 4096 image tokens
     * away.
     */
    private void scoreImageQueriesThroughKeys(int softmaxIndex) {
        OnnxGraphs.Node softmax = g.nodes().get(softmaxIndex);
        Scores s = scores(softmax);
        if (!softmax.name().contains(IMAGE_TO_TOKEN) || s == null) {
            return;
        }
        OnnxGraphs.Node scores = s.product();
        Map<Integer, long[]> shapeReaders = new HashMap<>();
        HeadProjection queries = headProjection(scores.inputs().get(0), List.of(0L, 2L, 1L, 3L), scores,
                shapeReaders);
        long headSize = s.headSize();
        if (queries == null || queries.width() % headSize != 0 || !perPrompt.contains(queries.input())) {
            return;
        }
        long heads = queries.width() / headSize, channels = queries.weights().length / queries.width();
        shapeReaders.forEach(this::knownShape);
        insertBefore(g.nodes().indexOf(scores));
        String keysT = scores.inputs().get(1); // [1, heads, head size, T]
        String perChannel = node("MatMul", List.of(initializer(perHead(queries.weights(), channels, heads, headSize,
                false), heads, channels, headSize), keysT));
        String biasScores = node("MatMul", List.of(initializer(queries.bias(), heads, 1, headSize), keysT));
        // all heads in one product of 8T columns, which runs much faster than eight of T columns
        perChannel = node("Transpose", List.of(perChannel), OnnxGraphs.intsAttribute("perm", 0, 2, 1, 3));
        perChannel = node("Reshape", List.of(perChannel, shape(1, channels, -1)));
        String imageScores = node("MatMul", List.of(queries.input(), perChannel));
        imageScores = node("Reshape", List.of(imageScores, shape(1, 0, heads, -1)));
        imageScores = node("Transpose", List.of(imageScores), OnnxGraphs.intsAttribute("perm", 0, 2, 1, 3));
        node("Add", List.of(imageScores, biasScores), scores.outputs());
        dropped.addAll(queries.nodes());
        dropped.add(g.nodes().indexOf(scores));
    }

    /**
     * An attention's scores as SAM's attention module exports them: a MatMul of the queries and the transposed keys,
     * divided by the square root of the head size, into the softmax.
     */
    private record Scores(OnnxGraphs.Node product, long headSize) {
    }

    private Scores scores(OnnxGraphs.Node softmax) {
        OnnxGraphs.Node scale = producer(softmax.inputs().get(0), "Div");
        OnnxGraphs.Node product = scale == null ? null : producer(scale.inputs().get(0), "MatMul");
        float[] root = scale == null ? null : g.floats(scale.inputs().get(1));
        return product == null || root == null || root.length != 1 ? null
                : new Scores(product, Math.round(root[0] * root[0]));
    }

    /**
     * A projection of image tokens split in heads, as SAM's attention exports it: Transpose(Reshape(x W + b)).
     *
     * @param input   x, [1, tokens, channels]
     * @param weights W, [channels, width]
     * @param nodes   the four nodes, read only along the chain (and by Shape nodes)
     */
    private record HeadProjection(String input, float[] weights, long width, float[] bias, List<Integer> nodes) {
    }

    private HeadProjection headProjection(String heads, List<Long> perm, OnnxGraphs.Node reader,
            Map<Integer, long[]> shapeReaders) {
        OnnxGraphs.Node split = producer(heads, "Transpose");
        OnnxGraphs.Node reshape = split == null ? null : producer(split.inputs().get(0), "Reshape");
        OnnxGraphs.Node add = reshape == null ? null : producer(reshape.inputs().get(0), "Add");
        if (add == null || !perm.equals(perm(split)) || add.inputs().size() != 2) {
            return null;
        }
        int biasInput = g.dims(add.inputs().get(0)) != null ? 0 : 1;
        OnnxGraphs.Node product = producer(add.inputs().get(1 - biasInput), "MatMul");
        long[] w = product == null ? null : g.dims(product.inputs().get(1));
        float[] bias = g.floats(add.inputs().get(biasInput));
        if (w == null || w.length != 2 || bias == null || bias.length != w[1]) {
            return null;
        }
        long[] projected = {1, imageTokens, w[1]};
        boolean chain = readBy(product, add, projected, shapeReaders) && readBy(add, reshape, projected, shapeReaders)
                && readBy(reshape, split, null, shapeReaders) && readBy(split, reader, null, shapeReaders);
        return chain ? new HeadProjection(product.inputs().get(0), g.floats(product.inputs().get(1)), w[1], bias,
                List.of(g.nodes().indexOf(product), g.nodes().indexOf(add),
                g.nodes().indexOf(reshape), g.nodes().indexOf(split))) : null;
    }

    /**
     * The columns of W [channels, heads x head size] of each head: [heads, head size, channels] (transposed) or
     * [heads, channels, head size].
     */
    private static float[] perHead(float[] w, long channels, long heads, long headSize, boolean transposed) {
        int c = (int) channels, h = (int) heads, d = (int) headSize;
        float[] out = new float[w.length];
        for (int head = 0; head < h; head++) {
            for (int ch = 0; ch < c; ch++) {
                for (int j = 0; j < d; j++) {
                    float v = w[ch * h * d + head * d + j];
                    out[transposed ? (head * d + j) * c + ch : (head * c + ch) * d + j] = v;
                }
            }
        }
        return out;
    }

    /**
     * Whether the output of {@code n} is read by {@code next} and otherwise only by Shape nodes, which are then
     * added to {@code shapeReaders} with {@code shape}, the output's shape for the batch of one prompt the engine
     * decodes (null: no Shape reader allowed).
     */
    private boolean readBy(OnnxGraphs.Node n, OnnxGraphs.Node next, long[] shape, Map<Integer, long[]> shapeReaders) {
        for (int reader : g.consumers(n.outputs().get(0))) {
            OnnxGraphs.Node r = g.nodes().get(reader);
            if (r == next) {
                continue;
            }
            if (shape == null || !r.opType().equals("Shape") || !r.ints().isEmpty()) {
                return false;
            }
            shapeReaders.put(reader, shape);
        }
        return n.outputs().size() == 1;
    }

    private static List<Long> perm(OnnxGraphs.Node transpose) {
        return Arrays.stream(transpose.ints("perm")).boxed().toList();
    }
}
