package com.cifarlab.cli;

import com.cifarlab.cluster.ClusterProperties;
import com.cifarlab.config.CifarLabProperties;
import java.io.IOException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The settings a command sees: the same {@code cifar-lab.*} values, from the same places
 * (application.properties, system properties, environment variables such as
 * {@code CIFAR_LAB_DATA_DIR}), as the dashboard, without starting Spring.
 */
final class CliSettings {

    private CliSettings() {
    }

    static CifarLabProperties load() {
        return load(new StandardEnvironment());
    }

    /** The {@code cifar-lab.cluster.*} settings, from the same places (the secret from {@code CIFAR_LAB_CLUSTER_SECRET}). */
    static ClusterProperties cluster() {
        return cluster(new StandardEnvironment());
    }

    static ClusterProperties cluster(ConfigurableEnvironment environment) {
        load(environment);
        return Binder.get(environment).bindOrCreate("cifar-lab.cluster", ClusterProperties.class);
    }

    /** Binds from {@code environment} (system properties and variables) with application.properties last. */
    static CifarLabProperties load(ConfigurableEnvironment environment) {
        try {
            new PropertiesPropertySourceLoader()
                    .load("application", new ClassPathResource("application.properties"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException("application.properties cannot be read", e);
        }
        return Binder.get(environment).bindOrCreate("cifar-lab", CifarLabProperties.class);
    }
}
