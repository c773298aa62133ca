package org.samreg.sam;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits of an ONNX model's graph, made on the protobuf bytes directly so that the published file is used as it is.
 * Field numbers are those of onnx.proto: ModelProto 7 = graph; GraphProto 1 = node, 5 = initializer, 11 = input,
 * 12 = output; NodeProto 1 = input, 2 = output, 4 = op_type, 5 = attribute; TensorProto 8 = name; ValueInfoProto
 * 1 = name, 2 = type; TypeProto 1 = tensor_type; TypeProto.Tensor 1 = elem_type, 2 = shape; TensorShapeProto 1 = dim;
 * Dimension 1 = dim_value.
 */
final class OnnxGraphs {
    static final int FLOAT = 1;
    /** TensorProto.DataType numbers by name. */
    private static final List<String> ELEMENT_TYPES = List.of("UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16",
            "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64",
            "COMPLEX128", "BFLOAT16");

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_GRAPH = 6;
    private static final int ATTRIBUTE_GRAPHS = 11;
    private static final int TENSOR_NAME = 8;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_ELEM_TYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;

    private OnnxGraphs() {
    }

    /** The ONNX element type number of a type name such as {@code INT64}. */
    static int elementType(String name) {
        int type = ELEMENT_TYPES.indexOf(name);
        if (type <= 0) {
            throw new IllegalArgumentException("unsupported tensor element type " + name);
        }
        return type;
    }

    /**
     * Declares internal tensors as extra graph outputs. SAM's standard decoder export computes all four mask tokens
     * and then keeps one; exposing the tensors before that choice gives the three multimask candidates that SAM's
     * automatic mask generator works with.
     *
     * @param elemTypes ONNX element type of each tensor, or null to leave the type to the runtime's inference
     */
    static byte[] expose(byte[] model, List<String> tensorNames, Map<String, Integer> elemTypes) {
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        for (String name : tensorNames) {
            Integer type = elemTypes == null ? null : elemTypes.get(name);
            extra.writeBytes(field(GRAPH_OUTPUT, valueInfo(name, type == null ? null : new TensorType(type, null))));
        }
        return withGraph(model, graph -> concat(graph, extra.toByteArray()));
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
    static StaticPart staticPart(byte[] model, Set<String> varyingInputs) {
        Graph g = Graph.parse(graphOf(model));
        Set<String> known = new HashSet<>(g.initializers);
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
    static byte[] withoutStaticPart(byte[] model, StaticPart part, Map<String, TensorType> frontierTypes) {
        List<String> outputs = Graph.parse(graphOf(model)).outputs;
        byte[] cut = withGraph(model, graph -> {
            List<byte[]> inputs = new ArrayList<>();
            for (String name : part.frontier()) {
                inputs.add(valueInfo(name, frontierTypes.get(name)));
            }
            return rewrite(graph, Graph.parse(graph), part.staticNodes(), Set.copyOf(outputs), inputs);
        });
        return prunedTo(cut, Set.copyOf(outputs));
    }

    /**
     * The graph computing only {@code outputs}: the other outputs, and the nodes none of these needs, are removed.
     * (ONNX Runtime runs every node of a graph, whichever outputs a run asks for.)
     */
    static byte[] prunedTo(byte[] model, Set<String> outputs) {
        return withGraph(model, graph -> {
            Graph g = Graph.parse(graph);
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
            return rewrite(graph, g, dropped, outputs, List.of());
        });
    }

    /**
     * A GraphProto without {@code droppedNodes}, without the outputs not in {@code keptOutputs} and the initializers
     * no remaining node reads, and with {@code extraInputs} (ValueInfoProtos).
     */
    private static byte[] rewrite(byte[] graph, Graph g, Set<Integer> droppedNodes, Set<String> keptOutputs,
            List<byte[]> extraInputs) {
        Set<String> read = new HashSet<>(keptOutputs);
        for (int i = 0; i < g.nodes.size(); i++) {
            if (!droppedNodes.contains(i)) {
                read.addAll(g.nodes.get(i).inputs);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(graph.length);
        Cursor c = new Cursor(graph);
        int node = 0;
        while (c.hasMore()) {
            Field f = c.next();
            boolean drop = switch (f.number) {
                case GRAPH_NODE -> droppedNodes.contains(node++);
                case GRAPH_INITIALIZER -> !read.contains(stringField(graph, f, TENSOR_NAME));
                case GRAPH_OUTPUT -> !keptOutputs.contains(stringField(graph, f, VALUE_INFO_NAME));
                default -> false;
            };
            if (!drop) {
                out.write(graph, f.start, f.end - f.start);
            }
        }
        for (byte[] input : extraInputs) {
            out.writeBytes(field(GRAPH_INPUT, input));
        }
        return out.toByteArray();
    }

    /** The nodes, initializer names, inputs and outputs of a GraphProto. */
    private record Graph(List<Node> nodes, Set<String> initializers, List<String> inputs, List<String> outputs) {
        static Graph parse(byte[] graph) {
            Graph g = new Graph(new ArrayList<>(), new HashSet<>(), new ArrayList<>(), new ArrayList<>());
            Cursor c = new Cursor(graph);
            while (c.hasMore()) {
                Field f = c.next();
                switch (f.number) {
                    case GRAPH_NODE -> g.nodes.add(Node.parse(graph, f));
                    case GRAPH_INITIALIZER -> g.initializers.add(stringField(graph, f, TENSOR_NAME));
                    case GRAPH_INPUT -> g.inputs.add(stringField(graph, f, VALUE_INFO_NAME));
                    case GRAPH_OUTPUT -> g.outputs.add(stringField(graph, f, VALUE_INFO_NAME));
                    default -> { }
                }
            }
            return g;
        }
    }

    private record Node(String opType, List<String> inputs, List<String> outputs, boolean hasSubgraph) {
        static Node parse(byte[] bytes, Field node) {
            List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            String opType = "";
            boolean subgraph = false;
            Cursor c = new Cursor(bytes, node.payloadStart, node.end);
            while (c.hasMore()) {
                Field f = c.next();
                switch (f.number) {
                    case NODE_INPUT -> inputs.add(f.string(bytes));
                    case NODE_OUTPUT -> outputs.add(f.string(bytes));
                    case NODE_OP_TYPE -> opType = f.string(bytes);
                    case NODE_ATTRIBUTE -> subgraph |= hasField(bytes, f, ATTRIBUTE_GRAPH)
                            || hasField(bytes, f, ATTRIBUTE_GRAPHS);
                    default -> { }
                }
            }
            return new Node(opType, inputs, outputs, subgraph);
        }
    }

    private interface GraphEdit {
        byte[] apply(byte[] graph);
    }

    private static byte[] withGraph(byte[] model, GraphEdit edit) {
        Field f = graphField(model);
        byte[] graph = edit.apply(Arrays.copyOfRange(model, f.payloadStart, f.end));
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 1024);
        out.write(model, 0, f.start);
        out.writeBytes(field(MODEL_GRAPH, graph));
        out.write(model, f.end, model.length - f.end);
        return out.toByteArray();
    }

    private static byte[] graphOf(byte[] model) {
        Field f = graphField(model);
        return Arrays.copyOfRange(model, f.payloadStart, f.end);
    }

    private static Field graphField(byte[] model) {
        Cursor c = new Cursor(model);
        while (c.hasMore()) {
            Field f = c.next();
            if (f.number == MODEL_GRAPH && f.wireType == 2) {
                return f;
            }
        }
        throw new IllegalArgumentException("not an ONNX model: no graph");
    }

    private static String stringField(byte[] bytes, Field message, int number) {
        Cursor c = new Cursor(bytes, message.payloadStart, message.end);
        while (c.hasMore()) {
            Field f = c.next();
            if (f.number == number) {
                return f.string(bytes);
            }
        }
        return "";
    }

    private static boolean hasField(byte[] bytes, Field message, int number) {
        Cursor c = new Cursor(bytes, message.payloadStart, message.end);
        while (c.hasMore()) {
            if (c.next().number == number) {
                return true;
            }
        }
        return false;
    }

    /** A tensor ValueInfoProto; without a type the type is left out. */
    private static byte[] valueInfo(String name, TensorType type) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(field(VALUE_INFO_NAME, name.getBytes(StandardCharsets.UTF_8)));
        if (type != null) {
            ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
            writeVarint(tensorType, TENSOR_ELEM_TYPE << 3);
            writeVarint(tensorType, type.elemType());
            if (type.shape() != null) {
                ByteArrayOutputStream shape = new ByteArrayOutputStream();
                for (long d : type.shape()) {
                    ByteArrayOutputStream dim = new ByteArrayOutputStream();
                    if (d >= 0) {
                        writeVarint(dim, DIM_VALUE << 3);
                        writeVarint(dim, d);
                    }
                    shape.writeBytes(field(SHAPE_DIM, dim.toByteArray()));
                }
                tensorType.writeBytes(field(TENSOR_SHAPE, shape.toByteArray()));
            }
            info.writeBytes(field(VALUE_INFO_TYPE, field(TYPE_TENSOR, tensorType.toByteArray())));
        }
        return info.toByteArray();
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        writeVarint(out, ((long) number << 3) | 2);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** One field of a protobuf message: bytes [start, end), payload of a length-delimited field from payloadStart. */
    private record Field(int number, int wireType, int start, int payloadStart, int end) {
        String string(byte[] bytes) {
            return new String(bytes, payloadStart, end - payloadStart, StandardCharsets.UTF_8);
        }
    }

    /** Reads the fields of a protobuf message in order. */
    private static final class Cursor {
        private final byte[] bytes;
        private final int end;
        private int pos;

        Cursor(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        Cursor(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        Field next() {
            int start = pos;
            long key = varint();
            int number = (int) (key >>> 3), wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 5 -> pos += 4;
                case 2 -> {
                    int length = (int) varint();
                    int payloadStart = pos;
                    pos += length;
                    return new Field(number, wireType, start, payloadStart, pos);
                }
                default -> throw new IllegalArgumentException("not an ONNX model: protobuf wire type " + wireType);
            }
            return new Field(number, wireType, start, pos, pos);
        }

        private long varint() {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                int b = bytes[pos++] & 0xFF;
                result |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return result;
                }
            }
        }
    }
}
