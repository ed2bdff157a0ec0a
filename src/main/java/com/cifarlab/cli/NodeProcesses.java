package com.cifarlab.cli;

import com.cifarlab.CifarLabApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Training nodes started by a command as separate JVMs of this same application, with this
 * JVM's options, for benchmarks on one machine. Each writes to a log of its own.
 */
final class NodeProcesses implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    /** Starts {@code count} nodes of {@code workers} each that join {@code address}, logging into {@code folder}. */
    static NodeProcesses start(int count, int workers, String address, String secret, Path dataDir, Path folder) {
        NodeProcesses nodes = new NodeProcesses();
        try {
            for (int i = 1; i <= count; i++) {
                List<String> command = sameApplication(List.of("worker", "--join", address, "--workers",
                        String.valueOf(workers), "--name", "bench-node-" + i));
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().put("CIFAR_LAB_CLUSTER_SECRET", secret);
                builder.environment().put("CIFAR_LAB_DATA_DIR", dataDir.toString());
                Path log = folder.resolve("bench-node-" + i + ".log");
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                nodes.logs.add(log);
                nodes.processes.add(builder.start());
            }
            return nodes;
        } catch (IOException e) {
            nodes.close();
            throw new UncheckedIOException("A training node could not be started", e);
        }
    }

    /** A node that ended before it was asked to, with what it printed; null while all run. */
    String exited() {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                try {
                    return "bench-node-" + (i + 1) + " ended: " + Files.readString(logs.get(i)).strip();
                } catch (IOException e) {
                    return "bench-node-" + (i + 1) + " ended";
                }
            }
        }
        return null;
    }

    /** The command that starts this application again with {@code args}: the same Java, options and jar or classpath. */
    static List<String> sameApplication(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, CifarLabApplication.class.getName()));
        }
        command.addAll(args);
        return command;
    }

    /** Stops the nodes as an operator would (their runs are over by then), then forcibly if they linger. */
    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
