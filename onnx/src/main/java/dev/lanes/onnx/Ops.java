package dev.lanes.onnx;

import dev.lanes.infer.engine.Step;
import dev.lanes.infer.engine.Steps;
import dev.lanes.kernels.Epilogue;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedB;
import dev.lanes.onnx.proto.Onnx.NodeProto;

import java.util.Arrays;
import java.util.Set;

/** The operators Lanes imports: attribute checks at load, shape inference and steps at planning. */
final class Ops {
    /** Operators of the default domain that Lanes runs. */
    static final Set<String> SUPPORTED = Set.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Relu", "LeakyRelu",
            "PRelu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Max", "Flatten", "Identity", "Dropout", "Reshape",
            "Constant", "Transpose");

    private Ops() {}

    /** Reads a constant tensor input (initializer or Constant), or null when the value is computed. */
    interface Constants {
        TensorData get(int slot);
    }

    static Op create(NodeProto node, String where, int opset, int[] in, int out, Constants constants)
            throws OnnxFormatException {
        String type = node.getOpType();
        switch (type) {
            case "Gemm" -> {
                Attrs a = new Attrs(node, where, Set.of("alpha", "beta", "transA", "transB", "broadcast"));
                arity(where, in, 2, 3, 2);
                float alpha = a.f("alpha", 1f);
                float beta = a.f("beta", 1f);
                boolean ta = a.intIn("transA", 0, 0, 1) == 1;
                boolean tb = a.intIn("transB", 0, 0, 1) == 1;
                Op dense = denseLayer(where, in, out, alpha, beta, ta, tb, constants);
                return dense != null ? dense : gemm(where, in, out, alpha, beta, ta, tb);
            }
            case "MatMul" -> {
                new Attrs(node, where, Set.of());
                arity(where, in, 2, 2);
                return matmul(where, in, out);
            }
            case "Add", "Sub", "Mul" -> {
                Attrs a = new Attrs(node, where, Set.of("broadcast", "axis", "consumed_inputs"));
                if (a.has("axis")) throw new OnnxFormatException(where + ": legacy 'axis' broadcasting is not supported");
                arity(where, in, 2, 2);
                return binary(where, in, out, type.equals("Add") ? Op.ADD : type.equals("Sub") ? Op.SUB : Op.MUL);
            }
            case "Max" -> {
                new Attrs(node, where, Set.of("consumed_inputs"));
                arity(where, in, 1, Integer.MAX_VALUE);
                return max(where, in, out);
            }
            case "PRelu" -> {
                new Attrs(node, where, Set.of("consumed_inputs"));
                arity(where, in, 2, 2);
                return prelu(where, in, out, opset < 7);
            }
            case "Relu", "Sigmoid", "Tanh", "Identity" -> {
                new Attrs(node, where, Set.of("consumed_inputs"));
                arity(where, in, 1, 1);
                return unary(where, in, out, type, 0f);
            }
            case "LeakyRelu" -> {
                Attrs a = new Attrs(node, where, Set.of("alpha", "consumed_inputs"));
                arity(where, in, 1, 1);
                return unary(where, in, out, type, a.f("alpha", 0.01f));
            }
            case "Dropout" -> {
                Attrs a = new Attrs(node, where, Set.of("ratio", "is_test", "seed"));
                if (a.has("is_test") && a.i("is_test", 1) == 0) {
                    throw new OnnxFormatException(where + ": training-mode Dropout is not supported");
                }
                arity(where, in, 1, 3, 1);
                if (in.length == 3 && in[2] >= 0) {
                    TensorData mode = constants.get(in[2]);
                    if (mode == null || mode.longs == null && mode.floats == null) {
                        throw new OnnxFormatException(where + ": training_mode must be a constant");
                    }
                    boolean training = mode.longs != null ? mode.longs.length > 0 && mode.longs[0] != 0
                            : mode.floats.length > 0 && mode.floats[0] != 0;
                    if (training) throw new OnnxFormatException(where + ": training-mode Dropout is not supported");
                }
                return unary(where, new int[] {in[0]}, out, "Identity", 0f);
            }
            case "Softmax", "LogSoftmax" -> {
                Attrs a = new Attrs(node, where, Set.of("axis"));
                arity(where, in, 1, 1);
                long axis = a.i("axis", opset < 13 ? 1 : -1);
                return softmax(where, in, out, type.equals("LogSoftmax"), (int) Math.max(-64, Math.min(64, axis)),
                        opset >= 13);
            }
            case "Flatten" -> {
                Attrs a = new Attrs(node, where, Set.of("axis"));
                arity(where, in, 1, 1);
                return flatten(where, in, out, (int) Math.max(-64, Math.min(64, a.i("axis", 1))));
            }
            case "Reshape" -> {
                Attrs a = new Attrs(node, where, Set.of("allowzero", "shape"));
                if (a.has("shape")) throw new OnnxFormatException(where + ": Reshape-1 (shape attribute) is not supported");
                arity(where, in, 2, 2);
                TensorData shape = constants.get(in[1]);
                if (shape == null || shape.longs == null || shape.shape.length != 1) {
                    throw new OnnxFormatException(where + ": the target shape must be a constant 1-D int64 tensor");
                }
                return reshape(where, in, out, shape.longs, a.intIn("allowzero", 0, 0, 1) == 1);
            }
            case "Transpose" -> {
                Attrs a = new Attrs(node, where, Set.of("perm"));
                arity(where, in, 1, 1);
                if (a.has("perm") && !a.ints("perm").getIntsList().equals(java.util.List.of(1L, 0L))) {
                    throw new OnnxFormatException(where + ": only the 2-D transpose (perm [1, 0]) is supported");
                }
                return transpose(where, in, out);
            }
            default -> throw new OnnxFormatException(where + ": operator " + type + " is not supported");
        }
    }

    /** Between min and max inputs, every one given (a name, not ""). */
    private static void arity(String where, int[] in, int min, int max) throws OnnxFormatException {
        arity(where, in, min, max, max);
    }

    /**
     * Between min and max inputs; those from {@code optionalFrom} on may be empty ("", ONNX's omitted optional
     * input, which reaches the ops as slot -1), the others must be given. Every op reads only the inputs this
     * lets through, so no slot index is ever -1 where a value is read.
     */
    private static void arity(String where, int[] in, int min, int max, int optionalFrom)
            throws OnnxFormatException {
        if (in.length < min || in.length > max) {
            throw new OnnxFormatException(where + ": " + in.length + " inputs, expected " + min
                    + (max == min ? "" : max == Integer.MAX_VALUE ? " or more" : " to " + max));
        }
        for (int i = 0; i < Math.min(in.length, optionalFrom); i++) {
            if (in[i] < 0) throw new OnnxFormatException(where + ": input " + i + " is empty (\"\"), but "
                    + (i < min ? "it is required" : "this operator has no optional inputs"));
        }
    }

    /**
     * A Gemm that is a dense layer — B a constant 2-D tensor, A not transposed, α = 1, and no C or a constant
     * C of n values (shape [n] or [1, n]) with β = 1 — runs as the Lanes engine's dense step: B packed once,
     * here at load, for this JVM's kernels, and the bias added in the product's epilogue
     * ({@link Kernels#gemmPacked}), as Lanes' own models do. Null for any other Gemm.
     */
    private static Op denseLayer(String where, int[] in, int out, float alpha, float beta, boolean ta, boolean tb,
                                 Constants constants) {
        TensorData b = constants.get(in[1]);
        if (ta || alpha != 1f || b == null || b.floats == null || b.shape.length != 2) {
            return null;
        }
        int k = tb ? b.shape[1] : b.shape[0];
        int n = tb ? b.shape[0] : b.shape[1];
        if (k == 0 || n == 0) {
            return null; // an empty B: the general Gemm handles every zero dimension; there is nothing to pack
        }
        float[] bias = null;
        if (in.length == 3 && in[2] >= 0 && beta != 0f) {
            TensorData c = constants.get(in[2]);
            boolean row = c != null && c.floats != null && (c.shape.length == 1 && c.shape[0] == n
                    || c.shape.length == 2 && c.shape[0] == 1 && c.shape[1] == n);
            if (!row || beta != 1f) {
                return null;
            }
            bias = c.floats;
        }
        return new DenseOp(where, in, out, Kernels.pack(b.floats, 0, b.shape[1], tb, k, n), bias, Epilogue.NONE);
    }

    /**
     * A Gemm run as the engine's dense step ({@link Steps#dense}); {@link OnnxModel} fuses a Relu that alone
     * reads its output into its epilogue ({@link #withRelu}), as the Lanes model compiler fuses Dense + Relu.
     */
    static final class DenseOp extends Op {
        private final PackedB packed;
        private final float[] bias;
        final Epilogue epilogue;

        DenseOp(String where, int[] in, int out, PackedB packed, float[] bias, Epilogue epilogue) {
            super(where, in, out);
            this.packed = packed;
            this.bias = bias;
            this.epilogue = epilogue;
        }

        /** This product with the ReLU fused into its store, writing {@code reluOut} (the Relu's output). */
        DenseOp withRelu(int reluOut) {
            return new DenseOp(where, in, reluOut, packed, bias, Epilogue.RELU);
        }

        @Override
        Step plan(int[][] shapes) throws OnnxFormatException {
            int k = packed.rows(), n = packed.columns();
            int[] a = shapes[in[0]];
            if (a.length != 2) {
                throw new OnnxFormatException(where + ": A must be 2-D, got " + Arrays.toString(a));
            }
            if (a[1] != k) {
                throw new OnnxFormatException(where + ": inner dimensions " + a[1] + " and " + k + " differ");
            }
            int[] o = {a[0], n};
            Shapes.size(o, where);
            shapes[out] = o;
            return Steps.dense(out, in[0], a[0], packed, bias, epilogue);
        }
    }

    private static Op gemm(String where, int[] in, int out, float alpha, float beta, boolean ta, boolean tb) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] a = shapes[in[0]], b = shapes[in[1]];
                if (a.length != 2 || b.length != 2) throw new OnnxFormatException(where + ": A and B must be 2-D, got "
                        + Arrays.toString(a) + " and " + Arrays.toString(b));
                int m = ta ? a[1] : a[0], k = ta ? a[0] : a[1];
                int kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
                if (k != kb) throw new OnnxFormatException(where + ": inner dimensions " + k + " and " + kb + " differ");
                int[] o = {m, n};
                Shapes.size(o, where);
                shapes[out] = o;
                int sa = in[0], sb = in[1], so = out, lda = a[1], ldb = b[1];
                boolean bias = in.length == 3 && in[2] >= 0 && beta != 0f;
                if (m == 0 || n == 0) return (slots, rows) -> { };
                if (!bias) {
                    if (k == 0) return (slots, rows) -> Arrays.fill(slots[so], 0, m * n, 0f);
                    return (slots, rows) -> Kernels.gemm(slots[so], 0, n, slots[sa], 0, lda, ta, slots[sb], 0, ldb, tb,
                            m, n, k, alpha, 0f);
                }
                int[] c = shapes[in[2]];
                if (c.length > 2 || !Arrays.equals(Shapes.broadcast(c, o, where), o)) {
                    throw new OnnxFormatException(where + ": bias C " + Arrays.toString(c)
                            + " does not broadcast to " + Arrays.toString(o));
                }
                int sc = in[2];
                int[] strides = Shapes.broadcastStrides(c, o);
                int[] counter = new int[2];
                return (slots, rows) -> {
                    float[] y = slots[so];
                    Op.broadcastCopy(y, o, slots[sc], strides, counter);
                    if (k == 0) {
                        Kernels.scaleInPlace(y, 0, beta, m * n);
                    } else {
                        Kernels.gemm(y, 0, n, slots[sa], 0, lda, ta, slots[sb], 0, ldb, tb, m, n, k, alpha, beta);
                    }
                };
            }
        };
    }

    private static Op matmul(String where, int[] in, int out) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] a = shapes[in[0]], b = shapes[in[1]];
                // A: (..., K) with any leading dimensions, B: (K, N): one GEMM of (prod(...), K) · (K, N).
                if (a.length < 2 || b.length != 2) throw new OnnxFormatException(where
                        + ": MatMul needs A of rank ≥ 2 and a 2-D B, got " + Arrays.toString(a) + " × "
                        + Arrays.toString(b));
                int r = a.length;
                if (a[r - 1] != b[0]) throw new OnnxFormatException(where + ": inner dimensions " + a[r - 1]
                        + " and " + b[0] + " differ");
                int m = Shapes.product(a, 0, r - 1), k = a[r - 1], n = b[1];
                int[] o = a.clone();
                o[r - 1] = n;
                shapes[out] = o;
                Shapes.size(shapes[out], where);
                int sa = in[0], sb = in[1], so = out;
                if (m == 0 || n == 0) return (slots, rows) -> { };
                if (k == 0) return (slots, rows) -> Arrays.fill(slots[so], 0, m * n, 0f);
                return (slots, rows) -> Kernels.gemm(slots[so], 0, n, slots[sa], 0, k, false, slots[sb], 0, n, false,
                        m, n, k, 1f, 0f);
            }
        };
    }

    private static Op binary(String where, int[] in, int out, int kind) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] a = shapes[in[0]], b = shapes[in[1]];
                int[] o = Shapes.broadcast(a, b, where);
                shapes[out] = o;
                return Op.broadcastStep(kind, in[0], a, in[1], b, out, o);
            }
        };
    }

    private static Op transpose(String where, int[] in, int out) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] x = shapes[in[0]];
                if (x.length != 2) throw new OnnxFormatException(where + ": only 2-D Transpose is supported, got "
                        + Arrays.toString(x));
                int m = x[0], n = x[1], si = in[0], so = out;
                shapes[out] = new int[] {n, m};
                return (slots, rows) -> {
                    float[] a = slots[si], t = slots[so];
                    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
                };
            }
        };
    }

    /** PRelu; before opset 7 a 1-D slope of one value per channel applies along axis 1 (channels). */
    private static Op prelu(String where, int[] in, int out, boolean channelSlope) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] x = shapes[in[0]], slope = shapes[in[1]];
                if (channelSlope && slope.length == 1 && x.length > 2 && slope[0] == x[1] && slope[0] != 1) {
                    slope = new int[x.length - 1];
                    Arrays.fill(slope, 1);
                    slope[0] = x[1];
                }
                if (!Arrays.equals(Shapes.broadcast(x, slope, where), x)) {
                    throw new OnnxFormatException(where + ": slope " + Arrays.toString(slope)
                            + " does not broadcast to X " + Arrays.toString(x));
                }
                shapes[out] = x;
                return Op.broadcastStep(Op.PRELU, in[0], x, in[1], slope, out, x);
            }
        };
    }

    private static Op max(String where, int[] in, int out) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] o = shapes[in[0]];
                for (int i = 1; i < in.length; i++) o = Shapes.broadcast(o, shapes[in[i]], where);
                shapes[out] = o;
                int n = Shapes.product(o, 0, o.length);
                int first = in[0], so = out;
                int[] strides = Shapes.broadcastStrides(shapes[first], o);
                int[] counter = new int[o.length];
                int[] oShape = o;
                Step[] folds = new Step[in.length - 1];
                for (int i = 1; i < in.length; i++) {
                    folds[i - 1] = Op.broadcastStep(Op.MAX, out, o, in[i], shapes[in[i]], out, o);
                }
                return (slots, rows) -> {
                    if (n == 0) return;
                    Op.broadcastCopy(slots[so], oShape, slots[first], strides, counter);
                    for (Step f : folds) f.run(slots, rows);
                };
            }
        };
    }

    private static Op unary(String where, int[] in, int out, String type, float alpha) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] x = shapes[in[0]];
                shapes[out] = x;
                int n = Shapes.product(x, 0, x.length);
                return switch (type) {
                    case "Relu" -> Steps.relu(out, in[0], n);
                    case "LeakyRelu" -> Steps.leakyRelu(out, in[0], n, alpha);
                    case "Sigmoid" -> Steps.sigmoid(out, in[0], n);
                    case "Tanh" -> Steps.tanh(out, in[0], n);
                    default -> Steps.copy(out, in[0], n);
                };
            }
        };
    }

    private static Op flatten(String where, int[] in, int out, int axisAttr) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] x = shapes[in[0]];
                int axis = Shapes.axis(axisAttr, x.length, true, where);
                shapes[out] = new int[] {Shapes.product(x, 0, axis), Shapes.product(x, axis, x.length)};
                return Steps.copy(out, in[0], Shapes.product(x, 0, x.length));
            }
        };
    }

    private static Op reshape(String where, int[] in, int out, long[] target, boolean allowZero) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] x = shapes[in[0]];
                int n = Shapes.product(x, 0, x.length);
                int[] o = new int[target.length];
                int infer = -1;
                long known = 1;
                for (int i = 0; i < o.length; i++) {
                    long d = target[i];
                    if (d == -1) {
                        if (infer >= 0) throw new OnnxFormatException(where + ": more than one -1 in the shape");
                        infer = i;
                        continue;
                    }
                    if (d == 0 && !allowZero) {
                        if (i >= x.length) throw new OnnxFormatException(where + ": 0 copies a missing dimension");
                        d = x[i];
                    }
                    if (d < 0 || d > Shapes.MAX_ELEMENTS) {
                        throw new OnnxFormatException(where + ": invalid dimension " + d);
                    }
                    o[i] = (int) d;
                    known *= d;
                    if (known > Shapes.MAX_ELEMENTS) throw new OnnxFormatException(where + ": shape too large");
                }
                if (infer >= 0) {
                    if (known == 0 || n % known != 0) throw new OnnxFormatException(where + ": cannot infer -1 for "
                            + n + " elements and " + Arrays.toString(target));
                    o[infer] = (int) (n / known);
                } else if (known != n) {
                    throw new OnnxFormatException(where + ": " + Arrays.toString(target) + " does not hold " + n
                            + " elements");
                }
                shapes[out] = o;
                return Steps.copy(out, in[0], n);
            }
        };
    }

    private static Op softmax(String where, int[] in, int out, boolean log, int axisAttr, boolean perAxis) {
        return new Op(where, in, out) {
            @Override
            Step plan(int[][] shapes) throws OnnxFormatException {
                int[] x = shapes[in[0]];
                shapes[out] = x;
                int r = x.length;
                int axis = Shapes.axis(axisAttr, Math.max(r, 1), !perAxis, where);
                int outer, len, inner;
                if (perAxis) {
                    outer = Shapes.product(x, 0, axis);
                    len = r == 0 ? 1 : x[axis];
                    inner = Shapes.product(x, axis + 1, r);
                } else { // opset < 13: the input is seen as 2-D, (prod x[:axis], prod x[axis:])
                    outer = Shapes.product(x, 0, Math.min(axis, r));
                    len = Shapes.product(x, Math.min(axis, r), r);
                    inner = 1;
                }
                int si = in[0], so = out;
                if (outer == 0 || len == 0 || inner == 0) return (slots, rows) -> { };
                if (inner == 1) return Steps.softmax(so, si, outer, len, log);
                return (slots, rows) -> strided(slots[so], slots[si], outer, len, inner, log);
            }
        };
    }

    /** Softmax along a middle axis: x: (outer, len, inner), row-major; subtracts the maximum first. */
    private static void strided(float[] y, float[] x, int outer, int len, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                float max = x[base];
                for (int j = 1; j < len; j++) max = Math.max(max, x[base + j * inner]);
                double sum = 0;
                for (int j = 0; j < len; j++) sum += Math.exp(x[base + j * inner] - max);
                if (log) {
                    float lse = (float) Math.log(sum);
                    for (int j = 0; j < len; j++) y[base + j * inner] = x[base + j * inner] - max - lse;
                } else {
                    for (int j = 0; j < len; j++) y[base + j * inner] = (float) (Math.exp(x[base + j * inner] - max) / sum);
                }
            }
        }
    }
}
