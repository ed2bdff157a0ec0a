package com.cifarlab.security;

import java.io.ObjectInputFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The second wall behind the model-file checks: CIFAR Lab itself never reads Java-serialized
 * objects, so the JVM-wide filter refuses every class, and the depth and size of any stream,
 * before an object is built. Whatever library might still call {@code ObjectInputStream} on
 * content from outside (DL4J's {@code ModelSerializer} does for {@code preprocessor.bin}) then
 * fails at once instead of instantiating classes from the classpath.
 *
 * <p>Installed first thing in {@code main} (the dashboard and every command) and again, as a
 * no-op, when the Spring context starts, so that any way of starting the application has it.
 */
@Component
public final class DeserializationFilter {

    /** No class at all, and tiny graphs: there is nothing legitimate to read. */
    static final String PATTERN = "maxdepth=5;maxrefs=100;maxbytes=65536;maxarray=1024;!*";

    private static final Logger log = LoggerFactory.getLogger(DeserializationFilter.class);
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(PATTERN);

    DeserializationFilter() {
        install();
    }

    /** Sets the JVM-wide filter once; a filter set by the JVM's own {@code jdk.serialFilter} is kept. */
    public static synchronized void install() {
        ObjectInputFilter current = ObjectInputFilter.Config.getSerialFilter();
        if (current == FILTER) {
            return;
        }
        if (current != null) {
            log.info("Keeping the JVM's deserialization filter ({}) instead of CIFAR Lab's ({})", current, PATTERN);
            return;
        }
        ObjectInputFilter.Config.setSerialFilter(FILTER);
    }

    /** The filter in force for the whole JVM, for checks and tests. */
    public static ObjectInputFilter current() {
        return ObjectInputFilter.Config.getSerialFilter();
    }
}
