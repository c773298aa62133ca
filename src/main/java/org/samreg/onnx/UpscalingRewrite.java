package org.samreg.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samreg.onnx.proto.ModelProto;

/**
 * Rewrites the mask upscaling of a SAM decoder export into channels-last form.
 *
 * <p>SAM's decoder upsamples the transformer's image tokens with two 2x2, stride-2 transposed convolutions, a
 * LayerNorm over channels after the first and a GELU after each, in channels-first layout, then multiplies the result
 * by each mask token's hypernetwork weights. On the CPU, ONNX Runtime computes that channel LayerNorm with two strided
 * ReduceMeans and the transposed convolutions well below matrix-product speed: with the two GELUs about 45 % of a
 * prompt's time. A 2x2 stride-2 transposed convolution maps each input pixel on its own to a 2x2 block of output
 * pixels, so it is one matrix product with the pixels as rows. In that layout, the channels are the last axis for
 * the LayerNorm too. The rewrite therefore computes: two MatMuls, one LayerNormalization, the same GELUs, the mask
 * MatMul, and one Transpose that puts the final masks back in image order. The arithmetic is the same, only
 * summed in another order, so mask logits agree to float rounding. A graph that differs from SAM's in any of the
 * parts the rewrite reads (operator counts between the convolutions, kernel, stride, parameter shapes) is left as it
 * is.
 */
public final class UpscalingRewrite extends GraphRewrite {
    private static final String PREFIX = "samreg_upscaling/";
    /** LayerNormalization entered the default operator set in version 17. */
    private static final long LAYER_NORMALIZATION_OPSET = 17;

    private UpscalingRewrite(ModelProto model) {
        super(model, PREFIX);
    }

    /** Whether a node of the rewritten graph is one this rewrite made. */
    public static boolean isRewritten(String nodeName) {
        return nodeName.startsWith(PREFIX);
    }

    /**
     * The decoder with its upscaling rewritten, or null when the graph does not have the form of SAM's (then it is
     * left as it is). Nodes the rewrite leaves unread are left for {@link OnnxGraphs#prunedTo} to remove.
     *
     * @param height rows of the image embedding (64 for SAM)
     * @param width  columns of the image embedding
     */
    public static ModelProto apply(ModelProto model, int height, int width) {
        if (OnnxGraphs.opsetVersion(model) < LAYER_NORMALIZATION_OPSET) {
            return null;
        }
        return new UpscalingRewrite(model).rewrite(model, height, width);
    }

    private ModelProto rewrite(ModelProto model, int height, int width) {
        List<Integer> convs = indicesOf("ConvTranspose");
        if (convs.size() != 2 || !convs.stream().allMatch(this::isBlockConv)) {
            return null;
        }
        OnnxGraphs.Node up1 = g.nodes().get(convs.get(0)), up2 = g.nodes().get(convs.get(1));
        OnnxGraphs.Node reshape = producer(up1.inputs().get(0), "Reshape");
        OnnxGraphs.Node transpose = reshape == null ? null : producer(reshape.inputs().get(0), "Transpose");
        if (transpose == null || !Arrays.equals(transpose.ints("perm"), new long[] {0, 2, 1})) {
            return null;
        }
        Set<Integer> norm = between(up1.outputs().get(0), up2.inputs().get(0));
        if (!opCounts(norm).equals(Map.of("ReduceMean", 2, "Sub", 1, "Pow", 1, "Sqrt", 1, "Add", 3, "Div", 2,
                "Mul", 3, "Erf", 1))) {
            return null;
        }
        Integer maskProduct = maskProduct(up2);
        if (maskProduct == null) {
            return null;
        }
        OnnxGraphs.Node product = g.nodes().get(maskProduct);
        OnnxGraphs.Node flatten = g.nodes().get(g.producer(product.inputs().get(1)));
        Set<Integer> gelu = between(up2.outputs().get(0), flatten.inputs().get(0));
        if (!opCounts(gelu).equals(Map.of("Div", 1, "Erf", 1, "Add", 1, "Mul", 2))) {
            return null;
        }
        float[] gamma = channelParameter(norm, "Mul"), beta = channelParameter(norm, "Add");
        Float epsilon = epsilon(norm);
        int channels1 = (int) g.dims(up1.inputs().get(1))[1], channels2 = (int) g.dims(up2.inputs().get(1))[1];
        if (gamma == null || beta == null || epsilon == null || gamma.length != channels1) {
            return null;
        }

        insertBefore(maskProduct);
        String x = blockConv(transpose.inputs().get(0), up1, channels1);
        x = node("LayerNormalization", List.of(x, initializer(gamma, channels1), initializer(beta, channels1)),
                OnnxGraphs.intAttribute("axis", -1), OnnxGraphs.floatAttribute("epsilon", epsilon));
        x = gelu(x);
        x = gelu(blockConv(x, up2, channels2));
        String weights = node("Transpose", List.of(product.inputs().get(0)), OnnxGraphs.intsAttribute("perm", 0, 2, 1));
        String masks = node("MatMul", List.of(x, weights));
        // rows are (y, x, ky1, kx1, ky2, kx2), columns masks: to masks of rows 4y + 2ky1 + ky2, columns 4x + 2kx1 + kx2
        masks = node("Reshape", List.of(masks, shape(height, width, 2, 2, 2, 2, -1)));
        masks = node("Transpose", List.of(masks), OnnxGraphs.intsAttribute("perm", 6, 0, 2, 4, 1, 3, 5));
        node("Reshape", List.of(masks, shape(1, -1, 16L * height * width)), product.outputs());

        dropped.addAll(norm);
        dropped.addAll(gelu);
        dropped.addAll(List.of(convs.get(0), convs.get(1), g.producer(product.inputs().get(1)), maskProduct));
        long[] upscaledShape = {1, channels2, 4L * height, 4L * width};
        return shapesKnown(flatten.inputs().get(0), upscaledShape, product.outputs().get(0)) ? result(model) : null;
    }

    /**
     * Whether the rest of the graph reads nothing the rewrite removes except the mask product (which it computes
     * again) and the shape of the upscaled features, which SAM's export reads to reshape the masks: those Shape nodes
     * are replaced by their value.
     */
    private boolean shapesKnown(String upscaled, long[] upscaledShape, String recomputed) {
        for (int i : readersOfDropped(Set.of(recomputed))) {
            OnnxGraphs.Node n = g.nodes().get(i);
            if (!n.opType().equals("Shape") || !n.ints().isEmpty() || !n.inputs().equals(List.of(upscaled))) {
                return false;
            }
            knownShape(i, upscaledShape);
        }
        return true;
    }

    /** A transposed convolution with a 2x2 kernel, stride 2, no padding, one group, weights and bias given. */
    private boolean isBlockConv(int index) {
        OnnxGraphs.Node n = g.nodes().get(index);
        long[] w = n.inputs().size() >= 2 ? g.dims(n.inputs().get(1)) : null;
        return w != null && w.length == 4 && w[2] == 2 && w[3] == 2
                && Arrays.equals(n.ints("kernel_shape", 2, 2), new long[] {2, 2})
                && Arrays.equals(n.ints("strides"), new long[] {2, 2})
                && Arrays.stream(n.ints("pads", 0, 0, 0, 0)).allMatch(p -> p == 0)
                && Arrays.stream(n.ints("dilations", 1, 1)).allMatch(d -> d == 1)
                && n.ints("group", 1)[0] == 1 && n.ints("output_padding", 0, 0)[0] == 0
                && (n.inputs().size() < 3 || g.dims(n.inputs().get(2)) != null);
    }

    /**
     * {@code conv} on channels-last rows: [1, pixels, in] or [pixels, in] to [4 pixels, out], each input pixel's four
     * output pixels in (ky, kx) order.
     */
    private String blockConv(String rows, OnnxGraphs.Node conv, int out) {
        float[] w = g.floats(conv.inputs().get(1)); // [in][out][ky][kx]
        int in = w.length / (4 * out);
        float[] matrix = new float[in * 4 * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < 4; k++) {
                    matrix[i * 4 * out + k * out + o] = w[(i * out + o) * 4 + k];
                }
            }
        }
        float[] bias = conv.inputs().size() > 2 ? g.floats(conv.inputs().get(2)) : new float[out];
        float[] tiled = new float[4 * out];
        for (int k = 0; k < 4; k++) {
            System.arraycopy(bias, 0, tiled, k * out, out);
        }
        // as a 2D product, which ONNX Runtime fuses with the bias into one Gemm
        String x = node("Reshape", List.of(rows, shape(-1, in)));
        x = node("MatMul", List.of(x, initializer(matrix, in, 4L * out)));
        x = node("Add", List.of(x, initializer(tiled, 4L * out)));
        return node("Reshape", List.of(x, shape(-1, out)));
    }

    /** GELU as SAM's export writes it (x / 2 * (1 + erf(x / sqrt 2))), which ONNX Runtime fuses into one kernel. */
    private String gelu(String x) {
        String erf = node("Erf", List.of(node("Div", List.of(x, initializer(new float[] {(float) Math.sqrt(2)})))));
        String factor = node("Add", List.of(erf, initializer(new float[] {1f})));
        return node("Mul", List.of(node("Mul", List.of(x, factor)), initializer(new float[] {0.5f})));
    }

    /** The MatMul multiplying the hypernetwork weights by the flattened output of {@code up2}'s GELU. */
    private Integer maskProduct(OnnxGraphs.Node up2) {
        Set<String> downstream = descendants(Set.of(up2.outputs().get(0)), false);
        for (int i : indicesOf("MatMul")) {
            OnnxGraphs.Node m = g.nodes().get(i);
            OnnxGraphs.Node flatten = producer(m.inputs().get(1), "Reshape");
            if (flatten != null && downstream.contains(flatten.inputs().get(0))) {
                return i;
            }
        }
        return null;
    }

    /** The per-channel scale (of the Mul) or shift (of the Add) of the channel LayerNorm: a [C, 1, 1] initializer. */
    private float[] channelParameter(Set<Integer> norm, String opType) {
        for (int i : norm) {
            OnnxGraphs.Node n = g.nodes().get(i);
            if (n.opType().equals(opType)) {
                for (String input : n.inputs()) {
                    long[] dims = g.dims(input);
                    if (dims != null && dims.length == 3 && dims[1] == 1 && dims[2] == 1) {
                        return g.floats(input);
                    }
                }
            }
        }
        return null;
    }

    /** The constant added to the variance: the Add that reads the second ReduceMean. */
    private Float epsilon(Set<Integer> norm) {
        for (int i : norm) {
            OnnxGraphs.Node n = g.nodes().get(i);
            if (n.opType().equals("Add") && n.inputs().size() == 2) {
                OnnxGraphs.Node first = producer(n.inputs().get(0), "ReduceMean");
                float[] value = g.floats(n.inputs().get(1));
                if (first != null && value != null && value.length == 1) {
                    return value[0];
                }
            }
        }
        return null;
    }

    /** Nodes on a path from tensor {@code from} to tensor {@code to}, the Constants they read included. */
    private Set<Integer> between(String from, String to) {
        Set<String> down = descendants(Set.of(from), false);
        Set<Integer> out = new HashSet<>();
        Set<String> needed = new HashSet<>(Set.of(to));
        for (int i = g.nodes().size() - 1; i >= 0; i--) {
            OnnxGraphs.Node n = g.nodes().get(i);
            boolean onPath = n.outputs().stream().anyMatch(needed::contains)
                    && (n.opType().equals("Constant") || n.inputs().stream().anyMatch(down::contains));
            if (onPath) {
                out.add(i);
                needed.addAll(n.inputs());
            }
        }
        return out;
    }

    private Map<String, Integer> opCounts(Set<Integer> indices) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i : indices) {
            String op = g.nodes().get(i).opType();
            if (!op.equals("Constant")) {
                counts.merge(op, 1, Integer::sum);
            }
        }
        return counts;
    }
}
