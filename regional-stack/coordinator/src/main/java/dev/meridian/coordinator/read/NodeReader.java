package dev.meridian.coordinator.read;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.node.StorageNodeClient;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads from one storage node; {@link #of(StorageNodeClient)} in production. Every method throws
 * when the node did not answer (unreachable, not ready, timed out).
 */
public interface NodeReader {
    /** The matching series with their chunks, in label order. */
    void fetch(String namespace, List<LabelMatcher> matchers, long mint, long maxt, Consumer<ChunkedSeries> consumer);

    List<String> labelNames(String namespace, List<LabelMatcher> matchers, long mint, long maxt);

    List<String> labelValues(String namespace, String name, List<LabelMatcher> matchers, long mint, long maxt);

    /** Every metric family's metadata entry the node holds (node-wide), sorted by family. */
    List<FamilyMetadata> metadata();

    static NodeReader of(StorageNodeClient client) {
        return new NodeReader() {
            @Override
            public void fetch(String namespace, List<LabelMatcher> matchers, long mint, long maxt, Consumer<ChunkedSeries> consumer) {
                client.fetch(namespace, matchers, mint, maxt, consumer);
            }

            @Override
            public List<String> labelNames(String namespace, List<LabelMatcher> matchers, long mint, long maxt) {
                return client.labelNames(namespace, matchers, mint, maxt);
            }

            @Override
            public List<String> labelValues(String namespace, String name, List<LabelMatcher> matchers, long mint, long maxt) {
                return client.labelValues(namespace, name, matchers, mint, maxt);
            }

            @Override
            public List<FamilyMetadata> metadata() {
                return client.metadata();
            }
        };
    }
}
