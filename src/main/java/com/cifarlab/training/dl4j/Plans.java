package com.cifarlab.training.dl4j;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A layer's oneDNN primitives per input shape and mode, made on first use. A run meets a handful:
 * its training batch, a shorter last batch, the evaluator's batch and its last one; the least
 * recently used beyond that are freed, so an odd caller cannot make a layer hoard native memory.
 */
final class Plans<T extends AutoCloseable> implements AutoCloseable {

    private static final int KEPT = 6;

    private final Map<Key, T> byKey = new LinkedHashMap<>(16, 0.75f, true);

    /** Primitives are made for exact shapes, so a plan is only ever reused for the very same input shape. */
    private record Key(List<Long> inputShape, boolean training) {
    }

    T get(long[] inputShape, boolean training, Supplier<T> make) {
        Key key = new Key(Arrays.stream(inputShape).boxed().toList(), training);
        T plan = byKey.get(key);
        if (plan == null) {
            plan = make.get();
            byKey.put(key, plan);
            if (byKey.size() > KEPT) {
                Iterator<T> eldest = byKey.values().iterator();
                Dnnl.closeAll(eldest.next());
                eldest.remove();
            }
        }
        return plan;
    }

    /** The plans made so far and still kept. */
    Collection<T> all() {
        return List.copyOf(byKey.values());
    }

    @Override
    public void close() {
        byKey.values().forEach(Dnnl::closeAll);
        byKey.clear();
    }
}
