package dev.meridian.storage.index;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.syntax.Quoting;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.index.IndexFormat.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes the index file of one block ({@code docs/format/index.md}), streaming: each series goes
 * to the file as it is added, in label order, and gets the next series ref (0, 1, ...). {@link
 * #finish} then writes the symbols, the postings and the label tables, and syncs the file.
 *
 * <p>Where the postings come from, and so the peak heap:
 *
 * <ul>
 *   <li>{@link #create(Path)}: the writer collects them, one RoaringBitmap per label pair, as
 *       {@link #addSeries(Labels, List)} goes. Peak: the distinct names and values (a String and
 *       a map entry each, ~100 bytes plus the string) and the postings, which hold each series
 *       once per label (2 bytes or less per series and label, as in a {@link MemIndex}). For
 *       compactions and tests.
 *   <li>{@link #create(Path, PostingsReader)}: the block flush. The head's index already has the
 *       postings, under the head's refs; {@link #addSeries(int, Labels, List)} records each
 *       series' head ref, and {@link #finish} reads each label pair's postings from the source,
 *       keeps the added series and renumbers them, one pair at a time. Peak: the distinct names
 *       and values, a count per label pair, an int per head ref up to the largest one added
 *       (4 bytes per head series) and the bitmap of the added head refs, plus one name's
 *       postings at a time while finishing. No second index of the head is built. The source must
 *       not drop or renumber the added series until {@link #finish} returns; the writer checks
 *       every pair's series count against what was added and fails if the source changed.
 * </ul>
 *
 * Neither keeps labels or chunks per series: where each series starts in the file is read back
 * from the series section when finishing. Not thread-safe. Closing without finishing deletes the
 * file.
 */
public final class IndexWriter implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final IndexOutput out;
    private final PostingsReader source;

    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Map<String, Pair>> pairs = new HashMap<>();
    private final Scratch entry = new Scratch();
    private final long[] sectionOffsets = new long[Section.values().length];
    private final long[] sectionLengths = new long[Section.values().length];
    private Labels previous;
    private int seriesCount;

    // Only with a source: block ref by source ref, and the source refs added.
    private int[] blockRefs = new int[0];
    private final RoaringBitmap sourceRefs = new RoaringBitmap();

    private boolean finished;
    private boolean closed;

    private IndexWriter(Path file, FileChannel channel, PostingsReader source) throws IOException {
        this.file = file;
        this.channel = channel;
        this.source = source;
        this.out = new IndexOutput(channel);
        out.putInt(IndexFormat.MAGIC);
        out.putByte(IndexFormat.VERSION);
        out.putByte(0);
        out.putByte(0);
        out.putByte(0);
        begin(Section.SERIES);
    }

    /**
     * Creates {@code file} (which must not exist) for an index whose postings the writer collects
     * from the series added with {@link #addSeries(Labels, List)}.
     *
     * @throws StorageException {@link StorageErrorCode#IO} if the file cannot be created
     */
    public static IndexWriter create(Path file) {
        return open(requireNonNull(file, "file is null"), null);
    }

    /**
     * Creates {@code file} (which must not exist) for an index whose postings are taken from
     * {@code source}: series are added with {@link #addSeries(int, Labels, List)}, naming their
     * ref in {@code source}.
     *
     * @throws StorageException {@link StorageErrorCode#IO} if the file cannot be created
     */
    public static IndexWriter create(Path file, PostingsReader source) {
        return open(requireNonNull(file, "file is null"), requireNonNull(source, "source is null"));
    }

    private static IndexWriter open(Path file, PostingsReader source) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
            return new IndexWriter(file, channel, source);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                    Files.deleteIfExists(file);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new StorageException(StorageErrorCode.IO, "cannot create index file " + file + ": " + e, e);
        }
    }

    /**
     * Appends a series, whose labels must sort after the previous series' ({@link
     * Labels#compareTo}), and returns its series ref in the block. For writers made by {@link
     * #create(Path)}.
     *
     * @throws IllegalArgumentException if the labels are empty, out of order, or not valid UTF-16
     */
    public int addSeries(Labels labels, List<ChunkMeta> chunks) {
        if (source != null) {
            throw new IllegalStateException("this writer takes postings from a source: add series with their source ref");
        }
        int ref = append(labels, chunks);
        for (int i = 0; i < labels.size(); i++) {
            pair(labels.name(i), labels.value(i)).postings.add(ref);
        }
        return ref;
    }

    /**
     * Appends a series that is {@code sourceRef} in the source, whose labels must sort after the
     * previous series' ({@link Labels#compareTo}), and returns its series ref in the block. For
     * writers made by {@link #create(Path, PostingsReader)}.
     *
     * @throws IllegalArgumentException if the labels are empty, out of order, or not valid UTF-16,
     *     or {@code sourceRef} is negative or was added before
     */
    public int addSeries(int sourceRef, Labels labels, List<ChunkMeta> chunks) {
        if (source == null) {
            throw new IllegalStateException("this writer collects postings itself: add series without a source ref");
        }
        if (sourceRef < 0) {
            throw new IllegalArgumentException("sourceRef must be >= 0 (got: " + sourceRef + ")");
        }
        if (sourceRefs.contains(sourceRef)) {
            throw new IllegalArgumentException("source series " + sourceRef + " was already added");
        }
        int ref = append(labels, chunks);
        if (sourceRef >= blockRefs.length) {
            blockRefs = Arrays.copyOf(blockRefs, Math.max(sourceRef + 1, blockRefs.length + (blockRefs.length >> 1)));
        }
        blockRefs[sourceRef] = ref;
        sourceRefs.add(sourceRef);
        for (int i = 0; i < labels.size(); i++) {
            pair(labels.name(i), labels.value(i)).count++;
        }
        return ref;
    }

    private int append(Labels labels, List<ChunkMeta> chunks) {
        requireNonNull(labels, "labels is null");
        requireNonNull(chunks, "chunks is null");
        checkOpen();
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("series " + seriesCount + " has no labels");
        }
        if (previous != null && labels.compareTo(previous) <= 0) {
            throw new IllegalArgumentException("series must be added in label order: " + labels + " after " + previous);
        }
        for (int i = 0; i < labels.size(); i++) {
            checkEncodable(labels.name(i));
            checkEncodable(labels.value(i));
        }
        for (ChunkMeta chunk : chunks) {
            requireNonNull(chunk, "chunk is null");
        }
        entry.reset();
        entry.putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            entry.putUvarint(symbol(labels.name(i)));
            entry.putUvarint(symbol(labels.value(i)));
        }
        entry.putUvarint(chunks.size());
        long previousMax = 0;
        long previousRef = 0;
        for (ChunkMeta chunk : chunks) {
            entry.putVarint(chunk.minTime() - previousMax);
            entry.putUvarint(chunk.maxTime() - chunk.minTime());
            entry.putVarint(chunk.ref() - previousRef);
            previousMax = chunk.maxTime();
            previousRef = chunk.ref();
        }
        try {
            out.putUvarint(entry.length);
            out.putBytes(entry.bytes, 0, entry.length);
        } catch (IOException e) {
            throw ioFailure("cannot write series", e);
        }
        previous = labels;
        return seriesCount++;
    }

    private void checkEncodable(String s) {
        if (!symbolIds.containsKey(s) && !isWellFormed(s)) {
            throw new IllegalArgumentException("label name or value " + Quoting.quote(s) + " holds a lone surrogate, which UTF-8 cannot encode");
        }
    }

    private int symbol(String s) {
        Integer id = symbolIds.get(s);
        if (id == null) {
            id = symbols.size();
            symbols.add(s);
            symbolIds.put(s, id);
        }
        return id;
    }

    private Pair pair(String name, String value) {
        return pairs.computeIfAbsent(name, n -> new HashMap<>()).computeIfAbsent(value, v -> new Pair(source == null));
    }

    /**
     * Writes everything after the series, syncs the file (and its directory) and closes it.
     *
     * @throws StorageException {@link StorageErrorCode#IO} if writing fails; the file is deleted
     * @throws IllegalStateException if the source changed under a writer that reads postings from it
     */
    public void finish() {
        checkOpen();
        try {
            end(Section.SERIES);
            out.flush(); // So that the series can be read back from the file.

            begin(Section.SERIES_OFFSETS);
            writeSeriesOffsets();
            end(Section.SERIES_OFFSETS);

            begin(Section.SYMBOLS);
            int[] symbolOffsets = writeSymbols(sectionOffsets[Section.SYMBOLS.ordinal()]);
            end(Section.SYMBOLS);

            begin(Section.SYMBOL_OFFSETS);
            for (int offset : symbolOffsets) {
                out.putInt(offset);
            }
            end(Section.SYMBOL_OFFSETS);

            List<String> names = new ArrayList<>(pairs.keySet());
            names.sort(Labels.NAME_ORDER);
            Map<String, List<String>> values = new HashMap<>();
            for (String name : names) {
                List<String> sorted = new ArrayList<>(pairs.get(name).keySet());
                sorted.sort(Labels.NAME_ORDER);
                values.put(name, sorted);
            }

            begin(Section.POSTINGS);
            long[] seriesWithName = new long[names.size()];
            for (int n = 0; n < names.size(); n++) {
                seriesWithName[n] = writePostings(names.get(n), values.get(names.get(n)));
            }
            end(Section.POSTINGS);

            begin(Section.LABEL_VALUES);
            long[] valueTables = new long[names.size()];
            for (int n = 0; n < names.size(); n++) {
                valueTables[n] = out.position();
                Map<String, Pair> pairsOfName = pairs.get(names.get(n));
                for (String value : values.get(names.get(n))) {
                    out.putInt(symbolIds.get(value));
                    out.putLong(pairsOfName.get(value).offset);
                }
            }
            end(Section.LABEL_VALUES);

            begin(Section.LABEL_NAMES);
            out.putInt(names.size());
            for (int n = 0; n < names.size(); n++) {
                List<String> valuesOfName = values.get(names.get(n));
                boolean newline = valuesOfName.stream().anyMatch(v -> v.indexOf('\n') >= 0);
                out.putInt(symbolIds.get(names.get(n)));
                out.putInt(newline ? IndexFormat.FLAG_VALUE_WITH_NEWLINE : 0);
                out.putInt(valuesOfName.size());
                out.putLong(valueTables[n]);
                out.putLong(seriesWithName[n]);
            }
            end(Section.LABEL_NAMES);

            // The table of contents is checksummed like a section, but not listed in itself.
            out.beginSection();
            for (Section section : Section.values()) {
                out.putLong(sectionOffsets[section.ordinal()]);
                out.putLong(sectionLengths[section.ordinal()]);
            }
            out.endSection();
            out.flush();
            channel.force(true);
            channel.close();
            syncDirectory();
            finished = true;
        } catch (IOException e) {
            throw ioFailure("cannot finish", e);
        } finally {
            if (!finished) {
                close();
            }
        }
    }

    private void begin(Section section) {
        sectionOffsets[section.ordinal()] = out.position();
        out.beginSection();
    }

    private void end(Section section) throws IOException {
        sectionLengths[section.ordinal()] = out.endSection();
    }

    /** Reads the series section back and writes where each entry starts. */
    private void writeSeriesOffsets() throws IOException {
        long start = sectionOffsets[Section.SERIES.ordinal()];
        long end = start + sectionLengths[Section.SERIES.ordinal()];
        out.putInt(seriesCount);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).limit(0);
        long bufferStart = start;
        long position = start;
        while (position < end) {
            out.putLong(position);
            long length = 0;
            for (int shift = 0; ; shift += 7) {
                if (position < bufferStart || position >= bufferStart + buffer.limit()) {
                    buffer.clear();
                    bufferStart = position;
                    while (buffer.hasRemaining() && channel.read(buffer, bufferStart + buffer.position()) > 0) {
                        // Read until full or at the end of the file.
                    }
                    buffer.flip();
                }
                byte b = buffer.get((int) (position++ - bufferStart));
                length |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            position += length;
        }
    }

    /** Writes the symbols in id order; returns where each starts, relative to the section. */
    private int[] writeSymbols(long sectionStart) throws IOException {
        int[] offsets = new int[symbols.size()];
        out.putInt(symbols.size());
        for (int id = 0; id < symbols.size(); id++) {
            long offset = out.position() - sectionStart;
            if (offset > Integer.MAX_VALUE) {
                throw new IllegalStateException("symbols exceed 2 GiB, the limit of format version " + IndexFormat.VERSION);
            }
            offsets[id] = (int) offset;
            byte[] utf8 = symbols.get(id).getBytes(StandardCharsets.UTF_8);
            out.putUvarint(utf8.length);
            out.putBytes(utf8, 0, utf8.length);
        }
        return offsets;
    }

    /**
     * Writes the postings of each of {@code name}'s values, recording their offsets, then those of
     * the series that have the name, whose offset it returns.
     */
    private long writePostings(String name, List<String> values) throws IOException {
        Map<String, Pair> pairsOfName = pairs.get(name);
        RoaringBitmap withName = new RoaringBitmap();
        for (String value : values) {
            Pair pair = pairsOfName.get(value);
            RoaringBitmap postings = source == null ? pair.postings : postingsFromSource(name, value, pair.count);
            pair.offset = writeBitmap(postings);
            pair.postings = null;
            withName.or(postings);
        }
        return writeBitmap(withName);
    }

    /** The block refs of the added series that have {@code name="value"} in the source. */
    private RoaringBitmap postingsFromSource(String name, String value, int expected) {
        RoaringBitmap selected = source.select(List.of(LabelMatcher.equal(name, value)));
        selected.and(sourceRefs);
        int[] refs = new int[selected.getCardinality()];
        int i = 0;
        for (IntIterator it = selected.getIntIterator(); it.hasNext(); ) {
            refs[i++] = blockRefs[it.next()];
        }
        if (refs.length != expected) {
            throw new IllegalStateException("the source changed while the index was written: it has " + refs.length
                    + " of the added series with " + Labels.of(name, value) + ", the writer was given " + expected);
        }
        Arrays.sort(refs);
        RoaringBitmap postings = new RoaringBitmap();
        postings.addN(refs, 0, refs.length);
        return postings;
    }

    private long writeBitmap(RoaringBitmap bitmap) throws IOException {
        bitmap.runOptimize();
        long offset = out.position();
        ByteBuffer bytes = ByteBuffer.allocate(bitmap.serializedSizeInBytes());
        bitmap.serialize(bytes);
        out.putInt(bytes.capacity());
        out.putBytes(bytes.array(), 0, bytes.capacity());
        return offset;
    }

    private void syncDirectory() {
        Path directory = file.toAbsolutePath().getParent();
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not every platform can sync a directory; the block layer syncs it again when it renames.
        }
    }

    private void checkOpen() {
        if (finished || closed) {
            throw new IllegalStateException("index writer for " + file + " is " + (finished ? "finished" : "closed"));
        }
    }

    private StorageException ioFailure(String what, IOException e) {
        close();
        return new StorageException(StorageErrorCode.IO, "index file " + file + ": " + what + ": " + e, e);
    }

    /** Releases the file; if {@link #finish} did not complete, deletes it. */
    @Override
    public void close() {
        if (closed || finished) {
            closed = true;
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Deleting it below is all that is left to do.
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // An unfinished index never opens: its table of contents is missing.
            }
        }
    }

    /** Whether {@code s} has no lone surrogate, so that it survives UTF-8 unchanged. */
    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A label pair's postings (collected), or series count (with a source), then its offset. */
    private static final class Pair {
        RoaringBitmap postings;
        int count;
        long offset;

        Pair(boolean collect) {
            postings = collect ? new RoaringBitmap() : null;
        }
    }

    /** The series entry being encoded; its length goes first. */
    private static final class Scratch {
        byte[] bytes = new byte[256];
        int length;

        void reset() {
            length = 0;
        }

        void putUvarint(long v) {
            if (length + 10 > bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            while ((v & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[length++] = (byte) v;
        }

        /** Zigzag, so that small negative numbers are short too. */
        void putVarint(long v) {
            putUvarint((v << 1) ^ (v >> 63));
        }
    }
}
