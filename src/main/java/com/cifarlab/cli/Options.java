package com.cifarlab.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@code --name value} options of one command, checked against the names the command knows. */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flagsGiven = new HashSet<>();

    private Options() {
    }

    static Options parse(String[] args, Set<String> known) {
        return parse(args, known, Set.of());
    }

    /** Parses {@code --name value} options among {@code known} and value-less switches among {@code flags}. */
    static Options parse(String[] args, Set<String> known, Set<String> flags) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                options.flagsGiven.add(name);
                continue;
            }
            if (!known.contains(name)) {
                Set<String> all = new TreeSet<>(known);
                all.addAll(flags);
                throw new UsageException("Unknown option " + name + "; this command takes " + String.join(", ", all) + ".");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(name + " needs a value.");
            }
            options.values.put(name, args[++i]);
        }
        return options;
    }

    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a whole number (got " + value + ").");
        }
    }

    /** A whole number that must lie between {@code min} and {@code max}, both included. */
    int integer(String name, int fallback, int min, int max) {
        int value = integer(name, fallback);
        if (value < min || value > max) {
            throw new UsageException(name + " must be between " + min + " and " + max + " (got " + value + ").");
        }
        return value;
    }

    long longInteger(String name, long fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a whole number (got " + value + ").");
        }
    }

    double decimal(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a number such as 0.001 (got " + value + ").");
        }
    }

    /** The value of {@code name} among {@code choices} (case-insensitive), or {@code fallback} when absent. */
    <T> T choice(String name, Map<String, T> choices, T fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        T chosen = choices.get(value.strip().toLowerCase(java.util.Locale.ROOT));
        if (chosen == null) {
            throw new UsageException(name + " must be one of " + String.join(", ", choices.keySet().stream().sorted().toList())
                    + " (got " + value + ").");
        }
        return chosen;
    }
}
