package dev.meridian.launcher;

import dev.meridian.coordinator.placement.Placement;
import dev.meridian.coordinator.placement.PlacementFile;
import dev.meridian.coordinator.placement.PlacementNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meridian placement init}: writes a balanced placement ({@link Placement#balanced}) for
 * the given nodes, to a file or stdout.
 */
@Command(
        name = "init",
        description = {
            "Write a balanced placement: every shard on --replication-factor distinct nodes, every node holding",
            "the same number of shard replicas (one more or less). The format is in regional-stack/coordinator/docs/placement.md."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        sortOptions = false)
final class PlacementInitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "NODE", required = true, split = ",",
            description = "Storage nodes as HOST:PORT (named node-1, node-2, ... in order) or ID=HOST:PORT, comma-separated.")
    private List<String> nodes;

    @Option(names = "--shards", paramLabel = "N",
            description = "Virtual shards; must equal the storage namespaces' shards (default: ${DEFAULT-VALUE}).")
    private int shards = Placement.DEFAULT_SHARDS;

    @Option(names = "--replication-factor", paramLabel = "N", description = "Nodes per shard (default: ${DEFAULT-VALUE}).")
    private int replicationFactor = Placement.DEFAULT_REPLICATION_FACTOR;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: stdout).")
    private Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    private boolean force;

    @Override
    public Integer call() throws IOException {
        Placement placement;
        try {
            placement = Placement.balanced(parseNodes(nodes), shards, replicationFactor);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(PlacementFile.format(placement));
            stdout.flush();
            return 0;
        }
        if (Files.exists(out) && !force) {
            throw new ParameterException(spec.commandLine(), out + " exists; pass --force to replace it");
        }
        PlacementFile.write(placement, out);
        spec.commandLine().getOut().println("placement.file=" + out.toAbsolutePath());
        return 0;
    }

    private static List<PlacementNode> parseNodes(List<String> specs) {
        List<PlacementNode> parsed = new ArrayList<>();
        for (String node : specs) {
            int eq = node.indexOf('=');
            String id = eq < 0 ? "node-" + (parsed.size() + 1) : node.substring(0, eq);
            parsed.add(PlacementNode.parse(id, eq < 0 ? node : node.substring(eq + 1)));
        }
        return parsed;
    }
}
