package dev.meridian.storage.query;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.storage.chunk.Chunk;
import dev.meridian.storage.head.Head;
import dev.meridian.storage.head.MemSeries;
import dev.meridian.storage.head.SeriesData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.IntIterator;

/**
 * The head's matching series with samples in the range, copied out of the head when the cursor
 * is made (so the read is consistent per series), sorted by labels.
 */
final class HeadPartCursor implements PartCursor {
    private final Part[] parts;
    private int index = -1;

    HeadPartCursor(Head head, List<LabelMatcher> matchers, long mint, long maxt, long headFrom) {
        List<Part> found = new ArrayList<>();
        IntIterator refs = head.select(matchers).getIntIterator();
        while (refs.hasNext()) {
            MemSeries s = head.series(refs.next());
            if (s == null) {
                continue;
            }
            SeriesData data = head.read(s, mint, maxt, headFrom);
            if (!data.isEmpty()) {
                found.add(new Part(s.labels().toLabels(), data));
            }
        }
        parts = found.toArray(new Part[0]);
        Arrays.sort(parts, (a, b) -> a.labels.compareTo(b.labels));
    }

    @Override
    public boolean next() {
        return ++index < parts.length;
    }

    @Override
    public SeriesPart at() {
        return parts[index];
    }

    private record Part(Labels labels, SeriesData data) implements SeriesPart {
        @Override
        public List<Chunk> chunks() {
            return data.chunks();
        }

        @Override
        public long[] looseTimes() {
            return data.outOfOrderTimes();
        }

        @Override
        public double[] looseValues() {
            return data.outOfOrderValues();
        }
    }
}
