package dev.meridian.launcher;

import dev.meridian.gateway.server.Gateway;
import dev.meridian.gateway.server.GatewayConfig;
import dev.meridian.gateway.server.GatewayConfigException;
import dev.meridian.tracing.TracingSetup;
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
        TracingSetup tracing = TracingSetup.create(gatewayConfig.otlpEndpoint(), "meridian-gateway");
        Gateway gateway;
        try {
            gateway = Gateway.start(gatewayConfig, MeridianVersion.projectVersionOrUnknown(), tracing.openTelemetry());
        } catch (RuntimeException e) {
            tracing.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                gateway.close();
                tracing.close();
            } finally {
                stopped.countDown();
            }
        }, "gateway-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("gateway.query_url=" + gateway.queryUrl());
        out.flush();
        stopped.await();
        return 0;
    }
}
