package dev.meridian.launcher;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementException;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.server.Coordinator;
import dev.meridian.coordinator.server.CoordinatorConfig;
import dev.meridian.coordinator.server.CoordinatorConfigException;
import dev.meridian.coordinator.server.CoordinatorRole;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian coordinator --config FILE [--role read|write|both]}: a region's coordinator —
 * Prometheus remote write replicated to the storage nodes of the placement (write role), the
 * Prometheus query API and remote read over them (read role). Runs until SIGTERM or Ctrl-C.
 */
@Command(
        name = "coordinator",
        description = {
            "Run a region's coordinator (regional-stack/coordinator/docs/coordinator-config.md).",
            "write: Prometheus remote write 1.0 on /api/v1/write, stored on every replica of each series' shard.",
            "read: the Prometheus HTTP API (/api/v1/query, query_range, series, labels, ...) and remote read.",
            "Prints coordinator.write_url=URL and/or coordinator.query_url=URL once it listens."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class CoordinatorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The coordinator's YAML configuration.")
    private Path config;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "read, write or both (default: ${DEFAULT-VALUE}). Run read and write as separate processes in production,"
                    + " so heavy queries never slow ingestion.")
    private String role = "both";

    @Override
    public Integer call() throws InterruptedException {
        CoordinatorRole serves;
        CoordinatorConfig coordinator;
        Placement placement;
        try {
            serves = CoordinatorRole.parse(role);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--role: " + e.getMessage(), e);
        }
        try {
            coordinator = CoordinatorConfig.load(config);
            placement = PlacementFile.read(coordinator.placement());
        } catch (CoordinatorConfigException | PlacementException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        TracedRole<Coordinator> running = TracedRole.start(coordinator.otlpEndpoint(), "meridian-coordinator",
                openTelemetry -> Coordinator.start(coordinator, placement, serves, MeridianVersion.projectVersionOrUnknown(),
                        openTelemetry));
        Coordinator server = running.role();
        PrintWriter out = spec.commandLine().getOut();
        if (serves.writes()) {
            out.println("coordinator.write_url=" + server.writeUrl());
        }
        if (serves.reads()) {
            out.println("coordinator.query_url=" + server.queryUrl());
        }
        out.flush();
        running.awaitStop();
        return 0;
    }
}
