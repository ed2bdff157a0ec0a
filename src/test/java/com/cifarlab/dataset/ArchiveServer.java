package com.cifarlab.dataset;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the CIFAR-10 web server on 127.0.0.1, so download tests never touch the
 * internet. It serves one file with or without Range support and can drop a connection midway.
 */
final class ArchiveServer implements AutoCloseable {

    static final String PATH = "/cifar-10-binary.tar.gz";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final byte[] content;
    private final List<String> rangesAsked = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private volatile boolean honourRange = true;
    private volatile boolean stall;
    private volatile long cutAfter = -1;
    private final AtomicInteger cutsLeft = new AtomicInteger();

    private ArchiveServer(byte[] content) throws IOException {
        this.content = content;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::serve);
        // Handlers on their own threads, so a stalled response does not hold up the next request.
        server.setExecutor(handlers);
        server.start();
    }

    static ArchiveServer serving(byte[] content) throws IOException {
        return new ArchiveServer(content);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    String urlOf(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Like servers that do not resume: always the whole file with 200. */
    void ignoreRange() {
        honourRange = false;
    }

    /** The next response announces its full length but the connection closes after {@code bytes}. */
    void cutNextResponseAfter(long bytes) {
        cutResponsesAfter(bytes, 1);
    }

    /** Like {@link #cutNextResponseAfter}, for the next {@code responses} responses. */
    void cutResponsesAfter(long bytes, int responses) {
        cutAfter = bytes;
        cutsLeft.set(responses);
    }

    /** Responses that are cut (see {@link #cutNextResponseAfter}) stop sending but keep the connection open. */
    void stallInsteadOfCutting() {
        stall = true;
    }

    /** The Range header of each request, or "" for a request without one. */
    List<String> rangesAsked() {
        return rangesAsked;
    }

    private void serve(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        rangesAsked.add(range == null ? "" : range);
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        int start = 0;
        int status = 200;
        if (honourRange && matcher != null && matcher.matches()) {
            start = Integer.parseInt(matcher.group(1));
            if (start >= content.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - start;
        exchange.sendResponseHeaders(status, length);
        OutputStream body = exchange.getResponseBody();
        if (cutsLeft.getAndDecrement() > 0 && cutAfter < length) {
            body.write(content, start, (int) cutAfter);
            body.flush();
            if (stall) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Closing short of the announced length makes the server drop the connection.
            exchange.close();
            return;
        }
        body.write(content, start, length);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
