package com.cifarlab.training.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions a model card records, read from the jars themselves. */
final class Versions {

    static final String UNKNOWN = "development";

    private Versions() {
    }

    /** CIFAR Lab's version from its jar manifest; "development" when running from classes. */
    static String cifarLab() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return version == null ? UNKNOWN : version;
    }

    /** DL4J's version from the Maven metadata inside deeplearning4j-nn. */
    static String dl4j() {
        try (InputStream in = Versions.class.getResourceAsStream(
                "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
