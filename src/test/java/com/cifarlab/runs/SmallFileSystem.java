package com.cifarlab.runs;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A tiny tmpfs, for tests of a full disk; only root may mount one, so callers assume it worked. */
final class SmallFileSystem {

    private SmallFileSystem() {
    }

    static boolean mount(Path folder, String size) {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString());
    }

    static void unmount(Path folder) {
        run("umount", folder.toString());
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
