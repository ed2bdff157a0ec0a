package com.cifarlab.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/** Payloads a hostile visitor sends, built here so that every test feeds the same ones. */
public final class HostileContent {

    private HostileContent() {
    }

    /** {@code object} as Java serialization writes it. */
    public static byte[] serialized(Serializable object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The classic deserialization depth bomb: sets nested in pairs, so that reading it hashes
     * 2^depth sets. About 1.5 kB at depth 30, and hours of CPU for whoever reads it unfiltered.
     */
    public static byte[] nestedHashSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("x");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return serialized((Serializable) root);
    }
}
