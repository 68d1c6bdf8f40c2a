package dev.meridian.coordinator.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlacementTest {
    static List<PlacementNode> nodes(int n) {
        List<PlacementNode> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(new PlacementNode("node-" + i, "127.0.0.1", 9100 + i));
        }
        return nodes;
    }

    @ParameterizedTest
    @CsvSource({"64, 3, 3", "64, 3, 5", "64, 1, 1", "7, 2, 4", "4096, 3, 10", "1, 3, 3"})
    void balancedPutsEveryShardOnDistinctNodesAndEvensOutTheLoad(int shards, int rf, int nodeCount) {
        Placement p = Placement.balanced(nodes(nodeCount), shards, rf);

        assertThat(p.shards()).isEqualTo(shards);
        for (int shard = 0; shard < shards; shard++) {
            List<PlacementNode> replicas = p.replicas(shard);
            assertThat(replicas).hasSize(rf);
            assertThat(new HashSet<>(replicas)).as("shard %d", shard).hasSize(rf);
        }
        Map<String, Integer> counts = p.replicaCounts();
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(shards * rf);
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(max - min).as("replicas per node: %s", counts).isLessThanOrEqualTo(1);
        for (PlacementNode node : p.nodes()) {
            assertThat(p.shardsOf(node.id())).hasSize(counts.get(node.id()));
        }
    }

    @Test
    void aShardsReplicasAreConsecutiveNodes() {
        Placement p = Placement.balanced(nodes(4), 8, 3);

        assertThat(p.replicas(0)).extracting(PlacementNode::id).containsExactly("node-1", "node-2", "node-3");
        assertThat(p.replicas(1)).extracting(PlacementNode::id).containsExactly("node-4", "node-1", "node-2");
        assertThat(p.replicas(2)).extracting(PlacementNode::id).containsExactly("node-3", "node-4", "node-1");
        assertThat(p.shardsOf("node-1")).containsExactly(0, 1, 2, 4, 5, 6);
    }

    @Test
    void invalidPlacementsNameTheShardOrNode() {
        List<PlacementNode> three = nodes(3);
        assertThatThrownBy(() -> Placement.balanced(nodes(2), 64, 3))
                .hasMessage("replicationFactor 3 needs at least as many nodes, but there are 2");
        assertThatThrownBy(() -> Placement.balanced(three, 0, 3)).hasMessage("shards must be 1-4096 (got: 0)");
        assertThatThrownBy(() -> new Placement(2, 2, three, List.of(List.of("node-1", "node-2"), List.of("node-3", "node-3"))))
                .hasMessage("shard 1 names node node-3 twice");
        assertThatThrownBy(() -> new Placement(2, 2, three, List.of(List.of("node-1", "node-2"), List.of("node-3", "node-9"))))
                .hasMessage("shard 1 names the unknown node node-9");
        assertThatThrownBy(() -> new Placement(2, 2, three, List.of(List.of("node-1", "node-2"), List.of("node-3"))))
                .hasMessage("shard 1 has 1 replicas; the replication factor is 2");
        assertThatThrownBy(() -> new Placement(3, 2, three, List.of(List.of("node-1", "node-2"))))
                .hasMessage("there are 3 shards but replicas for 1");
        List<PlacementNode> twice = List.of(three.get(0), three.get(1), new PlacementNode("node-1", "127.0.0.2", 1));
        assertThatThrownBy(() -> Placement.balanced(twice, 4, 2)).hasMessage("node id node-1 is listed twice");
        List<PlacementNode> sameAddress = List.of(three.get(0), new PlacementNode("other", "127.0.0.1", 9101));
        assertThatThrownBy(() -> Placement.balanced(sameAddress, 4, 1)).hasMessageStartingWith("nodes share the address 127.0.0.1:9101");
        Placement p = Placement.balanced(three, 4, 3);
        assertThatThrownBy(() -> p.replicas(4)).hasMessage("shard must be 0-3 (got: 4)");
        assertThatThrownBy(() -> p.shardsOf("node-7")).hasMessage("unknown node node-7; the placement has [node-1, node-2, node-3]");
    }

    @Test
    void nodeAddressesAreParsedAndChecked() {
        assertThat(PlacementNode.parse("a", "storage-1.example:9000")).isEqualTo(new PlacementNode("a", "storage-1.example", 9000));
        assertThatThrownBy(() -> PlacementNode.parse("a", "9000")).hasMessage("node a: address must be host:port (got: \"9000\")");
        assertThatThrownBy(() -> PlacementNode.parse("a", "host:http"))
                .hasMessage("node a: address must be host:port (got: \"host:http\")");
        assertThatThrownBy(() -> PlacementNode.parse("a", "host:70000")).hasMessage("node a: port must be 1-65535 (got: 70000)");
        assertThatThrownBy(() -> PlacementNode.parse("no spaces", "h:1")).hasMessageStartingWith("node id must be 1-64 letters");
    }
}
