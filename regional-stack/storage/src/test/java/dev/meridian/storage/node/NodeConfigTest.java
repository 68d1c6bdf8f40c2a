package dev.meridian.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.storage.FsyncPolicy;
import dev.meridian.storage.NamespaceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryKey() throws IOException {
        NodeConfig config = load("""
                server:
                  host: 0.0.0.0
                  port: 9500
                  maxRequestBytes: 32MiB
                  requestTimeout: 30s
                  shutdownTimeout: 5s
                  writeThreads: 8
                  readThreads: 4
                dataDir: /var/lib/meridian/storage
                commitLog:
                  fsync: 250ms
                  segmentSize: 64MiB
                namespaces:
                  - name: raw
                    resolution: 10s
                    retention: 48h
                    blockSize: 2h
                    bufferPast: 10m
                    bufferFuture: 2m
                    shards: 64
                  - name: agg_1m
                    resolution: 1m
                    retention: 90d
                    blockSize: 1d
                    bufferPast: 1h
                    bufferFuture: 0
                    shards: 16
                tracing:
                  otlpEndpoint: http://collector:4318
                """);

        assertThat(config).isEqualTo(new NodeConfig(
                new ServerConfig("0.0.0.0", 9500, 32 << 20, Duration.ofSeconds(30), Duration.ofSeconds(5), 8, 4),
                Path.of("/var/lib/meridian/storage"),
                new CommitLogConfig(FsyncPolicy.every(Duration.ofMillis(250)), 64L << 20),
                List.of(new NamespaceOptions("raw", Duration.ofSeconds(10), Duration.ofHours(48), Duration.ofHours(2),
                                Duration.ofMinutes(10), Duration.ofMinutes(2), 64),
                        new NamespaceOptions("agg_1m", Duration.ofMinutes(1), Duration.ofDays(90), Duration.ofDays(1),
                                Duration.ofHours(1), Duration.ZERO, 16)),
                Optional.of("http://collector:4318")));
    }

    @Test
    void everythingButTheDataDirectoryHasADefault() throws IOException {
        NodeConfig config = load("dataDir: /data\n");

        assertThat(config).isEqualTo(NodeConfig.builder(Path.of("/data")).build());
        assertThat(config.server()).isEqualTo(ServerConfig.defaults());
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(9410);
        assertThat(config.server().maxRequestBytes()).isEqualTo(16 << 20);
        assertThat(config.commitLog().fsync()).isEqualTo(FsyncPolicy.every(Duration.ofMillis(100)));
        assertThat(config.commitLog().segmentBytes()).isEqualTo(128L << 20);
        assertThat(config.namespaces()).containsExactly(NamespaceOptions.raw("raw", Duration.ofHours(48)));
        assertThat(config.otlpEndpoint()).isEmpty();
    }

    @Test
    void tracingNeedsOnlyItsEndpoint() throws IOException {
        assertThat(load("dataDir: /data\ntracing:\n  otlpEndpoint: https://otel.example.com/v1/traces\n").otlpEndpoint())
                .contains("https://otel.example.com/v1/traces");
        assertThat(load("dataDir: /data\ntracing: {}\n").otlpEndpoint()).isEmpty();
        assertThat(NodeConfig.builder(Path.of("/data")).otlpEndpoint("http://collector:4318").build().otlpEndpoint())
                .contains("http://collector:4318");
    }

    @Test
    void aNamespaceNeedsOnlyAName() throws IOException {
        NodeConfig config = load("""
                dataDir: /data
                namespaces:
                  - name: agg_5m
                    resolution: 5m
                """);

        assertThat(config.namespaces()).containsExactly(new NamespaceOptions("agg_5m", Duration.ofMinutes(5),
                Duration.ofHours(48), Duration.ofHours(2), Duration.ofMinutes(10), Duration.ofMinutes(2), 64));
    }

    @Test
    void fsyncAlwaysAndSizesInBytes() throws IOException {
        NodeConfig config = load("""
                dataDir: /data
                server:
                  maxRequestBytes: 1048576
                commitLog:
                  fsync: always
                  segmentSize: 512KiB
                """);

        assertThat(config.commitLog()).isEqualTo(new CommitLogConfig(FsyncPolicy.always(), 512 << 10));
        assertThat(config.server().maxRequestBytes()).isEqualTo(1 << 20);
    }

    @Test
    void aRelativeDataDirectoryIsRelativeToTheFile() throws IOException {
        Path file = write("sub/node.yaml", "dataDir: ../data\n");

        assertThat(NodeConfig.load(file).dataDir()).isEqualTo(dir.toAbsolutePath().resolve("data"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            # unknown keys, at every level
            'dataDir: /d\\ndataDirectory: /e'               | dataDirectory: unknown key (expected one of: server, dataDir, commitLog, namespaces, tracing)
            'dataDir: /d\\nserver:\\n  listen: 1'           | server.listen: unknown key (expected one of: host, port, maxRequestBytes, requestTimeout, shutdownTimeout, writeThreads, readThreads)
            'dataDir: /d\\ncommitLog:\\n  fsynk: always'    | commitLog.fsynk: unknown key (expected one of: fsync, segmentSize)
            'dataDir: /d\\ntracing:\\n  endpoint: x'       | tracing.endpoint: unknown key (expected one of: otlpEndpoint)
            'dataDir: /d\\nnamespaces:\\n  - name: raw\\n    retension: 2d' | namespaces[0].retension: unknown key (expected one of: name, resolution, retention, blockSize, bufferPast, bufferFuture, shards)
            # server
            'dataDir: /d\\nserver: 9410'                    | server: must be a mapping with the keys host, port, maxRequestBytes, requestTimeout, shutdownTimeout, writeThreads, readThreads (got: 9410)
            'dataDir: /d\\nserver:\\n  host: 127'           | server.host: must be an address such as 127.0.0.1, 0.0.0.0 or a host name (got: 127)
            'dataDir: /d\\nserver:\\n  host: \" \"'         | server.host: must be an address such as 127.0.0.1, 0.0.0.0 or a host name (got: " ")
            'dataDir: /d\\nserver:\\n  port: 70000'         | server.port: must be an integer in [0, 65535] (got: 70000)
            'dataDir: /d\\nserver:\\n  port: \"9410\"'      | server.port: must be an integer in [0, 65535] (got: "9410")
            'dataDir: /d\\nserver:\\n  maxRequestBytes: 10MB' | server.maxRequestBytes: must be a size in bytes such as 1048576, 512KiB, 128MiB or 1GiB (got: "10MB")
            'dataDir: /d\\nserver:\\n  maxRequestBytes: 100'  | server.maxRequestBytes: must be between 1KiB and 1GiB (got: 100)
            'dataDir: /d\\nserver:\\n  maxRequestBytes: 2GiB' | server.maxRequestBytes: must be between 1KiB and 1GiB (got: "2GiB")
            'dataDir: /d\\nserver:\\n  requestTimeout: 0s'  | server.requestTimeout: must be > 0 (got: "0s")
            'dataDir: /d\\nserver:\\n  requestTimeout: soon' | server.requestTimeout: must be a duration such as 10s, 5m, 2h or 90d (got: "soon")
            'dataDir: /d\\nserver:\\n  shutdownTimeout: 10' | server.shutdownTimeout: must be a duration such as 10s, 5m, 2h or 90d (got: 10)
            'dataDir: /d\\nserver:\\n  writeThreads: 0'     | server.writeThreads: must be an integer in [1, 1024] (got: 0)
            'dataDir: /d\\nserver:\\n  readThreads: 2.5'    | server.readThreads: must be an integer in [1, 1024] (got: 2.5)
            # dataDir
            'server:\\n  port: 1'                           | dataDir: is required (expected: the directory for the node's data, e.g. /var/lib/meridian/storage)
            'dataDir: [a, b]'                               | dataDir: must be the directory for the node's data, e.g. /var/lib/meridian/storage (got: a list)
            'dataDir: \"a\\u0000b\"'                        | dataDir: is not a valid path: Nul character not allowed (got: "a\\u0000b")
            # commitLog
            'dataDir: /d\\ncommitLog: always'               | commitLog: must be a mapping with the keys fsync, segmentSize (got: "always")
            'dataDir: /d\\ncommitLog:\\n  fsync: never'     | commitLog.fsync: must be "always" or an interval > 0 such as 100ms or 1s (got: "never")
            'dataDir: /d\\ncommitLog:\\n  fsync: 0s'        | commitLog.fsync: must be "always" or an interval > 0 such as 100ms or 1s (got: "0s")
            'dataDir: /d\\ncommitLog:\\n  fsync: 100'       | commitLog.fsync: must be "always" or an interval > 0 such as 100ms or 1s (got: 100)
            'dataDir: /d\\ncommitLog:\\n  segmentSize: 1KiB' | commitLog.segmentSize: must be between 64KiB and 1GiB (got: "1KiB")
            'dataDir: /d\\ncommitLog:\\n  segmentSize: -5'  | commitLog.segmentSize: must be between 64KiB and 1GiB (got: -5)
            # tracing
            'dataDir: /d\\ntracing: http://c:4318'        | tracing: must be a mapping with the keys otlpEndpoint (got: "http://c:4318")
            'dataDir: /d\\ntracing:\\n  otlpEndpoint: collector:4318' | tracing.otlpEndpoint: must be an http(s) URL with a host, e.g. http://collector:4318 (got: "collector:4318")
            'dataDir: /d\\ntracing:\\n  otlpEndpoint: ftp://c:21' | tracing.otlpEndpoint: must be an http(s) URL with a host, e.g. http://collector:4318 (got: "ftp://c:21")
            'dataDir: /d\\ntracing:\\n  otlpEndpoint: 4318' | tracing.otlpEndpoint: must be an http(s) URL with a host, e.g. http://collector:4318 (got: 4318)
            # namespaces
            'dataDir: /d\\nnamespaces: raw'                 | namespaces: must be a list of namespaces, each a mapping with at least a name (got: "raw")
            'dataDir: /d\\nnamespaces: []'                  | namespaces: must list at least one namespace; leave the key out for the default one (raw, 48h retention)
            'dataDir: /d\\nnamespaces:\\n  - raw'           | namespaces[0]: must be a mapping with the keys name, resolution, retention, blockSize, bufferPast, bufferFuture, shards (got: "raw")
            'dataDir: /d\\nnamespaces:\\n  - retention: 2d' | namespaces[0].name: is required (expected: a name matching [a-zA-Z0-9_-]+)
            'dataDir: /d\\nnamespaces:\\n  - name: raw data' | namespaces[0].name: must match [a-zA-Z0-9_-]+ (got: "raw data")
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n  - name: a' | namespaces[1].name: "a" is already the name of namespaces[0]
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n    resolution: 0' | namespaces[0].resolution: must be > 0 (got: 0)
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n    retention: 1h' | namespaces[0].retention: must be at least blockSize, 2h (got: 1h)
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n    retention: 3 days' | namespaces[0].retention: must be a duration such as 10s, 5m, 2h or 90d (got: "3 days")
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n    blockSize: 7h' | namespaces[0].blockSize: must divide a day or be whole days, e.g. 2h or 1d (got: 7h)
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n    bufferPast: 2h' | namespaces[0].bufferPast: must be shorter than blockSize, 2h (got: 2h)
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n    bufferFuture: -1m' | namespaces[0].bufferFuture: must be a duration such as 10s, 5m, 2h or 90d (got: "-1m")
            'dataDir: /d\\nnamespaces:\\n  - name: a\\n    shards: 5000' | namespaces[0].shards: must be an integer in [1, 4096] (got: 5000)
            """)
    void refusesABadValueNamingTheKeyAndTheValue(String yaml, String problem) throws IOException {
        Path file = write("node.yaml", yaml.replace("\\n", "\n").replace("\\u0000", "\\0"));

        assertThatThrownBy(() -> NodeConfig.load(file))
                .isInstanceOf(NodeConfigException.class)
                .hasMessage(file + ": " + problem);
    }

    @Test
    void refusesARepeatedKey() throws IOException {
        Path file = write("node.yaml", "dataDir: /a\ndataDir: /b\n");

        assertThatThrownBy(() -> NodeConfig.load(file))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML: line 2, column ")
                .hasMessageContaining("Duplicate field 'dataDir'");
    }

    @Test
    void refusesWhatIsNotYaml() throws IOException {
        Path file = write("node.yaml", "dataDir: /a\nserver: [unclosed\n");

        assertThatThrownBy(() -> NodeConfig.load(file))
                .isInstanceOfSatisfying(NodeConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.key()).isEmpty();
                })
                .hasMessageStartingWith(file + ": not valid YAML: line ");
    }

    @Test
    void refusesAnEmptyFileAndAList() throws IOException {
        Path empty = write("empty.yaml", "# nothing yet\n");
        Path list = write("list.yaml", "- dataDir: /a\n");

        assertThatThrownBy(() -> NodeConfig.load(empty))
                .hasMessage(empty + ": the file is empty; it needs at least dataDir");
        assertThatThrownBy(() -> NodeConfig.load(list))
                .hasMessage(list + ": must be a mapping with the keys server, dataDir, commitLog, namespaces, tracing (got: a list)");
    }

    @Test
    void namesAMissingFile() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> NodeConfig.load(missing))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageStartingWith(missing + ": cannot read the file: java.nio.file.NoSuchFileException");
    }

    @Test
    void theExampleConfigIsValid() {
        Path example = exampleConfig();

        NodeConfig config = NodeConfig.load(example);

        assertThat(config.namespaces()).extracting(NamespaceOptions::name).containsExactly("raw", "agg_1m");
        assertThat(config.namespaces().get(1).retention()).isEqualTo(Duration.ofDays(90));
    }

    /** config/storage-example.yaml at the root of the project. */
    private static Path exampleConfig() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("config/storage-example.yaml");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("config/storage-example.yaml not found above " + Path.of("").toAbsolutePath());
    }

    private NodeConfig load(String yaml) throws IOException {
        return NodeConfig.load(write("node.yaml", yaml));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
