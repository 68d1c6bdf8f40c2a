package dev.meridian.launcher;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementException;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.server.CoordinatorConfig;
import dev.meridian.coordinator.server.CoordinatorConfigException;
import dev.meridian.coordinator.server.WriteCoordinator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian coordinator --config FILE}: a region's write coordinator — Prometheus remote
 * write, replicated to the storage nodes of the placement. Runs until SIGTERM or Ctrl-C.
 */
@Command(
        name = "coordinator",
        description = {
            "Run a write coordinator: Prometheus remote write 1.0 on /api/v1/write, stored on every replica of each",
            "series' shard (regional-stack/coordinator/docs/coordinator-config.md). Prints coordinator.write_url=URL once it listens.",
            "The read role (the Prometheus query API) is not built yet."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class CoordinatorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The coordinator's YAML configuration.")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        CoordinatorConfig coordinator;
        Placement placement;
        try {
            coordinator = CoordinatorConfig.load(config);
            placement = PlacementFile.read(coordinator.placement());
        } catch (CoordinatorConfigException | PlacementException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        WriteCoordinator server = WriteCoordinator.start(coordinator, placement);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "coordinator-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("coordinator.write_url=http://" + coordinator.host() + ":" + server.port() + "/api/v1/write");
        out.flush();
        stopped.await();
        return 0;
    }
}
