package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.cifarlab.dataset.ImportProgress.Phase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Download, resume and checksum against a local server; no test here reaches the internet. */
class ArchiveDownloaderTest {

    private static final byte[] CONTENT = randomBytes(3_000_000);
    private static final String MD5 = md5(CONTENT);

    @TempDir
    Path work;

    private ArchiveServer server;
    private Path part;
    private final List<ImportProgress> events = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = ArchiveServer.serving(CONTENT);
        part = work.resolve("cifar-10-binary.tar.gz.part");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadsTheArchiveAndReportsProgressUpToTheWholeSize() throws IOException {
        downloader(server.url(), MD5).download(part, events::add);

        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(events).allMatch(event -> event.phase() == Phase.DOWNLOADING && event.totalBytes() == CONTENT.length);
        assertThat(events.stream().map(ImportProgress::bytesDone).toList()).isSorted().startsWith(0L)
                .endsWith((long) CONTENT.length);
        assertThat(events.get(events.size() - 1).percent()).isEqualTo(100);
    }

    @Test
    void resumesWithARangeRequestWhenTheConnectionDropsMidway() throws IOException {
        server.cutNextResponseAfter(1_000_000);

        downloader(server.url(), MD5).download(part, events::add);

        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(server.rangesAsked()).hasSize(2);
        assertThat(server.rangesAsked().get(0)).isEmpty();
        long resumedAt = Long.parseLong(server.rangesAsked().get(1).replaceAll("bytes=(\\d+)-", "$1"));
        assertThat(resumedAt).isPositive().isLessThanOrEqualTo(1_000_000);
        assertThat(events).anyMatch(event -> event.bytesDone() == resumedAt && event.totalBytes() == CONTENT.length);
    }

    @Test
    void aServerThatFallsSilentMidwayIsLeftAndTheDownloadResumed() throws IOException {
        server.cutNextResponseAfter(1_000_000);
        server.stallInsteadOfCutting();
        ArchiveDownloader impatient = new ArchiveDownloader(server.url(), MD5, Clock.systemUTC(), Duration.ofMillis(500));

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> impatient.download(part, events::add));

        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(server.rangesAsked()).hasSize(2);
        assertThat(server.rangesAsked().get(1)).matches("bytes=\\d+-");
    }

    @Test
    void aServerThatKeepsFallingSilentGetsOneSentence() {
        server.cutResponsesAfter(100_000, 5);
        server.stallInsteadOfCutting();
        ArchiveDownloader impatient = new ArchiveDownloader(server.url(), MD5, Clock.systemUTC(), Duration.ofMillis(400));

        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> impatient.download(part, events::add)))
                .isInstanceOf(DatasetException.class)
                .hasMessageMatching("Downloading \\S+ stopped after [\\d,]+ bytes \\(no data arrived for 0 s\\);"
                        + " run the download again to resume it\\.");
    }

    @Test
    void aDownloadThatKeepsBreakingOffKeepsItsPartialFileForTheNextRun() throws IOException {
        server.cutResponsesAfter(500_000, 5);

        assertThatThrownBy(() -> downloader(server.url(), MD5).download(part, events::add))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("Downloading " + server.url() + " stopped after ")
                .hasMessageEndingWith("; run the download again to resume it.");
        assertThat(server.rangesAsked()).hasSize(5);
        long kept = Files.size(part);
        assertThat(kept).isGreaterThan(2_000_000);

        downloader(server.url(), MD5).download(part, events::add);

        assertThat(server.rangesAsked()).last().isEqualTo("bytes=" + kept + "-");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws IOException {
        Files.write(part, Arrays.copyOf(CONTENT, 1_234_567));

        downloader(server.url(), MD5).download(part, events::add);

        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(server.rangesAsked()).containsExactly("bytes=1234567-");
        assertThat(events.get(0).bytesDone()).isEqualTo(1_234_567);
    }

    @Test
    void startsOverCleanlyWhenTheServerIgnoresTheRange() throws IOException {
        server.ignoreRange();
        Files.write(part, new byte[1000]);

        downloader(server.url(), MD5).download(part, events::add);

        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(server.rangesAsked()).containsExactly("bytes=1000-");
    }

    @Test
    void startsOverWhenThePartialFileIsLongerThanTheArchive() throws IOException {
        Files.write(part, new byte[CONTENT.length + 10]);

        downloader(server.url(), MD5).download(part, events::add);

        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(server.rangesAsked()).containsExactly("bytes=" + (CONTENT.length + 10) + "-", "");
    }

    @Test
    void refusesAndDeletesAnArchiveWithTheWrongMd5() {
        String official = ArchiveDownloader.OFFICIAL_MD5;

        assertThatThrownBy(() -> downloader(server.url(), official).download(part, events::add))
                .isInstanceOf(DatasetException.class)
                .hasMessage("The archive downloaded from " + server.url() + " has MD5 " + MD5 + " instead of "
                        + official + ", so it is damaged or not CIFAR-10; it was deleted, and the next download"
                        + " starts afresh.");
        assertThat(part).doesNotExist();
    }

    @Test
    void anHttpErrorIsOneSentence() {
        String missing = server.urlOf("/missing.tar.gz");

        assertThatThrownBy(() -> downloader(missing, MD5).download(part, events::add))
                .isInstanceOf(DatasetException.class)
                .hasMessage("Downloading " + missing + " failed: the server answered HTTP 404.");
    }

    @Test
    void anUnreachableServerFailsAtOnceWithOneSentence() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + ArchiveServer.PATH;

        assertThatThrownBy(() -> downloader(url, MD5).download(part, events::add))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("Cannot download " + url + " (")
                .hasMessageEndingWith("); check the network and try again, or import a local copy of the archive.");
    }

    @Test
    void anAddressThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> downloader("ftp://example.org/cifar.tar.gz", MD5).download(part, events::add))
                .isInstanceOf(DatasetException.class)
                .hasMessage("The download address ftp://example.org/cifar.tar.gz is not an http or https URL; check"
                        + " the cifar-lab.download-url setting.");
    }

    private static ArchiveDownloader downloader(String url, String md5) {
        return new ArchiveDownloader(url, md5, Clock.systemUTC());
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
