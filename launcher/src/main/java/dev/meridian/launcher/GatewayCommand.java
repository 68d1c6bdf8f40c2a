package dev.meridian.launcher;

import dev.meridian.gateway.server.Gateway;
import dev.meridian.gateway.server.GatewayConfig;
import dev.meridian.gateway.server.GatewayConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian gateway --config FILE}: the global gateway — the Prometheus HTTP API over all
 * regions, by distributed plans sent to each region's read coordinators. Runs until SIGTERM or
 * Ctrl-C.
 */
@Command(
        name = "gateway",
        description = {
            "Run the global gateway (global-gateway/docs/gateway-config.md): the Prometheus HTTP API over all regions,",
            "with partial responses (partial_response=warn|abort) and a coverage block on every answer.",
            "Prints gateway.query_url=URL once it listens."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class GatewayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The gateway's YAML configuration.")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = GatewayConfig.load(config);
        } catch (GatewayConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        TracedRole<Gateway> gateway = TracedRole.start(gatewayConfig.otlpEndpoint(), "meridian-gateway",
                openTelemetry -> Gateway.start(gatewayConfig, MeridianVersion.projectVersionOrUnknown(), openTelemetry));
        PrintWriter out = spec.commandLine().getOut();
        out.println("gateway.query_url=" + gateway.role().queryUrl());
        out.flush();
        gateway.awaitStop();
        return 0;
    }
}
