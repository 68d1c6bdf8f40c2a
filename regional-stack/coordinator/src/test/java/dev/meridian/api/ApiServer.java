package dev.meridian.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.storage.Queryable;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A region's {@link PrometheusApi} (an {@link EngineBackend} over {@code queryable}) served by
 * Armeria on 127.0.0.1 and a free port, for tests; {@link #close()} stops it.
 */
final class ApiServer implements AutoCloseable {
    static final BuildInfo BUILD_INFO = new BuildInfo("0.1.0", "abc123", "main", "test@localhost", "20240101-00:00:00", "java17");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Server server;

    ApiServer(Queryable queryable, ApiLimits limits, MetadataSource metadata) {
        this(queryable, EngineConfig.defaults(), limits, metadata);
    }

    ApiServer(Queryable queryable, EngineConfig engine, ApiLimits limits, MetadataSource metadata) {
        PrometheusApi api = new PrometheusApi(new EngineBackend(queryable, new Engine(engine), limits, metadata), limits, BUILD_INFO,
                Clock.systemUTC(), executor);
        ServerBuilder sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
        api.bind(sb);
        server = sb.build();
        server.start().join();
    }

    static ApiServer over(Queryable queryable) {
        return new ApiServer(queryable, ApiLimits.DEFAULT, List::of);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.activeLocalPort());
    }

    /** A GET of {@code pathAndQuery} (sent as is, percent-encoding and all). */
    Reply get(String pathAndQuery) throws IOException {
        return send(url(), "GET", pathAndQuery, null);
    }

    Reply post(String path, String formBody) throws IOException {
        return send(url(), "POST", path, formBody);
    }

    /**
     * Sends one HTTP/1.1 request over a plain socket, so that the request target goes out exactly
     * as written (Java's clients refuse malformed escapes such as {@code %zz}, which the API must
     * answer). A {@code formBody} is sent as {@code application/x-www-form-urlencoded}.
     */
    static Reply send(URI base, String method, String pathAndQuery, String formBody) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            byte[] body = formBody == null ? new byte[0] : formBody.getBytes(UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            if (formBody != null) {
                head.append("Content-Type: application/x-www-form-urlencoded\r\n");
            }
            if (formBody != null || method.equals("POST") || method.equals("PUT")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(UTF_8));
            out.write(body);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Reply(status, headers.getOrDefault("content-type", ""), body.toString(UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: " + line.toString(UTF_8));
            }
            line.write(b);
        }
        String text = line.toString(UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** An HTTP answer. */
    record Reply(int status, String contentType, String body) {}

    @Override
    public void close() {
        server.stop().join();
        executor.shutdownNow();
    }
}
