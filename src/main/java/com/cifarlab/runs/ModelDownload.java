package com.cifarlab.runs;

import java.nio.file.Path;

/**
 * A run's model file, ready to be streamed.
 *
 * @param file     the zip on the server's disk
 * @param fileName the name to offer the browser
 */
public record ModelDownload(Path file, String fileName) {
}
