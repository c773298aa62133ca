package org.samreg.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samreg.onnx.proto.AttributeProto;
import org.samreg.onnx.proto.ModelProto;
import org.samreg.onnx.proto.NodeProto;
import org.samreg.onnx.proto.TensorProto;

/**
 * What the decoder rewrites share: the parsed graph, the nodes a rewrite removes, and the nodes and initializers it
 * adds, named under a prefix of its own.
 */
abstract class GraphRewrite {
    final OnnxGraphs.Graph g;
    final Set<Integer> dropped = new HashSet<>();
    private final Map<Integer, List<NodeProto>> inserted = new HashMap<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final String prefix;
    private List<NodeProto> nodes;
    private int tensors;

    GraphRewrite(ModelProto model, String prefix) {
        this.g = OnnxGraphs.Graph.of(model);
        this.prefix = prefix;
    }

    /** The model with the rewrite's changes. */
    final ModelProto result(ModelProto model) {
        return OnnxGraphs.replaced(model, dropped, inserted, initializers);
    }

    /** Nodes added from now on go before node {@code index}. */
    final void insertBefore(int index) {
        nodes = inserted.computeIfAbsent(index, i -> new ArrayList<>());
    }

    /** Adds a node with one new output and returns that output's name. */
    final String node(String opType, List<String> inputs, AttributeProto... attributes) {
        String out = prefix + opType + "_" + tensors++;
        nodes.add(OnnxGraphs.node(opType, inputs, List.of(out), attributes));
        return out;
    }

    /** Adds a node writing existing tensor names. */
    final void node(String opType, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        nodes.add(OnnxGraphs.node(opType, inputs, outputs, attributes));
    }

    /** Adds a node of operator set {@code domain} writing existing tensor names, named under the prefix. */
    final void node(String opType, List<String> inputs, List<String> outputs, String domain) {
        nodes.add(OnnxGraphs.node(opType, inputs, outputs).toBuilder().setDomain(domain)
                .setName(prefix + opType + "_" + tensors++).build());
    }

    /** An int8 initializer. */
    final String int8(byte[] values, long... dims) {
        String name = prefix + "constant_" + tensors++;
        initializers.add(OnnxGraphs.tensor(name, dims, TensorProto.DataType.INT8_VALUE, values));
        return name;
    }

    final String initializer(float[] values, long... dims) {
        String name = prefix + "constant_" + tensors++;
        initializers.add(OnnxGraphs.floatTensor(name, dims, values));
        return name;
    }

    /** A 1-D int64 initializer, e.g. a Reshape's target shape. */
    final String shape(long... dims) {
        String name = prefix + "shape_" + tensors++;
        initializers.add(OnnxGraphs.longTensor(name, dims));
        return name;
    }

    /**
     * Replaces a Shape node by its value, known for the batch of one prompt the engine decodes: for the Shape nodes
     * of SAM's export that read tensors a rewrite removes.
     */
    final void knownShape(int shapeNode, long... shape) {
        dropped.add(shapeNode);
        initializers.add(OnnxGraphs.longTensor(g.nodes().get(shapeNode).outputs().get(0), shape));
    }

    /** The node computing {@code tensor} if it is of {@code opType}, else null. */
    final OnnxGraphs.Node producer(String tensor, String opType) {
        int p = g.producer(tensor);
        return p >= 0 && g.nodes().get(p).opType().equals(opType) ? g.nodes().get(p) : null;
    }

    final List<Integer> indicesOf(String opType) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            if (g.nodes().get(i).opType().equals(opType)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Tensors computed from {@code tensors}, these included.
     *
     * @param values only tensors computed from their values, not only from their shapes (as SAM's export derives
     *               the batch of image tokens from the prompt tensor's shape)
     */
    final Set<String> descendants(Set<String> tensors, boolean values) {
        Set<String> out = new HashSet<>(tensors);
        for (OnnxGraphs.Node n : g.nodes()) { // topological order
            if (!(values && n.opType().equals("Shape")) && n.inputs().stream().anyMatch(out::contains)) {
                out.addAll(n.outputs());
            }
        }
        return out;
    }

    /** Indices of the nodes not dropped that read a tensor a dropped node computes, other than {@code recomputed}. */
    final List<Integer> readersOfDropped(Set<String> recomputed) {
        Set<String> removed = new HashSet<>();
        dropped.forEach(i -> removed.addAll(g.nodes().get(i).outputs()));
        removed.removeAll(recomputed);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            if (!dropped.contains(i) && g.nodes().get(i).inputs().stream().anyMatch(removed::contains)) {
                out.add(i);
            }
        }
        return out;
    }
}
