package org.samreg.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samreg.onnx.proto.AttributeProto;
import org.samreg.onnx.proto.GraphProto;
import org.samreg.onnx.proto.ModelProto;
import org.samreg.onnx.proto.NodeProto;
import org.samreg.onnx.proto.OperatorSetIdProto;
import org.samreg.onnx.proto.TensorProto;
import org.samreg.onnx.proto.TensorShapeProto;
import org.samreg.onnx.proto.TypeProto;
import org.samreg.onnx.proto.ValueInfoProto;

/**
 * Edits of an ONNX model's graph, on the messages protoc generates from {@code src/main/protobuf/onnx.proto}: the
 * fields that schema does not declare are carried through unchanged, so that the published file is used as it is
 * apart from the edit.
 */
public final class OnnxGraphs {
    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    private OnnxGraphs() {
    }

    /** A model file's bytes as a model; IllegalArgumentException when they are not an ONNX model. */
    public static ModelProto parse(byte[] bytes) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph()) {
            throw new IllegalArgumentException("not an ONNX model: no graph");
        }
        return model;
    }

    /** The ONNX element type number of a type name such as {@code INT64}. */
    static int elementType(String name) {
        try {
            int type = TensorProto.DataType.valueOf(name).getNumber();
            if (type > 0) {
                return type;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("unsupported tensor element type " + name);
    }

    /**
     * Declares internal tensors as extra graph outputs. SAM's standard decoder export computes all four mask tokens
     * and then keeps one; exposing the tensors before that choice gives the three multimask candidates that SAM's
     * automatic mask generator works with.
     *
     * @param elemTypes ONNX element type of each tensor, or null to leave the type to the runtime's inference
     */
    public static ModelProto expose(ModelProto model, List<String> tensorNames, Map<String, Integer> elemTypes) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (String name : tensorNames) {
            Integer type = elemTypes == null ? null : elemTypes.get(name);
            graph.addOutput(valueInfo(name, type == null ? null : new TensorType(type, null)));
        }
        return model.toBuilder().setGraph(graph).build();
    }

    /**
     * The part of a graph that does not depend on {@code varyingInputs}: for a SAM decoder, everything computed from
     * the image embedding alone (mostly the first two-way attention block's projections of the image tokens), which
     * stays the same for every prompt on one image.
     *
     * @param frontier tensors computed by the static part and read by the rest, in graph order
     */
    record StaticPart(Set<Integer> staticNodes, List<String> frontier) {
        boolean isEmpty() {
            return frontier.isEmpty();
        }
    }

    /**
     * Finds the static part. Constants stay in the rest of the graph (they cost nothing). The shape of a varying
     * input counts as static: every prompt is given with the same tensor shapes, and SAM's export derives the batch
     * of image tokens from the shape of the prompt tensor. Returns an empty part for graphs it cannot safely cut:
     * control-flow nodes (whose subgraphs read outer tensors implicitly) or a graph output computed by the static
     * part alone.
     */
    static StaticPart staticPart(ModelProto model, Set<String> varyingInputs) {
        Graph g = Graph.of(model);
        Set<String> known = new HashSet<>(g.initializers.keySet());
        known.add(""); // an omitted optional input
        for (String input : g.inputs) {
            if (!varyingInputs.contains(input)) {
                known.add(input);
            }
        }
        Set<String> produced = new HashSet<>();
        Set<Integer> staticNodes = new LinkedHashSet<>();
        for (int i = 0; i < g.nodes.size(); i++) {
            Node n = g.nodes.get(i);
            if (n.hasSubgraph) {
                return new StaticPart(Set.of(), List.of());
            }
            if (n.opType.equals("Constant")) {
                known.addAll(n.outputs);
            } else if (known.containsAll(n.inputs) || n.opType.equals("Shape")) {
                staticNodes.add(i);
                known.addAll(n.outputs);
                produced.addAll(n.outputs);
            }
        }
        Set<String> frontier = new LinkedHashSet<>();
        for (int i = 0; i < g.nodes.size(); i++) {
            if (!staticNodes.contains(i)) {
                for (String input : g.nodes.get(i).inputs) {
                    if (produced.contains(input)) {
                        frontier.add(input);
                    }
                }
            }
        }
        for (String output : g.outputs) {
            if (produced.contains(output)) {
                return new StaticPart(Set.of(), List.of());
            }
        }
        return new StaticPart(staticNodes, List.copyOf(frontier));
    }

    /**
     * Element type and shape of a tensor; a negative or absent dimension is unknown.
     *
     * @param shape null when even the rank is unknown
     */
    record TensorType(int elemType, long[] shape) {
    }

    /**
     * The graph without its static part: its nodes, and the constants only they read, are removed, and the frontier
     * tensors become graph inputs of the given types.
     */
    static ModelProto withoutStaticPart(ModelProto model, StaticPart part, Map<String, TensorType> frontierTypes) {
        Graph g = Graph.of(model);
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (String name : part.frontier()) {
            inputs.add(valueInfo(name, frontierTypes.get(name)));
        }
        ModelProto cut = rewrite(model, g, part.staticNodes(), Set.copyOf(g.outputs), inputs);
        return prunedTo(cut, Set.copyOf(g.outputs));
    }

    /**
     * The graph computing only {@code outputs}: the other outputs, and the nodes none of these needs, are removed.
     * (ONNX Runtime runs every node of a graph, whichever outputs a run asks for.)
     */
    public static ModelProto prunedTo(ModelProto model, Set<String> outputs) {
        Graph g = Graph.of(model);
        Set<String> needed = new HashSet<>(outputs);
        Set<Integer> dropped = new HashSet<>();
        for (int i = g.nodes.size() - 1; i >= 0; i--) { // nodes are stored in topological order
            Node n = g.nodes.get(i);
            if (n.outputs.stream().anyMatch(needed::contains)) {
                needed.addAll(n.inputs);
            } else {
                dropped.add(i);
            }
        }
        return rewrite(model, g, dropped, outputs, List.of());
    }

    /**
     * The model without {@code droppedNodes}, without the outputs not in {@code keptOutputs} and the initializers no
     * remaining node reads, and with {@code extraInputs}.
     */
    private static ModelProto rewrite(ModelProto model, Graph g, Set<Integer> droppedNodes, Set<String> keptOutputs,
            List<ValueInfoProto> extraInputs) {
        GraphProto graph = model.getGraph();
        Set<String> read = new HashSet<>(keptOutputs);
        GraphProto.Builder out = graph.toBuilder().clearNode().clearInitializer().clearOutput();
        for (int i = 0; i < g.nodes.size(); i++) {
            if (!droppedNodes.contains(i)) {
                read.addAll(g.nodes.get(i).inputs);
                out.addNode(graph.getNode(i));
            }
        }
        graph.getInitializerList().stream().filter(t -> read.contains(t.getName())).forEach(out::addInitializer);
        graph.getOutputList().stream().filter(o -> keptOutputs.contains(o.getName())).forEach(out::addOutput);
        out.addAllInput(extraInputs);
        return model.toBuilder().setGraph(out).build();
    }

    /** The nodes, initializers (by name), inputs and outputs of a graph. */
    record Graph(List<Node> nodes, Map<String, TensorProto> initializers, List<String> inputs, List<String> outputs) {
        /** The graph of a model. */
        static Graph of(ModelProto model) {
            GraphProto graph = model.getGraph();
            Map<String, TensorProto> initializers = new HashMap<>();
            graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
            return new Graph(graph.getNodeList().stream().map(Node::of).toList(), initializers,
                    graph.getInputList().stream().map(ValueInfoProto::getName).toList(),
                    graph.getOutputList().stream().map(ValueInfoProto::getName).toList());
        }

        /** Index of the node computing {@code tensor}, or -1 for a graph input, initializer or unknown name. */
        int producer(String tensor) {
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).outputs.contains(tensor)) {
                    return i;
                }
            }
            return -1;
        }

        /** Indices of the nodes reading {@code tensor}. */
        List<Integer> consumers(String tensor) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).inputs.contains(tensor)) {
                    out.add(i);
                }
            }
            return out;
        }

        /** Dimensions of an initializer, or null when there is none of that name. */
        long[] dims(String initializer) {
            TensorProto t = initializers.get(initializer);
            return t == null ? null : dimsOf(t);
        }

        /**
         * Values of a float tensor: an initializer, or the value of the Constant node computing it; null when it is
         * neither or not of type float.
         */
        float[] floats(String tensor) {
            TensorProto t = initializers.get(tensor);
            if (t != null) {
                return tensorFloats(t);
            }
            int p = producer(tensor);
            return p >= 0 && nodes.get(p).constantValue != null ? tensorFloats(nodes.get(p).constantValue) : null;
        }
    }

    /**
     * A node: name, op type, inputs, outputs, integer and integer-list attributes, and for a Constant node its value.
     */
    record Node(String name, String opType, List<String> inputs, List<String> outputs, boolean hasSubgraph,
            Map<String, long[]> ints, TensorProto constantValue) {
        static Node of(NodeProto node) {
            Map<String, long[]> ints = new HashMap<>();
            boolean subgraph = false;
            TensorProto value = null;
            for (AttributeProto a : node.getAttributeList()) {
                subgraph |= a.hasG() || a.getGraphsCount() > 0;
                if (a.hasT()) {
                    value = a.getT();
                }
                if (a.hasI()) {
                    ints.put(a.getName(), new long[] {a.getI()});
                } else if (a.getIntsCount() > 0) {
                    ints.put(a.getName(), a.getIntsList().stream().mapToLong(Long::longValue).toArray());
                }
            }
            return new Node(node.getName(), node.getOpType(), node.getInputList(), node.getOutputList(), subgraph,
                    ints, node.getOpType().equals("Constant") ? value : null);
        }

        /** An integer or integer-list attribute, or {@code fallback} when the node does not set it. */
        long[] ints(String name, long... fallback) {
            return ints.getOrDefault(name, fallback);
        }
    }

    private static long[] dimsOf(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The values of a float tensor (raw_data or float_data), or null for another element type;
     * IllegalArgumentException when their count is not the product of the dimensions.
     */
    private static float[] tensorFloats(TensorProto t) {
        if (t.getDataType() != FLOAT) {
            return null;
        }
        long count = 1;
        for (long d : dimsOf(t)) {
            count *= d;
        }
        float[] out;
        if (t.hasRawData()) {
            ByteString raw = t.getRawData();
            if (raw.size() != 4 * count) {
                throw new IllegalArgumentException("not a valid ONNX model: tensor '" + t.getName() + "' has "
                        + raw.size() + " bytes of data for " + count + " floats");
            }
            FloatBuffer values = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            out = new float[values.remaining()];
            values.get(out);
        } else {
            if (t.getFloatDataCount() != count) {
                throw new IllegalArgumentException("not a valid ONNX model: tensor '" + t.getName() + "' has "
                        + t.getFloatDataCount() + " floats for " + count);
            }
            out = new float[t.getFloatDataCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = t.getFloatData(i);
            }
        }
        return out;
    }

    /** The version of the default (ai.onnx) operator set a model imports, or 0. */
    static long opsetVersion(ModelProto model) {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty())
                .mapToLong(OperatorSetIdProto::getVersion).findFirst().orElse(0);
    }

    /**
     * The model with the nodes {@code dropped} removed, the nodes {@code inserted} before the node of their key (so
     * that they follow every node before it) and {@code initializers} appended.
     */
    static ModelProto replaced(ModelProto model, Set<Integer> dropped, Map<Integer, List<NodeProto>> inserted,
            List<TensorProto> initializers) {
        GraphProto graph = model.getGraph();
        GraphProto.Builder out = graph.toBuilder().clearNode();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            out.addAllNode(inserted.getOrDefault(i, List.of()));
            if (!dropped.contains(i)) {
                out.addNode(graph.getNode(i));
            }
        }
        out.addAllInitializer(initializers);
        return model.toBuilder().setGraph(out).build();
    }

    /** A node of the default domain. */
    static NodeProto node(String opType, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        return NodeProto.newBuilder().addAllInput(inputs).addAllOutput(outputs).setName(outputs.get(0))
                .setOpType(opType).addAllAttribute(List.of(attributes)).build();
    }

    /** An attribute of type INTS. */
    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** An attribute of type INT. */
    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** An attribute of type FLOAT. */
    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    /** A float tensor. */
    static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, dims, FLOAT, raw.array());
    }

    /** An int64 tensor of one dimension. */
    static TensorProto longTensor(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return tensor(name, new long[] {values.length}, TensorProto.DataType.INT64_VALUE, raw.array());
    }

    /** A tensor of element type {@code elemType} and its little-endian bytes. */
    static TensorProto tensor(String name, long[] dims, int elemType, byte[] raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(elemType)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A tensor's value info; without a type the type is left out. */
    private static ValueInfoProto valueInfo(String name, TensorType type) {
        ValueInfoProto.Builder info = ValueInfoProto.newBuilder().setName(name);
        if (type != null) {
            TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(type.elemType());
            if (type.shape() != null) {
                TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
                for (long d : type.shape()) {
                    TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
                    if (d >= 0) {
                        dim.setDimValue(d);
                    }
                    shape.addDim(dim);
                }
                tensor.setShape(shape);
            }
            info.setType(TypeProto.newBuilder().setTensorType(tensor));
        }
        return info.build();
    }
}
