package dev.meridian.launcher;

import dev.meridian.gateway.server.Gateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian demo}: regions on loopback, each with its storage nodes, a write coordinator
 * and a read coordinator ({@link DemoRegion}), fed by a synthetic node-exporter fleet ({@link
 * DemoWorkload}), and the global gateway over all of them ({@link DemoGateway}). Prints every endpoint as a {@code key=url} line, then runs until SIGTERM or
 * Ctrl-C, which stop it cleanly. Starting it again on the same {@code --data-dir} serves the same
 * data.
 */
@Command(
        name = "demo",
        description = {
            "Start Meridian regions on this machine (storage nodes, a write and a read coordinator each) and the",
            "global gateway over them, with a synthetic node-exporter workload sent to each region by remote write.",
            "Prints gateway.query_url=... (PromQL over all regions), region.<name>.write_url=... and",
            "region.<name>.query_url=... (point Grafana or Prometheus' remote_write at them). Ctrl-C stops it;",
            "running it again on the same --data-dir keeps the data."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class DemoCommand implements Callable<Integer> {
    /** Region names, in order; regions past these are region-N. */
    static final List<String> REGION_NAMES = List.of("eu-west", "us-east", "ap-south", "sa-east", "eu-north", "us-west");

    @Spec
    private CommandSpec spec;

    @Option(names = "--regions", paramLabel = "N", description = "Regions to start (default: ${DEFAULT-VALUE}).")
    private int regions = 3;

    @Option(names = "--nodes-per-region", paramLabel = "N", description = "Storage nodes per region (default: ${DEFAULT-VALUE}).")
    private int nodesPerRegion = 3;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas of every shard, at most --nodes-per-region (default: ${DEFAULT-VALUE}).")
    private int replicationFactor = 3;

    @Option(names = "--workload", paramLabel = "true|false", arity = "1",
            description = "Send the synthetic workload (default: ${DEFAULT-VALUE}).")
    private boolean workload = true;

    @Option(names = "--hosts", paramLabel = "N",
            description = "Node exporters in each region's workload, 330 series each, scraped every 10s (default: ${DEFAULT-VALUE}).")
    private int hosts = 10;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the regions keep their configuration and data (default: ${DEFAULT-VALUE}).")
    private Path dataDir = Path.of("meridian-demo-data");

    @Option(names = "--base-port", paramLabel = "PORT",
            description = "The first region's read coordinator; its write coordinator and nodes take the next ports, then the next"
                    + " region's. 0 picks free ports (default: ${DEFAULT-VALUE}).")
    private int basePort = 9200;

    @Option(names = "--gateway-port", paramLabel = "PORT",
            description = "The global gateway's port; 0 picks a free one (default: ${DEFAULT-VALUE}, or 0 with --base-port 0).")
    private Integer gatewayPort;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DemoRegion> started = new ArrayList<>();
        List<DemoWorkload> workloads = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int stride = DemoRegion.portsPerRegion(nodesPerRegion);
        try {
            for (int r = 0; r < regions; r++) {
                String name = regionName(r);
                started.add(DemoRegion.start(name, dataDir.resolve(name), nodesPerRegion, replicationFactor,
                        basePort == 0 ? 0 : basePort + r * stride));
            }
        } catch (RuntimeException e) {
            closeAll(started);
            err.println("meridian demo: cannot start region " + regionName(started.size()) + ": " + describe(e));
            err.flush();
            return 1;
        }
        Gateway gateway;
        try {
            gateway = DemoGateway.start(dataDir, started, gatewayPort != null ? gatewayPort : basePort == 0 ? 0 : 9090);
        } catch (RuntimeException e) {
            closeAll(started);
            err.println("meridian demo: cannot start the gateway: " + describe(e));
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                workloads.forEach(DemoWorkload::stop);
                threads.forEach(Thread::interrupt);
                for (Thread t : threads) {
                    t.join(10_000);
                }
                gateway.close();
                closeAll(started);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "demo-shutdown"));
        out.println("demo.data_dir=" + dataDir.toAbsolutePath().normalize());
        out.println("gateway.query_url=" + gateway.queryUrl());
        for (int r = 0; r < started.size(); r++) {
            DemoRegion region = started.get(r);
            String key = "region." + region.name() + ".";
            out.println(key + "query_url=" + region.reader().queryUrl());
            out.println(key + "write_url=" + region.writer().writeUrl());
            out.println(key + "storage_nodes=" + String.join(",", region.nodeAddresses()));
            if (workload) {
                DemoWorkload load = new DemoWorkload(region.name(), region.writer().writeUrl(), hosts, 20231114L + r, err);
                workloads.add(load);
                out.println(key + "workload_series=" + load.seriesCount());
                Thread thread = new Thread(load, "demo-workload-" + region.name());
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
        out.flush();
        err.println("meridian demo: running; point Grafana (a Prometheus data source) at gateway.query_url (all regions) or a region's query_url. Ctrl-C stops it.");
        err.flush();
        stopped.await();
        return 0;
    }

    private void validate() {
        if (regions < 1) {
            throw new ParameterException(spec.commandLine(), "--regions must be at least 1 (got: " + regions + ")");
        }
        if (nodesPerRegion < 1) {
            throw new ParameterException(spec.commandLine(), "--nodes-per-region must be at least 1 (got: " + nodesPerRegion + ")");
        }
        if (replicationFactor < 1 || replicationFactor > nodesPerRegion) {
            throw new ParameterException(spec.commandLine(), "--replication-factor must be between 1 and --nodes-per-region ("
                    + nodesPerRegion + ") (got: " + replicationFactor + ")");
        }
        if (gatewayPort != null && (gatewayPort < 0 || gatewayPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--gateway-port must be 0-65535 (got: " + gatewayPort + ")");
        }
        if (hosts < 1) {
            throw new ParameterException(spec.commandLine(), "--hosts must be at least 1 (got: " + hosts + ")");
        }
        int lastPort = basePort + regions * DemoRegion.portsPerRegion(nodesPerRegion) - 1;
        if (basePort != 0 && (basePort < 1 || lastPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--base-port must be 0 or leave room for " + regions + " regions of "
                    + DemoRegion.portsPerRegion(nodesPerRegion) + " ports below 65536 (got: " + basePort + ")");
        }
    }

    static String regionName(int index) {
        return index < REGION_NAMES.size() ? REGION_NAMES.get(index) : "region-" + (index + 1);
    }

    /** Stops the regions, all at once: they share nothing. */
    private static void closeAll(List<DemoRegion> regions) {
        ConcurrentClose.closeAll(regions);
    }

    /** The innermost message, e.g. "Address already in use" for a taken port. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message != null ? message : e.toString();
    }
}
