package com.cifarlab.training.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 3×3 convolution (stride 1, "same" padding) with bias and ReLU for inference, by Winograd's
 * minimal filtering F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural
 * Networks", 2016): a 4×4 block of outputs comes from a 6×6 block of inputs in 36 multiplications
 * per pair of channels instead of 144. On AVX2, oneDNN 2.5's direct convolution already runs near
 * a core's peak and it has this algorithm only for AVX-512, so the Small CNN's validation stayed
 * above 5% of an epoch; this does a quarter of the multiplications of its two big convolutions.
 *
 * <p>Activations stay in oneDNN's blocked layout, so one vector holds the channels of a block at
 * one pixel: the transforms run a block at a time through the JDK's Vector API, and the 36
 * products of each chunk of images are one batched oneDNN matmul, [36 × tiles × in] by
 * [36 × in × out]. Chunks are small enough for the transformed tiles to stay in cache. Results
 * differ from a direct convolution's by float rounding (about 1e-5 relative), so only evaluation
 * uses it: training keeps the direct convolution, whose weights the tests pin bit for bit.
 */
final class WinogradConvolution implements AutoCloseable {

    /** The side of an output tile. */
    static final int TILE = 4;
    /** The side of the input tile an output tile needs. */
    private static final int SIDE = TILE + 2;
    private static final int POINTS = SIDE * SIDE;
    /** Transformed input floats per chunk over the 36 points, 576 kB: the chunk size measured fastest on the Small CNN's shapes. */
    private static final int CHUNK_FLOATS_PER_POINT = 4096;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final VectorSpecies<Float> species;
    private final int lanes;
    private final int images;
    private final int in;
    private final int out;
    private final int height;
    private final int width;
    private final int tilesY;
    private final int tilesX;
    private final int tiles;
    private final int chunk;
    private final int paddedHeight;
    private final int paddedWidth;
    /** Floats between one transform point's rows of the matmul's input and of its output, and between the rows of a first pass. */
    private final int inputPoint;
    private final int productPoint;
    private final int firstPassRow;
    /** Transformed weights [36][in][out], transformed inputs [36][chunk tiles][in], products [36][chunk tiles][out]. */
    private final FloatPointer weights;
    private final FloatPointer transformed;
    private final FloatPointer products;
    private final ByteBuffer transformedBytes;
    private final ByteBuffer productBytes;
    private final float[] weightTransform;
    private final float[] bias;
    /** One chunk of input, zero-padded by a pixel on every side. */
    private final float[] padded;
    private final float[] columns;
    private final float[] rows;
    private final stream stream;
    private final Product full;
    private final Product last;

    WinogradConvolution(long[] inputShape, long outChannels, stream stream) {
        this.stream = stream;
        lanes = Dnnl.channelBlock();
        species = speciesFor(lanes);
        images = (int) inputShape[0];
        in = (int) inputShape[1];
        out = (int) outChannels;
        height = (int) inputShape[2];
        width = (int) inputShape[3];
        tilesY = height / TILE;
        tilesX = width / TILE;
        tiles = tilesY * tilesX;
        chunk = Math.max(1, Math.min(images, CHUNK_FLOATS_PER_POINT / in / tiles));
        paddedHeight = height + 2;
        paddedWidth = width + 2;
        inputPoint = chunk * tiles * in;
        productPoint = chunk * tiles * out;
        firstPassRow = SIDE * lanes;
        weights = new FloatPointer((long) POINTS * in * out);
        transformed = new FloatPointer((long) POINTS * inputPoint);
        products = new FloatPointer((long) POINTS * productPoint);
        transformedBytes = bytes(transformed);
        productBytes = bytes(products);
        weightTransform = new float[POINTS * in * out];
        bias = new float[out];
        padded = new float[chunk * in * paddedHeight * paddedWidth];
        columns = new float[POINTS * lanes];
        rows = new float[SIDE * TILE * lanes];
        full = new Product(chunk);
        int remainder = images % chunk;
        last = remainder == 0 ? full : new Product(remainder);
    }

    /** Whether the Vector API has a species of {@code lanes} floats this CPU computes in hardware. */
    static boolean vectorsHold(int lanes) {
        return (lanes == 8 || lanes == 16) && FloatVector.SPECIES_PREFERRED.length() >= lanes;
    }

    private static VectorSpecies<Float> speciesFor(int lanes) {
        return lanes == 16 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    }

    private static ByteBuffer bytes(FloatPointer pointer) {
        return new BytePointer(pointer).limit(pointer.limit() * Float.BYTES).asByteBuffer().order(ORDER);
    }

    /** The implementation, for the log and the tests, e.g. "winograd F(4x4,3x3), matmul gemm:jit". */
    String implementation() {
        return "winograd F(4x4,3x3), vectors of " + lanes + ", matmul " + full.implementation;
    }

    /**
     * {@code output} = ReLU(conv({@code input}) + {@code biasValues}), both activations plain
     * arrays of {@link Dnnl#contiguous} holding the blocked layout; {@code kernel} is DL4J's
     * [out, in, 3, 3] weights.
     */
    void forward(INDArray kernel, INDArray biasValues, INDArray input, INDArray output) {
        transformWeights(kernel.castTo(DataType.FLOAT).dup('c').data().asFloat(),
                biasValues.castTo(DataType.FLOAT).dup('c').data().asFloat());
        FloatBuffer source = input.data().asNio().order(ORDER).asFloatBuffer();
        ByteBuffer target = output.data().asNio().order(ORDER);
        for (int first = 0; first < images; first += chunk) {
            int count = Math.min(chunk, images - first);
            pad(source, first, count);
            transformInputs(count);
            (count == chunk ? full : last).run();
            transformProducts(target, first, count);
        }
    }

    /** U = G g Gᵀ for every pair of channels, laid out [point][in][out] for the matmul. */
    private void transformWeights(float[] kernel, float[] biasValues) {
        System.arraycopy(biasValues, 0, bias, 0, out);
        float[] half = new float[SIDE * 3];
        float[] point = new float[SIDE];
        int pointStride = in * out;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                int g = (o * in + i) * 9;
                for (int column = 0; column < 3; column++) {
                    filterTransform(kernel[g + column], kernel[g + 3 + column], kernel[g + 6 + column], point);
                    for (int r = 0; r < SIDE; r++) {
                        half[r * 3 + column] = point[r];
                    }
                }
                for (int r = 0; r < SIDE; r++) {
                    filterTransform(half[r * 3], half[r * 3 + 1], half[r * 3 + 2], point);
                    for (int c = 0; c < SIDE; c++) {
                        weightTransform[(r * SIDE + c) * pointStride + i * out + o] = point[c];
                    }
                }
            }
        }
        weights.position(0).put(weightTransform, 0, weightTransform.length);
    }

    /** G applied to three filter taps. */
    private static void filterTransform(float g0, float g1, float g2, float[] into) {
        into[0] = g0 / 4f;
        into[1] = -(g0 + g1 + g2) / 6f;
        into[2] = -(g0 - g1 + g2) / 6f;
        into[3] = g0 / 24f + g1 / 12f + g2 / 6f;
        into[4] = g0 / 24f - g1 / 12f + g2 / 6f;
        into[5] = g2;
    }

    /** Copies images [first, first + count) row by row into the padded chunk, whose border stays zero. */
    private void pad(FloatBuffer source, int first, int count) {
        int blocks = in / lanes;
        int rowFloats = width * lanes;
        for (int image = 0; image < count; image++) {
            for (int block = 0; block < blocks; block++) {
                int plane = (first + image) * blocks + block;
                int paddedPlane = image * blocks + block;
                for (int y = 0; y < height; y++) {
                    source.get((plane * height + y) * rowFloats, padded,
                            ((paddedPlane * paddedHeight + y + 1) * paddedWidth + 1) * lanes, rowFloats);
                }
            }
        }
    }

    /** V = Bᵀ d B for every tile and channel block of the chunk. */
    private void transformInputs(int count) {
        int blocks = in / lanes;
        int rowStride = paddedWidth * lanes;
        for (int image = 0; image < count; image++) {
            for (int block = 0; block < blocks; block++) {
                int plane = (image * blocks + block) * paddedHeight * rowStride;
                for (int ty = 0; ty < tilesY; ty++) {
                    for (int tx = 0; tx < tilesX; tx++) {
                        int corner = plane + ty * TILE * rowStride + tx * TILE * lanes;
                        for (int c = 0; c < SIDE; c++) {
                            inputColumn(corner + c * lanes, rowStride, c * lanes);
                        }
                        int tile = (image * tilesY + ty) * tilesX + tx;
                        for (int r = 0; r < SIDE; r++) {
                            inputRow(r * firstPassRow, (r * SIDE * inputPoint + tile * in + block * lanes) * Float.BYTES);
                        }
                    }
                }
            }
        }
    }

    /*
     * Each pass of both transforms loads and stores its own vectors: a vector handed to a method C2
     * declines to inline is boxed on the heap, which made the input transform several times slower.
     * One method per pass, not one per transform over buffers of one kind: with every buffer a
     * direct ByteBuffer, a 1,000-image batch took 315-319 ms instead of 222-250.
     */

    private FloatVector load(float[] array, int offset) {
        return FloatVector.fromArray(species, array, offset);
    }

    private FloatVector load(ByteBuffer buffer, int byteOffset) {
        return FloatVector.fromByteBuffer(species, buffer, byteOffset, ORDER);
    }

    /** Bᵀ down one column of a padded input tile (six pixels {@code rowStride} floats apart), into {@link #columns}. */
    private void inputColumn(int at, int rowStride, int offset) {
        FloatVector d0 = load(padded, at);
        FloatVector d1 = load(padded, at + rowStride);
        FloatVector d2 = load(padded, at + 2 * rowStride);
        FloatVector d3 = load(padded, at + 3 * rowStride);
        FloatVector d4 = load(padded, at + 4 * rowStride);
        FloatVector d5 = load(padded, at + 5 * rowStride);
        d0.mul(4f).sub(d2.mul(5f)).add(d4).intoArray(columns, offset);
        d3.add(d4).sub(d1.add(d2).mul(4f)).intoArray(columns, offset + firstPassRow);
        d1.sub(d2).mul(4f).sub(d3).add(d4).intoArray(columns, offset + 2 * firstPassRow);
        d3.sub(d1).mul(2f).sub(d2).add(d4).intoArray(columns, offset + 3 * firstPassRow);
        d1.sub(d3).mul(2f).sub(d2).add(d4).intoArray(columns, offset + 4 * firstPassRow);
        d1.mul(4f).sub(d3.mul(5f)).add(d5).intoArray(columns, offset + 5 * firstPassRow);
    }

    /** Bᵀ along one row of {@link #columns}, into six transform points of the matmul's input from {@code byteOffset}. */
    private void inputRow(int row, int byteOffset) {
        FloatVector d0 = load(columns, row);
        FloatVector d1 = load(columns, row + lanes);
        FloatVector d2 = load(columns, row + 2 * lanes);
        FloatVector d3 = load(columns, row + 3 * lanes);
        FloatVector d4 = load(columns, row + 4 * lanes);
        FloatVector d5 = load(columns, row + 5 * lanes);
        int point = inputPoint * Float.BYTES;
        d0.mul(4f).sub(d2.mul(5f)).add(d4).intoByteBuffer(transformedBytes, byteOffset, ORDER);
        d3.add(d4).sub(d1.add(d2).mul(4f)).intoByteBuffer(transformedBytes, byteOffset + point, ORDER);
        d1.sub(d2).mul(4f).sub(d3).add(d4).intoByteBuffer(transformedBytes, byteOffset + 2 * point, ORDER);
        d3.sub(d1).mul(2f).sub(d2).add(d4).intoByteBuffer(transformedBytes, byteOffset + 3 * point, ORDER);
        d1.sub(d3).mul(2f).sub(d2).add(d4).intoByteBuffer(transformedBytes, byteOffset + 4 * point, ORDER);
        d1.mul(4f).sub(d3.mul(5f)).add(d5).intoByteBuffer(transformedBytes, byteOffset + 5 * point, ORDER);
    }

    /** Y = ReLU(Aᵀ M A + bias) for every tile and channel block, into the blocked output. */
    private void transformProducts(ByteBuffer target, int first, int count) {
        int blocks = out / lanes;
        int rowFloats = width * lanes;
        int stride = SIDE * productPoint * Float.BYTES;
        for (int image = 0; image < count; image++) {
            for (int ty = 0; ty < tilesY; ty++) {
                for (int tx = 0; tx < tilesX; tx++) {
                    int tile = (image * tilesY + ty) * tilesX + tx;
                    for (int block = 0; block < blocks; block++) {
                        int at = tile * out + block * lanes;
                        for (int c = 0; c < SIDE; c++) {
                            outputColumn((c * productPoint + at) * Float.BYTES, stride, c * lanes);
                        }
                        int shift = block * lanes;
                        int corner = (((first + image) * blocks + block) * height + ty * TILE) * rowFloats + tx * TILE * lanes;
                        for (int r = 0; r < TILE; r++) {
                            outputRow(r * firstPassRow, shift, target, (corner + r * rowFloats) * Float.BYTES);
                        }
                    }
                }
            }
        }
    }

    /** Aᵀ down one column of a tile's 36 products ({@code stride} bytes apart), into {@link #rows}. */
    private void outputColumn(int byteOffset, int stride, int offset) {
        FloatVector m0 = load(productBytes, byteOffset);
        FloatVector m1 = load(productBytes, byteOffset + stride);
        FloatVector m2 = load(productBytes, byteOffset + 2 * stride);
        FloatVector m3 = load(productBytes, byteOffset + 3 * stride);
        FloatVector m4 = load(productBytes, byteOffset + 4 * stride);
        FloatVector m5 = load(productBytes, byteOffset + 5 * stride);
        FloatVector sum12 = m1.add(m2);
        FloatVector difference12 = m1.sub(m2);
        FloatVector sum34 = m3.add(m4);
        FloatVector difference34 = m3.sub(m4);
        m0.add(sum12).add(sum34).intoArray(rows, offset);
        difference34.mul(2f).add(difference12).intoArray(rows, offset + firstPassRow);
        sum34.mul(4f).add(sum12).intoArray(rows, offset + 2 * firstPassRow);
        difference34.mul(8f).add(difference12).add(m5).intoArray(rows, offset + 3 * firstPassRow);
    }

    /**
     * Aᵀ along one row of {@link #rows}, plus the bias of the channels from {@code channel}, through
     * the ReLU: four neighbouring output pixels from {@code byteOffset}.
     */
    private void outputRow(int row, int channel, ByteBuffer target, int byteOffset) {
        FloatVector m0 = load(rows, row);
        FloatVector m1 = load(rows, row + lanes);
        FloatVector m2 = load(rows, row + 2 * lanes);
        FloatVector m3 = load(rows, row + 3 * lanes);
        FloatVector m4 = load(rows, row + 4 * lanes);
        FloatVector m5 = load(rows, row + 5 * lanes);
        FloatVector shift = load(bias, channel);
        FloatVector sum12 = m1.add(m2);
        FloatVector difference12 = m1.sub(m2);
        FloatVector sum34 = m3.add(m4);
        FloatVector difference34 = m3.sub(m4);
        int pixel = lanes * Float.BYTES;
        m0.add(sum12).add(sum34).add(shift).max(0f).intoByteBuffer(target, byteOffset, ORDER);
        difference34.mul(2f).add(difference12).add(shift).max(0f).intoByteBuffer(target, byteOffset + pixel, ORDER);
        sum34.mul(4f).add(sum12).add(shift).max(0f).intoByteBuffer(target, byteOffset + 2 * pixel, ORDER);
        difference34.mul(8f).add(difference12).add(m5).add(shift).max(0f).intoByteBuffer(target, byteOffset + 3 * pixel, ORDER);
    }

    @Override
    public void close() {
        Dnnl.closeAll(last == full ? null : last, full, weights, transformed, products);
    }

    /** The 36 products of a chunk of {@code count} images: one batched matmul over the chunk's buffers. */
    private final class Product implements AutoCloseable {

        private final String implementation;
        private final matmul primitive;
        private final memory source;
        private final memory weightMemory;
        private final memory destination;
        private final IntMemoryMap arguments;

        Product(int count) {
            long rowsUsed = (long) count * tiles;
            // The chunk's buffers keep their full size per point, so a shorter last chunk only reads fewer rows of each.
            try (memory.desc src = new memory.desc(new long[] {POINTS, rowsUsed, in}, memory.data_type.f32,
                         new long[] {inputPoint, in, 1});
                 memory.desc weightsLayout = Dnnl.desc(new long[] {POINTS, in, out}, memory.format_tag.abc);
                 memory.desc dst = new memory.desc(new long[] {POINTS, rowsUsed, out}, memory.data_type.f32,
                         new long[] {productPoint, out, 1});
                 matmul.desc description = new matmul.desc(src, weightsLayout, dst);
                 matmul.primitive_desc chosen = new matmul.primitive_desc(description, Dnnl.engine())) {
                implementation = Dnnl.implementation(chosen);
                primitive = new matmul(chosen);
                source = new memory(src, Dnnl.engine(), transformed.position(0));
                weightMemory = new memory(weightsLayout, Dnnl.engine(), weights.position(0));
                destination = new memory(dst, Dnnl.engine(), products.position(0));
            }
            arguments = Dnnl.arguments(DNNL_ARG_SRC, source, DNNL_ARG_WEIGHTS, weightMemory, DNNL_ARG_DST, destination);
        }

        void run() {
            primitive.execute(stream, arguments);
        }

        @Override
        public void close() {
            Dnnl.closeAll(arguments, primitive, source, weightMemory, destination);
        }
    }
}
