package com.cifarlab.training.dl4j;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * oneDNN itself (JavaCPP's {@code org.bytedeco:dnnl} build), which the Small CNN's convolution and
 * pooling layers call directly. libnd4j also carries oneDNN, but its ops take and return plain NCHW
 * arrays, so every call reorders activations into oneDNN's blocked layout and back (38% of a step
 * in oneDNN's verbose log), and its backward convolution always computes the input gradient, which
 * the network's first layer has no use for. Called directly, activations stay in the blocked layout
 * from the first convolution to the last pooling, and each primitive computes only what is used.
 */
final class Dnnl {

    /** Why oneDNN cannot be used here, or null when it can. */
    private static final String UNAVAILABLE;
    private static final engine CPU;
    private static final memory.format_tag BLOCKED;

    static {
        String unavailable = null;
        engine cpu = null;
        memory.format_tag blocked = null;
        try {
            cpu = new engine(engine.kind.cpu, 0);
            blocked = probeBlockedFormat(cpu);
        } catch (RuntimeException | LinkageError e) {
            unavailable = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        UNAVAILABLE = unavailable;
        CPU = cpu;
        BLOCKED = blocked;
    }

    private Dnnl() {
    }

    /** Whether oneDNN loaded on this machine. */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /**
     * E.g. "oneDNN 2.5.2 (blocked layout nChw8c)", or why it did not load. The name is made here:
     * JavaCPP's enum prints oneDNN's generic alias of the same layout, aBcd8b.
     */
    static String describe() {
        if (!available()) {
            return "oneDNN did not load (" + UNAVAILABLE + ")";
        }
        return "oneDNN " + dnnl.DNNL_VERSION_MAJOR + "." + dnnl.DNNL_VERSION_MINOR + "." + dnnl.DNNL_VERSION_PATCH
                + " (" + (channelBlock() > 1 ? "blocked layout nChw" + channelBlock() + "c" : "plain layout nchw") + ")";
    }

    /** How many channels a block of the blocked layout holds: 16, 8, or 1 where oneDNN prefers plain NCHW. */
    static int channelBlock() {
        return BLOCKED == memory.format_tag.nChw16c ? 16 : BLOCKED == memory.format_tag.nChw8c ? 8 : 1;
    }

    static engine engine() {
        return CPU;
    }

    /**
     * The blocked layout oneDNN's convolutions prefer on this CPU (channels in blocks of 8 with AVX2,
     * 16 with AVX-512), asked of oneDNN itself rather than guessed from the instruction set.
     */
    private static memory.format_tag probeBlockedFormat(engine cpu) {
        long[] stride = {1, 1};
        long[] padding = {1, 1};
        try (memory.desc in = desc(new long[] {1, 32, 16, 16}, memory.format_tag.any);
             memory.desc weights = desc(new long[] {64, 32, 3, 3}, memory.format_tag.any);
             memory.desc bias = desc(new long[] {64}, memory.format_tag.x);
             memory.desc out = desc(new long[] {1, 64, 16, 16}, memory.format_tag.any);
             convolution_forward.desc probe = new convolution_forward.desc(dnnl.prop_kind.forward_training,
                     dnnl.algorithm.convolution_direct, in, weights, bias, out, stride, padding, padding);
             convolution_forward.primitive_desc chosen = new convolution_forward.primitive_desc(probe, cpu);
             memory.desc preferred = chosen.dst_desc()) {
            for (memory.format_tag tag : new memory.format_tag[] {memory.format_tag.nChw16c, memory.format_tag.nChw8c}) {
                try (memory.desc candidate = desc(new long[] {1, 64, 16, 16}, tag)) {
                    if (preferred.equals(candidate)) {
                        return tag;
                    }
                }
            }
            return memory.format_tag.nchw;
        }
    }

    /** Which of oneDNN's implementations a primitive runs, e.g. "jit:avx2", or "ref:any" for its slow reference code. */
    static String implementation(primitive_desc_base chosen) {
        return chosen.impl_info_str().getString();
    }

    /** A float memory descriptor. */
    static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** The layout activations keep between the network's oneDNN layers, or plain NCHW at its edges. */
    static memory.desc activations(long[] dims, boolean blocked) {
        return desc(dims, blocked ? BLOCKED : memory.format_tag.nchw);
    }

    /** Whether {@code dims} fill the blocked layout exactly, so an NCHW-sized array can hold it. */
    static boolean fitsBlocked(long[] dims) {
        try (memory.desc blocked = activations(dims, true)) {
            return blocked.get_size() == Shape.lengthOf(dims) * Float.BYTES;
        }
    }

    /** Arguments for one primitive, built once and pointing at memories whose data change per call. */
    static IntMemoryMap arguments(Object... argumentThenMemory) {
        IntMemoryMap arguments = new IntMemoryMap();
        for (int i = 0; i < argumentThenMemory.length; i += 2) {
            arguments.put((Integer) argumentThenMemory[i], (memory) argumentThenMemory[i + 1]);
        }
        return arguments;
    }

    /** A plain row-major float array whose data oneDNN may read or write in place. */
    static INDArray contiguous(INDArray array) {
        if (array.dataType() == DataType.FLOAT && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)
                && array.offset() == 0) {
            return array;
        }
        return array.castTo(DataType.FLOAT).dup('c');
    }

    /** Points {@code memory} at the data of {@code array}, a result of {@link #contiguous}. */
    static void bind(memory memory, INDArray array) {
        memory.set_data_handle(array.data().addressPointer());
    }

    /**
     * One tensor as a primitive wants it, and as the network's arrays hold it: the same memory when
     * the layouts agree, else a buffer of oneDNN's own and a reorder between the two.
     */
    static final class Tensor implements AutoCloseable {

        private final memory user;
        private final memory wanted;
        private final reorder toWanted;
        private final reorder toUser;

        Tensor(memory.desc userLayout, memory.desc wantedLayout) {
            user = new memory(userLayout, CPU, new Pointer());
            if (userLayout.equals(wantedLayout)) {
                wanted = user;
                toWanted = null;
                toUser = null;
            } else {
                wanted = new memory(wantedLayout, CPU);
                toWanted = new reorder(user, wanted);
                toUser = new reorder(wanted, user);
            }
        }

        /** The memory to hand the primitive. */
        memory primitive() {
            return wanted;
        }

        /** Reads {@code array} as the primitive's input. */
        void read(stream stream, INDArray array) {
            bind(user, array);
            if (toWanted != null) {
                toWanted.execute(stream, user, wanted);
            }
        }

        /** Points the primitive's output at {@code array}, or at the buffer {@link #written} copies out of. */
        void writeTo(INDArray array) {
            bind(user, array);
        }

        /** Completes a write: copies the primitive's result into the array when the layouts differ. */
        void written(stream stream) {
            if (toUser != null) {
                toUser.execute(stream, wanted, user);
            }
        }

        @Override
        public void close() {
            closeAll(toWanted, toUser, wanted == user ? null : wanted, user);
        }
    }

    /** Closes what is there, in order. */
    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not release a oneDNN object", e);
                }
            }
        }
    }
}
