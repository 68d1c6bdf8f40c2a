package dev.meridian.storage.index;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * The head's postings index (the active index block): takes every new series, answers queries
 * while series are added and removed, and drops series the head garbage-collects.
 *
 * <p>Layout: label name → sorted map of value → series refs (a RoaringBitmap, or a sorted int
 * array while a value has few series), plus per name the bitmap of the series that have the name,
 * plus the bitmap of all series. It keeps no labels per series (the head has them), and each
 * distinct name and value is one String, shared with the head through the labels {@link #add}
 * returns. Removing the last series of a value drops the value.
 *
 * <p>Thread-safety: a read-write lock. {@link #add} and {@link #remove} change a series' postings
 * under the write lock, so a query (under the read lock) sees a series with all its labels or not
 * at all, never with some of them. Adding happens once per new series, not per sample, so writers
 * rarely wait; a long regex scan delays them by its duration.
 */
public final class MemIndex implements PostingsReader {
    /* Heap sizes for retainedBytes(), 64-bit JVM with compressed oops (the default below 32 GiB). */
    private static final int TREE_ENTRY_BYTES = 40;
    private static final int STRING_BYTES = 24;
    private static final int ARRAY_HEADER_BYTES = 16;
    private static final int LABEL_BYTES = 24 + 48; // The Label object and its TreeMap.
    /** A RoaringBitmap, its RoaringArray, and that one's key and container arrays of 4 slots. */
    private static final int BITMAP_BYTES = 16 + 24 + (ARRAY_HEADER_BYTES + 4 * 2) + (ARRAY_HEADER_BYTES + 4 * 4);
    /** A container object and the header of its array. */
    private static final int CONTAINER_BYTES = 24 + ARRAY_HEADER_BYTES;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock readLock = lock.readLock();
    private final Lock writeLock = lock.writeLock();
    private final TreeMap<String, Label> labels = new TreeMap<>(Labels.NAME_ORDER);
    private final RoaringBitmap all = new RoaringBitmap();

    /**
     * Indexes series {@code ref} under {@code series}' labels and returns labels equal to
     * {@code series} whose strings are the index's own: keep those in the head so that every
     * name and value is held once. Returns {@code series} itself when its strings already are.
     *
     * @throws IllegalArgumentException if {@code ref} is negative or already indexed, or
     *     {@code series} is empty
     */
    public Labels add(int ref, Labels series) {
        requireNonNull(series, "series is null");
        if (ref < 0) {
            throw new IllegalArgumentException("ref must be >= 0 (got: " + ref + ")");
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series " + ref + " has no labels");
        }
        String[] interned = new String[series.size() * 2];
        boolean shared = true;
        writeLock.lock();
        try {
            if (all.contains(ref)) {
                throw new IllegalArgumentException("series " + ref + " is already indexed");
            }
            for (int i = 0; i < series.size(); i++) {
                String name = series.name(i);
                Label label = labels.get(name);
                if (label == null) {
                    label = new Label(name);
                    labels.put(name, label);
                }
                String value = label.add(ref, series.value(i));
                interned[2 * i] = label.name;
                interned[2 * i + 1] = value;
                shared &= label.name == name && value == series.value(i);
            }
            all.add(ref);
        } finally {
            writeLock.unlock();
        }
        return shared ? series : Labels.of(interned);
    }

    /**
     * Removes series {@code ref}, which must have been added with labels equal to {@code series}.
     *
     * @throws IllegalArgumentException if {@code ref} is not indexed with those labels; the index
     *     is then unchanged
     */
    public void remove(int ref, Labels series) {
        requireNonNull(series, "series is null");
        writeLock.lock();
        try {
            boolean indexed = all.contains(ref);
            for (int i = 0; i < series.size() && indexed; i++) {
                Label label = labels.get(series.name(i));
                indexed = label != null && label.contains(series.value(i), ref);
            }
            if (indexed) { // And with no other label: a name per label set, so this is cheap.
                int names = 0;
                for (Label label : labels.values()) {
                    names += label.series.contains(ref) ? 1 : 0;
                }
                indexed = names == series.size();
            }
            if (!indexed) {
                throw new IllegalArgumentException("series " + ref + " is not indexed with labels " + series);
            }
            for (int i = 0; i < series.size(); i++) {
                Label label = labels.get(series.name(i));
                label.remove(ref, series.value(i));
                if (label.series.isEmpty()) {
                    labels.remove(label.name);
                }
            }
            all.remove(ref);
        } finally {
            writeLock.unlock();
        }
    }

    /** How many series are indexed. */
    public int seriesCount() {
        readLock.lock();
        try {
            return all.getCardinality();
        } finally {
            readLock.unlock();
        }
    }

    /**
     * An estimate of the heap this index holds, in bytes: its maps, interned strings and bitmaps
     * (containers as RoaringBitmap sizes them, plus object and array headers). Walks every value,
     * so call it for accounting now and then, not per write.
     */
    public long retainedBytes() {
        readLock.lock();
        try {
            long bytes = bitmapBytes(all);
            for (Label label : labels.values()) {
                bytes += TREE_ENTRY_BYTES + LABEL_BYTES + stringBytes(label.name) + bitmapBytes(label.series);
                for (Map.Entry<String, Object> value : label.values.entrySet()) {
                    bytes += TREE_ENTRY_BYTES + stringBytes(value.getKey()) + Label.bytes(value.getValue());
                }
            }
            return bytes;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public RoaringBitmap select(List<LabelMatcher> matchers) {
        requireNonNull(matchers, "matchers is null");
        return select(matchers, true);
    }

    /** {@link #select(List)}, with or without the regex fast paths; tests compare the two. */
    RoaringBitmap select(List<LabelMatcher> matchers, boolean fastPaths) {
        readLock.lock();
        try {
            return MatcherEvaluation.select(source, matchers, fastPaths);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public RoaringBitmap allSeries() {
        readLock.lock();
        try {
            return all.clone();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<String> labelNames(RoaringBitmap series) {
        readLock.lock();
        try {
            List<String> names = new ArrayList<>(labels.size());
            for (Label label : labels.values()) {
                if (series == null || RoaringBitmap.intersects(label.series, series)) {
                    names.add(label.name);
                }
            }
            return names;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<String> labelValues(String name, RoaringBitmap series) {
        requireNonNull(name, "name is null");
        readLock.lock();
        try {
            Label label = labels.get(name);
            if (label == null) {
                return List.of();
            }
            if (series == null) {
                return new ArrayList<>(label.values.keySet());
            }
            List<String> values = new ArrayList<>();
            if (RoaringBitmap.intersects(label.series, series)) {
                for (Map.Entry<String, Object> value : label.values.entrySet()) {
                    if (Label.intersects(value.getValue(), series)) {
                        values.add(value.getKey());
                    }
                }
            }
            return values;
        } finally {
            readLock.unlock();
        }
    }

    private static long stringBytes(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) < 0x100;
        }
        return STRING_BYTES + align(ARRAY_HEADER_BYTES + (long) s.length() * (latin1 ? 1 : 2));
    }

    private static long bitmapBytes(RoaringBitmap bitmap) {
        long bytes = BITMAP_BYTES;
        for (ContainerPointer c = bitmap.getContainerPointer(); c.getContainer() != null; c.advance()) {
            long payload = c.getContainer().getSizeInBytes();
            if (!c.isBitmapContainer()) {
                // Array and run containers grow by 2x, then 1.5x, then 1.25x: about a quarter spare.
                payload += payload / 4;
            }
            bytes += CONTAINER_BYTES + align(payload);
        }
        return bytes;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** The read side the matcher evaluation sees; callers hold the read lock. */
    private final PostingsSource source = new PostingsSource() {
        @Override
        public RoaringBitmap allSeries() {
            return all;
        }

        @Override
        public LabelPostings label(String name) {
            return labels.get(name);
        }
    };

    /**
     * One label name: its values' postings in value order, and the series that have it. A
     * value's postings are a sorted {@code int[]} while it has at most {@link #SMALL} series (an
     * array of n refs takes 16 + 4n bytes, a RoaringBitmap about 140 + 2.5n), then a RoaringBitmap;
     * labels with a value per series (pod names, request ids) then cost half as much.
     */
    private static final class Label implements PostingsSource.LabelPostings {
        static final int SMALL = 32;

        final String name;
        /** Value → int[] or RoaringBitmap. */
        final TreeMap<String, Object> values = new TreeMap<>(Labels.NAME_ORDER);
        final RoaringBitmap series = new RoaringBitmap();
        int valuesWithNewline;

        Label(String name) {
            this.name = name;
        }

        /** Adds {@code ref} under {@code value} and returns the interned value. */
        String add(int ref, String value) {
            Map.Entry<String, Object> entry = values.ceilingEntry(value);
            String interned;
            if (entry != null && entry.getKey().equals(value)) {
                interned = entry.getKey();
                Object postings = entry.getValue();
                if (postings instanceof RoaringBitmap bitmap) {
                    bitmap.add(ref);
                } else {
                    values.put(interned, withRef((int[]) postings, ref));
                }
            } else {
                interned = value;
                values.put(value, new int[] {ref});
                if (value.indexOf('\n') >= 0) {
                    valuesWithNewline++;
                }
            }
            series.add(ref);
            return interned;
        }

        void remove(int ref, String value) {
            Object postings = values.get(value);
            boolean empty;
            if (postings instanceof RoaringBitmap bitmap) {
                bitmap.remove(ref);
                empty = bitmap.isEmpty();
            } else {
                int[] refs = withoutRef((int[]) postings, ref);
                empty = refs.length == 0;
                if (!empty) {
                    values.put(value, refs);
                }
            }
            if (empty) {
                values.remove(value);
                if (value.indexOf('\n') >= 0) {
                    valuesWithNewline--;
                }
            }
            series.remove(ref);
        }

        boolean contains(String value, int ref) {
            Object postings = values.get(value);
            if (postings instanceof RoaringBitmap bitmap) {
                return bitmap.contains(ref);
            }
            return postings != null && Arrays.binarySearch((int[]) postings, ref) >= 0;
        }

        private static Object withRef(int[] refs, int ref) {
            if (refs.length == SMALL) {
                RoaringBitmap bitmap = RoaringBitmap.bitmapOf(refs);
                bitmap.add(ref);
                return bitmap;
            }
            int at = -Arrays.binarySearch(refs, ref) - 1;
            int[] more = new int[refs.length + 1];
            System.arraycopy(refs, 0, more, 0, at);
            more[at] = ref;
            System.arraycopy(refs, at, more, at + 1, refs.length - at);
            return more;
        }

        private static int[] withoutRef(int[] refs, int ref) {
            int at = Arrays.binarySearch(refs, ref);
            int[] fewer = new int[refs.length - 1];
            System.arraycopy(refs, 0, fewer, 0, at);
            System.arraycopy(refs, at + 1, fewer, at, fewer.length - at);
            return fewer;
        }

        static boolean intersects(Object postings, RoaringBitmap series) {
            if (postings instanceof RoaringBitmap bitmap) {
                return RoaringBitmap.intersects(bitmap, series);
            }
            for (int ref : (int[]) postings) {
                if (series.contains(ref)) {
                    return true;
                }
            }
            return false;
        }

        static long bytes(Object postings) {
            return postings instanceof RoaringBitmap bitmap
                    ? bitmapBytes(bitmap)
                    : align(ARRAY_HEADER_BYTES + 4L * ((int[]) postings).length);
        }

        @Override
        public RoaringBitmap seriesWithLabel() {
            return series;
        }

        @Override
        public boolean hasValueWithNewline() {
            return valuesWithNewline > 0;
        }

        @Override
        public RoaringBitmap postings(String value) {
            Object postings = values.get(value);
            return postings == null || postings instanceof RoaringBitmap ? (RoaringBitmap) postings : RoaringBitmap.bitmapOf((int[]) postings);
        }

        @Override
        public RoaringBitmap union(String prefix, Predicate<String> accept) {
            List<RoaringBitmap> bitmaps = new ArrayList<>();
            int[] refs = new int[16];
            int refCount = 0;
            for (Map.Entry<String, Object> entry : values.tailMap(prefix, true).entrySet()) {
                if (!entry.getKey().startsWith(prefix)) {
                    break;
                }
                if (accept.test(entry.getKey())) {
                    if (entry.getValue() instanceof RoaringBitmap bitmap) {
                        bitmaps.add(bitmap);
                    } else {
                        int[] small = (int[]) entry.getValue();
                        if (refCount + small.length > refs.length) {
                            refs = Arrays.copyOf(refs, Math.max(refs.length * 2, refCount + small.length));
                        }
                        System.arraycopy(small, 0, refs, refCount, small.length);
                        refCount += small.length;
                    }
                }
            }
            if (refCount == 0 && bitmaps.size() == 1) {
                return bitmaps.get(0);
            }
            RoaringBitmap union = bitmaps.isEmpty() ? new RoaringBitmap() : FastAggregation.or(bitmaps.iterator());
            if (refCount > 0) {
                Arrays.sort(refs, 0, refCount);
                union.addN(refs, 0, refCount);
            }
            return union;
        }
    }
}
