package dev.meridian.launcher;

import dev.meridian.storage.node.NodeConfig;
import dev.meridian.storage.node.NodeConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian storage --config FILE}: a storage node. Opens the storage engine on the
 * configured data directory (blocks at once, heads recovered in the background), serves the
 * StorageNode gRPC API with {@code /metrics}, {@code /health} and {@code /ready} on one port, and
 * runs until it is stopped; SIGTERM or Ctrl-C stop it cleanly, leaving a head snapshot so the next
 * start need not replay the commit log.
 */
@Command(
        name = "storage",
        description = {
            "Run a storage node: the time-series store of a region, serving the StorageNode gRPC API.",
            "Prints storage.address=HOST:PORT once it listens; /ready answers 200 once every namespace's head is recovered.",
            "SIGTERM or Ctrl-C stop it cleanly (with a head snapshot for a fast restart)."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class StorageCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The node's YAML configuration (see config/storage-example.yaml).")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig node;
        try {
            node = NodeConfig.load(config);
        } catch (NodeConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        TracedRole<StorageNodeInstance> running = TracedRole.start(node.otlpEndpoint(), "meridian-storage",
                openTelemetry -> StorageNodeInstance.start(node, openTelemetry));
        StorageNodeInstance server = running.role();
        PrintWriter out = spec.commandLine().getOut();
        out.println("storage.address=" + server.address());
        out.println("storage.metrics_url=http://" + server.address() + "/metrics");
        out.println("storage.data_dir=" + node.dataDir().toAbsolutePath());
        out.flush();
        running.awaitStop();
        return 0;
    }
}
