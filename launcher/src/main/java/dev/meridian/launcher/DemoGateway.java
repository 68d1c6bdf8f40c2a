package dev.meridian.launcher;

import dev.meridian.gateway.server.Gateway;
import dev.meridian.gateway.server.GatewayConfig;
import dev.meridian.gateway.server.GatewayConfig.RegionEndpoints;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's global gateway: a config file {@code gateway.yaml} in the demo's data directory
 * naming every region's read coordinator (which serves the region service on its query port),
 * and a {@link Gateway} started from it in this process.
 */
final class DemoGateway {
    private DemoGateway() {}

    static Gateway start(Path dataDir, List<DemoRegion> regions, int port) {
        StringBuilder yaml = new StringBuilder("""
                # the demo's global gateway (global-gateway/docs/gateway-config.md)
                server:
                  host: 127.0.0.1
                  port: %d
                partialResponse: warn
                regions:
                """.formatted(port));
        for (DemoRegion region : regions) {
            RegionEndpoints endpoints = region.gatewayEndpoints();
            yaml.append("  - name: ").append(endpoints.name()).append('\n')
                    .append("    endpoints: [\"").append(String.join("\", \"", endpoints.endpoints())).append("\"]\n");
        }
        Path file = DemoRegion.write(dataDir.resolve("gateway.yaml"), yaml.toString());
        return Gateway.start(GatewayConfig.load(file), MeridianVersion.projectVersionOrUnknown(), OpenTelemetry.noop());
    }
}
