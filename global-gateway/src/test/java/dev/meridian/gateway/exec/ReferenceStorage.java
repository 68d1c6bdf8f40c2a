package dev.meridian.gateway.exec;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.SampleIterator;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import java.util.List;

/**
 * One storage holding every sample of some regions, labels as the regions store them: the
 * reference a gateway answer must equal. Reads the regions' storage directly, so faults injected
 * into a region do not affect it.
 */
final class ReferenceStorage {
    private ReferenceStorage() {}

    static InMemoryStorage union(List<InMemoryRegion> regions) {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryStorage.Appender appender = storage.appender();
        List<LabelMatcher> all = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));
        long from = Long.MIN_VALUE / 2;
        long to = Long.MAX_VALUE / 2;
        for (InMemoryRegion region : regions) {
            try (Querier querier = region.storage().querier(from, to)) {
                SeriesSet set = querier.select(SelectHints.ofRange(from, to), all);
                while (set.next()) {
                    SampleIterator it = set.at().iterator();
                    while (it.next()) {
                        appender.add(set.at().labels(), it.timestamp(), it.value());
                    }
                }
            }
        }
        appender.commit();
        return storage;
    }
}
