package com.cifarlab.training.dl4j;

import com.cifarlab.training.InvalidModelFileException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.function.LongPredicate;
import org.nd4j.common.primitives.Triple;
import org.nd4j.linalg.api.buffer.BaseDataBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J arrays from a model file, read only after their headers were checked. {@code Nd4j.read}
 * allocates whatever length a header claims before reading a byte of data, so a hostile 1 kB
 * entry could ask for terabytes; here the shape must be a plausible one and the data's length
 * one the model card allows, and the bytes must be exactly that long.
 */
final class CheckedArrays {

    private static final long MAX_SHAPE_LENGTH = 64;
    private static final Set<DataType> DATA_TYPES = Set.of(DataType.FLOAT, DataType.DOUBLE);

    private CheckedArrays() {
    }

    /**
     * @param lengthAllowed whether the array may hold that many values (from the model card)
     */
    static INDArray read(byte[] bytes, LongPredicate lengthAllowed, String file, String entry) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            Triple<DataBuffer.AllocationMode, Long, DataType> shape = BaseDataBuffer.readHeader(in);
            if (shape.getSecond() < 0 || shape.getSecond() > MAX_SHAPE_LENGTH
                    || shape.getThird() != DataType.LONG && shape.getThird() != DataType.INT) {
                throw damaged(file, entry);
            }
            in.skipNBytes(shape.getSecond() * shape.getThird().width());
            Triple<DataBuffer.AllocationMode, Long, DataType> data = BaseDataBuffer.readHeader(in);
            long length = data.getSecond();
            if (!DATA_TYPES.contains(data.getThird()) || !lengthAllowed.test(length)
                    || in.available() != length * data.getThird().width()) {
                throw damaged(file, entry);
            }
            return Nd4j.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidModelFileException invalid) {
                throw invalid;
            }
            throw damaged(file, entry);
        }
    }

    private static InvalidModelFileException damaged(String file, String entry) {
        return new InvalidModelFileException(file + " has a damaged network: its " + entry
                + " does not hold the arrays its model card describes.");
    }
}
