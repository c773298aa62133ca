package org.samreg.onnx;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.samreg.onnx.proto.ModelProto;
import org.samreg.onnx.proto.NodeProto;
import org.samreg.onnx.proto.OperatorSetIdProto;
import org.samreg.onnx.proto.TensorProto;

/**
 * Matrix products by weight matrices in 8-bit integers: each MatMul whose second operand is a float [K, N] initializer
 * becomes ONNX Runtime's {@code com.microsoft.DynamicQuantizeMatMul}, with the weights rounded to int8 per column
 * (symmetric, scale = largest magnitude / 127) and the activations quantized to uint8 at run time; a bias Add that
 * follows is taken into the product. On CPUs with 8-bit dot-product instructions (AVX-512 VNNI, AVX-VNNI) such a
 * product runs faster than in float (SAM's encoder as a whole, on this project's 2-core machine: 0.65 -> 0.54 s a
 * slice); the values move by about the rounding of the weights to 1/254 of each column's range (on real slices:
 * {@code Int8WeightsTest}).
 */
public final class WeightQuantization extends GraphRewrite {
    private static final String MICROSOFT = "com.microsoft";

    private WeightQuantization(ModelProto model) {
        super(model, "samreg_int8/");
    }

    /** The model with its weight products in int8, or null when it has none. */
    public static ModelProto apply(ModelProto model) {
        return apply(model, name -> true);
    }

    /** As {@link #apply(ModelProto)}, for the MatMul nodes whose name {@code nodes} accepts. */
    public static ModelProto apply(ModelProto model, Predicate<String> nodes) {
        WeightQuantization q = new WeightQuantization(model);
        q.indicesOf("MatMul").stream().filter(i -> nodes.test(q.g.nodes().get(i).name())).forEach(q::quantize);
        if (q.dropped.isEmpty()) {
            return null;
        }
        ModelProto quantized = q.result(model);
        if (quantized.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(MICROSOFT))) {
            quantized = quantized.toBuilder()
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MICROSOFT).setVersion(1)).build();
        }
        return OnnxGraphs.prunedTo(quantized, Set.copyOf(q.g.outputs()));
    }

    /** Replaces MatMul node {@code index} (and the bias Add reading it) when it multiplies by a weight matrix. */
    private void quantize(int index) {
        OnnxGraphs.Node n = g.nodes().get(index);
        long[] dims = n.inputs().size() == 2 ? g.dims(n.inputs().get(1)) : null;
        float[] w = dims != null && dims.length == 2 ? g.floats(n.inputs().get(1)) : null;
        if (w == null) {
            return;
        }
        int rows = (int) dims[0], columns = (int) dims[1];
        float[] scale = new float[columns];
        for (int k = 0; k < rows; k++) {
            for (int c = 0; c < columns; c++) {
                scale[c] = Math.max(scale[c], Math.abs(w[k * columns + c]));
            }
        }
        for (int c = 0; c < columns; c++) {
            scale[c] = scale[c] > 0 ? scale[c] / 127 : 1;
        }
        byte[] q = new byte[w.length];
        for (int k = 0; k < rows; k++) {
            for (int c = 0; c < columns; c++) {
                q[k * columns + c] = (byte) Math.round(w[k * columns + c] / scale[c]);
            }
        }
        List<String> inputs = new ArrayList<>(List.of(n.inputs().get(0), int8(q, rows, columns),
                initializer(scale, columns), int8(new byte[columns], columns)));
        List<String> outputs = n.outputs();
        int bias = biasAdd(n.outputs().get(0), columns);
        if (bias >= 0) {
            OnnxGraphs.Node add = g.nodes().get(bias);
            inputs.add(add.inputs().get(add.inputs().get(0).equals(n.outputs().get(0)) ? 1 : 0));
            outputs = add.outputs();
            dropped.add(bias);
        }
        insertBefore(index);
        node("DynamicQuantizeMatMul", inputs, outputs, MICROSOFT);
        dropped.add(index);
    }

    /** The Add that alone reads {@code product} and adds a [columns] float initializer to it, or -1. */
    private int biasAdd(String product, int columns) {
        List<Integer> readers = g.consumers(product);
        if (readers.size() != 1 || g.outputs().contains(product)) {
            return -1;
        }
        OnnxGraphs.Node add = g.nodes().get(readers.get(0));
        if (!add.opType().equals("Add") || add.inputs().size() != 2) {
            return -1;
        }
        String other = add.inputs().get(add.inputs().get(0).equals(product) ? 1 : 0);
        long[] dims = g.dims(other);
        return dims != null && dims.length == 1 && dims[0] == columns && g.floats(other) != null ? readers.get(0) : -1;
    }
}
