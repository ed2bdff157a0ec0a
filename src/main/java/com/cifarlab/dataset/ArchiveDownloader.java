package com.cifarlab.dataset;

import com.cifarlab.dataset.ImportProgress.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the CIFAR-10 archive into a partial file that survives interruptions: each attempt asks
 * the server for the missing tail with an HTTP Range request and starts over cleanly when the
 * server answers with the whole file instead. A finished file is accepted only when its MD5 is
 * the expected one; otherwise it is deleted.
 */
public final class ArchiveDownloader {

    /** MD5 of the official {@code cifar-10-binary.tar.gz}, as published on the CIFAR-10 page. */
    public static final String OFFICIAL_MD5 = "c58f30108f718f92721af3b95e74349a";
    /** Attempts in one call, while each one brings new bytes; a dead network fails at once. */
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How long the server may take to answer a request with its headers. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** How long the server may stay silent in the middle of the file before the attempt is given up. */
    private static final Duration SILENCE_LIMIT = Duration.ofSeconds(60);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private static final Logger log = LoggerFactory.getLogger(ArchiveDownloader.class);

    private final String url;
    private final String expectedMd5;
    private final Clock clock;
    private final Duration silenceLimit;

    public ArchiveDownloader(String url, String expectedMd5, Clock clock) {
        this(url, expectedMd5, clock, SILENCE_LIMIT);
    }

    ArchiveDownloader(String url, String expectedMd5, Clock clock, Duration silenceLimit) {
        this.url = url;
        this.expectedMd5 = expectedMd5.toLowerCase(Locale.ROOT);
        this.clock = clock;
        this.silenceLimit = silenceLimit;
    }

    public String url() {
        return url;
    }

    /**
     * Downloads into {@code part}, continuing from whatever it already holds, and returns once it
     * holds the complete archive with the expected MD5.
     *
     * @throws DatasetException with one sentence: the network problem, or the checksum mismatch
     */
    public void download(Path part, Consumer<ImportProgress> listener) {
        URI uri = parse();
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        for (int attempt = 1; ; attempt++) {
            long before = sizeOf(part);
            try {
                fetch(client, uri, part, listener);
                break;
            } catch (IOException e) {
                long after = sizeOf(part);
                if (after == before || attempt == MAX_ATTEMPTS) {
                    throw new DatasetException(after == 0
                            ? "Cannot download " + url + " (" + CifarBinaryFormat.describe(e) + "); check the network"
                                    + " and try again, or import a local copy of the archive."
                            : "Downloading " + url + " stopped after " + String.format("%,d", after) + " bytes ("
                                    + CifarBinaryFormat.describe(e) + "); run the download again to resume it.", e);
                }
                log.warn("Downloading {} stopped after {} bytes ({}); resuming", url, after, CifarBinaryFormat.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("The download of " + url + " was interrupted; run it again to resume it.", e);
            }
        }
        checkMd5(part);
    }

    private URI parse() {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http or https");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new DatasetException("The download address " + url + " is not an http or https URL; check the"
                    + " cifar-lab.download-url setting.", e);
        }
    }

    /** One request: the whole file, or its tail after {@code part}'s bytes. */
    private void fetch(HttpClient client, URI uri, Path part, Consumer<ImportProgress> listener)
            throws IOException, InterruptedException {
        long have = sizeOf(part);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            long total;
            boolean append;
            if (status == 206 && have > 0 && rangeStart(response) == have) {
                total = rangeTotal(response).orElse(length.isPresent() ? have + length.getAsLong() : -1);
                append = true;
                log.info("Resuming {} at byte {}", url, have);
            } else if (status == 200) {
                if (have > 0) {
                    log.info("{} does not resume downloads; starting over", uri.getHost());
                }
                total = length.orElse(-1);
                append = false;
            } else if ((status == 206 || status == 416) && have > 0) {
                // The partial file does not fit the archive the server has now: start afresh.
                log.info("{} cannot continue {} from byte {} (HTTP {}); starting over", uri.getHost(), url, have, status);
                Files.delete(part);
                fetch(client, uri, part, listener);
                return;
            } else {
                throw new DatasetException("Downloading " + url + " failed: the server answered HTTP " + status + ".");
            }
            ProgressMeter meter = new ProgressMeter(Phase.DOWNLOADING, append ? have : 0, total, clock, listener, url);
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                 SilenceGuard guard = new SilenceGuard(body, silenceLimit)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                try {
                    while ((n = body.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        meter.add(n);
                        guard.heard();
                    }
                } catch (IOException e) {
                    if (!guard.tripped()) {
                        throw e;
                    }
                }
                if (guard.tripped()) {
                    throw new IOException(String.format(Locale.ROOT, "no data arrived for %.0f s",
                            silenceLimit.toMillis() / 1000.0));
                }
            }
            if (total >= 0 && meter.done() < total) {
                throw new IOException("the connection closed after " + meter.done() + " of " + total + " bytes");
            }
            meter.finish();
        }
    }

    /**
     * Closes a response body the server has gone silent on, which ends the blocked read: HttpClient
     * has no read timeout, and a stalled download would otherwise hold the import lock for ever.
     * Measures with {@link System#nanoTime()}, as a timeout must not jump with the wall clock.
     */
    private static final class SilenceGuard implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "download-silence-guard");
            thread.setDaemon(true);
            return thread;
        });
        private volatile long lastHeard = System.nanoTime();
        private volatile boolean tripped;

        SilenceGuard(InputStream body, Duration limit) {
            long period = Math.max(1, limit.toMillis() / 4);
            timer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastHeard > limit.toNanos()) {
                    tripped = true;
                    try {
                        body.close();
                    } catch (IOException e) {
                        log.debug("Closing a silent download failed", e);
                    }
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }

        void heard() {
            lastHeard = System.nanoTime();
        }

        boolean tripped() {
            return tripped;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static long rangeStart(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range")
                .map(CONTENT_RANGE::matcher)
                .filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1)))
                .orElse(-1L);
    }

    private static OptionalLong rangeTotal(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range")
                .map(CONTENT_RANGE::matcher)
                .filter(m -> m.matches() && !m.group(3).equals("*"))
                .map(m -> OptionalLong.of(Long.parseLong(m.group(3))))
                .orElse(OptionalLong.empty());
    }

    private void checkMd5(Path part) {
        String actual = md5(part);
        if (!actual.equals(expectedMd5)) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", part, e.getMessage());
            }
            throw new DatasetException("The archive downloaded from " + url + " has MD5 " + actual + " instead of "
                    + expectedMd5 + ", so it is damaged or not CIFAR-10; it was deleted, and the next download"
                    + " starts afresh.");
        }
        log.info("{} has the expected MD5 {}", part, expectedMd5);
    }

    private static String md5(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read to check its MD5: " + CifarBinaryFormat.describe(e) + ".", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
