package org.samreg.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.samreg.onnx.proto.GraphProto;
import org.samreg.onnx.proto.ModelProto;
import org.samreg.onnx.proto.OperatorSetIdProto;
import org.samreg.onnx.proto.TensorProto;
import org.samreg.onnx.proto.TensorShapeProto;
import org.samreg.onnx.proto.TypeProto;
import org.samreg.onnx.proto.ValueInfoProto;

/** A weight product and its bias become one int8 product that ONNX Runtime runs, within the rounding of the weights. */
class WeightQuantizationTest {
    private static final int ROWS = 5, IN = 64, OUT = 48;

    @Test
    void weightProductWithBiasRunsInInt8WithinRounding() throws Exception {
        Random random = new Random(3);
        float[] w = gaussian(random, IN * OUT), bias = gaussian(random, OUT), x = gaussian(random, ROWS * IN);
        ModelProto model = model(w, bias);
        ModelProto quantized = WeightQuantization.apply(model);

        List<String> ops = OnnxGraphs.Graph.of(quantized).nodes().stream().map(OnnxGraphs.Node::opType).toList();
        assertEquals(List.of("DynamicQuantizeMatMul", "Transpose", "MatMul"), ops,
                "product and bias fused; the product of two activations left");
        TensorProto weights = OnnxGraphs.Graph.of(quantized).initializers().values().stream()
                .filter(t -> t.getDimsCount() == 2).findFirst().orElseThrow();
        assertEquals(TensorProto.DataType.INT8_VALUE, weights.getDataType());
        assertEquals(IN * OUT, weights.getRawData().size());

        float[] expected = run(model, x), actual = run(quantized, x);
        double largest = 0, error = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            error = Math.max(error, Math.abs(expected[i] - actual[i]));
        }
        // each weight moves by at most half its column's step (1/254 of the column's range), each activation by half
        // of its 1/255: summed over 64 products, well under 3% of the outputs' range; a wrong scale is far beyond it
        assertTrue(error < 0.03 * largest, "largest error " + error + " of outputs up to " + largest);
        assertTrue(error > 0, "the products really ran in int8");
    }

    @Test
    void aGraphWithoutWeightProductsIsLeftAlone() {
        ModelProto model = model(new float[IN * OUT], new float[OUT]);
        GraphProto.Builder g = model.getGraph().toBuilder();
        g.removeNode(0).removeNode(0);
        g.clearOutput().addOutput(ValueInfoProto.newBuilder().setName("z"));
        assertNull(WeightQuantization.apply(model.toBuilder().setGraph(g).build()));
    }

    /** y = x W + b, and z = y y^T (a product of two activations). */
    private static ModelProto model(float[] w, float[] bias) {
        GraphProto graph = GraphProto.newBuilder()
                .addInitializer(OnnxGraphs.floatTensor("w", new long[] {IN, OUT}, w))
                .addInitializer(OnnxGraphs.floatTensor("b", new long[] {OUT}, bias))
                .addInitializer(OnnxGraphs.longTensor("perm", 1, 0))
                .addNode(OnnxGraphs.node("MatMul", List.of("x", "w"), List.of("xw")))
                .addNode(OnnxGraphs.node("Add", List.of("xw", "b"), List.of("y")))
                .addNode(OnnxGraphs.node("Transpose", List.of("x"), List.of("xt")))
                .addNode(OnnxGraphs.node("MatMul", List.of("x", "xt"), List.of("z")))
                .addInput(floatInput("x", ROWS, IN))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("z"))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    }

    private static ValueInfoProto floatInput(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(OnnxGraphs.FLOAT).setShape(shape))).build();
    }

    private static float[] run(ModelProto model, float[] x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toByteArray());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {ROWS, IN});
                OrtSession.Result result = session.run(Map.of("x", input))) {
            FloatBuffer y = ((OnnxTensor) result.get("y").orElseThrow()).getFloatBuffer();
            float[] out = new float[y.remaining()];
            y.get(out);
            return out;
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }
}
