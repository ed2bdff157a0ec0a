package com.cifarlab.training.dl4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * DL4J's 2×2, stride-2 max-pooling layer (channels first), computed here in one pass that also
 * remembers, while training, where each maximum was, so back-propagation only scatters the gradient
 * to those places. DL4J hands pooling to oneDNN, which for plain NCHW arrays on AVX2 has only its
 * reference loop ({@code simple_nchw} in oneDNN's verbose log) and whose backward pass finds the
 * maxima again: 107 ms of a 234 ms Small CNN step on a 2-core AMD EPYC, where libnd4j's own ops
 * take 28 ms. The maximum of each window and the place its gradient goes are DL4J's (the first of
 * equal values), so training gives the same weights. Only {@link LeanLayers} creates it, and only
 * for that kernel, stride and format, for the duration of a run.
 */
final class LeanMaxPoolingLayer extends SubsamplingLayer {

    /** Planes copied to the heap at a time: a bulk copy and a loop over an array beat reading native memory value by value. */
    private static final int CHUNK_PLANES = 64;

    /** For each output value of the last training forward pass, which of its window's four inputs was the largest. */
    private byte[] winners = new byte[0];
    private INDArray pooledInput;
    private float[] inChunk = new float[0];
    private float[] outChunk = new float[0];

    LeanMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray source = contiguous(input);
        Geometry g = new Geometry(source.shape());
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, source.dataType(),
                new long[] {source.size(0), source.size(1), g.outHeight, g.outWidth}, 'c');
        if (training && winners.length < g.outputs()) {
            winners = new byte[g.outputs()];
        }
        FloatBuffer in = buffer(source);
        FloatBuffer out = buffer(output);
        for (int first = 0; first < g.planes; first += CHUNK_PLANES) {
            int planes = Math.min(CHUNK_PLANES, g.planes - first);
            float[] src = chunk(in, planes * g.planeSize(), true);
            float[] dst = outChunk(planes * g.outPlaneSize());
            int o = 0;
            for (int plane = 0; plane < planes; plane++) {
                int planeStart = plane * g.planeSize();
                for (int y = 0; y < g.outHeight; y++) {
                    int row = planeStart + 2 * y * g.width;
                    for (int x = 0; x < g.outWidth; x++, o++) {
                        int topLeft = row + 2 * x;
                        float best = src[topLeft];
                        byte winner = 0;
                        if (src[topLeft + 1] > best) {
                            best = src[topLeft + 1];
                            winner = 1;
                        }
                        if (src[topLeft + g.width] > best) {
                            best = src[topLeft + g.width];
                            winner = 2;
                        }
                        if (src[topLeft + g.width + 1] > best) {
                            best = src[topLeft + g.width + 1];
                            winner = 3;
                        }
                        dst[o] = best;
                        if (training) {
                            winners[first * g.outPlaneSize() + o] = winner;
                        }
                    }
                }
            }
            out.put(dst, 0, o);
        }
        pooledInput = training ? input : null;
        return output;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (pooledInput != input) {
            // Back-propagation without this input's training forward pass: find the maxima again.
            activate(true, LayerWorkspaceMgr.noWorkspaces());
        }
        Geometry g = new Geometry(input.shape());
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                input.shape(), 'c');
        FloatBuffer eps = buffer(contiguous(epsilon));
        FloatBuffer grad = buffer(gradient);
        for (int first = 0; first < g.planes; first += CHUNK_PLANES) {
            int planes = Math.min(CHUNK_PLANES, g.planes - first);
            float[] delta = outChunk(planes * g.outPlaneSize());
            eps.get(delta, 0, planes * g.outPlaneSize());
            float[] dst = chunk(null, planes * g.planeSize(), false);
            Arrays.fill(dst, 0, planes * g.planeSize(), 0f);
            int o = 0;
            for (int plane = 0; plane < planes; plane++) {
                int planeStart = plane * g.planeSize();
                for (int y = 0; y < g.outHeight; y++) {
                    int row = planeStart + 2 * y * g.width;
                    for (int x = 0; x < g.outWidth; x++, o++) {
                        int winner = winners[first * g.outPlaneSize() + o];
                        dst[row + 2 * x + (winner >> 1) * g.width + (winner & 1)] = delta[o];
                    }
                }
            }
            grad.put(dst, 0, planes * g.planeSize());
        }
        pooledInput = null;
        return new Pair<>(new DefaultGradient(), gradient);
    }

    @Override
    public void clear() {
        super.clear();
        pooledInput = null;
    }

    /** The sizes of an NCHW input and of its pooled output; the output drops an odd last row or column. */
    private record Geometry(int planes, int height, int width, int outHeight, int outWidth) {

        Geometry(long[] shape) {
            this(Math.toIntExact(shape[0] * shape[1]), Math.toIntExact(shape[2]), Math.toIntExact(shape[3]),
                    Math.toIntExact(shape[2] / 2), Math.toIntExact(shape[3] / 2));
        }

        int planeSize() {
            return height * width;
        }

        int outPlaneSize() {
            return outHeight * outWidth;
        }

        int outputs() {
            return planes * outPlaneSize();
        }
    }

    /** The reused input-sized chunk, filled from {@code source} when it is given. */
    private float[] chunk(FloatBuffer source, int size, boolean fill) {
        if (inChunk.length < size) {
            inChunk = new float[size];
        }
        if (fill) {
            source.get(inChunk, 0, size);
        }
        return inChunk;
    }

    private float[] outChunk(int size) {
        if (outChunk.length < size) {
            outChunk = new float[size];
        }
        return outChunk;
    }

    /** The array's values from its first one on, as a buffer positioned there. */
    private static FloatBuffer buffer(INDArray array) {
        FloatBuffer buffer = array.data().asNioFloat();
        buffer.position(Math.toIntExact(array.offset()));
        return buffer;
    }

    /** The array itself when it is a plain row-major block, else a row-major copy. */
    private static INDArray contiguous(INDArray array) {
        return array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array) ? array : array.dup('c');
    }
}
