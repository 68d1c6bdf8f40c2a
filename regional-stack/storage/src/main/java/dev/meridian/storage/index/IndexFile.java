package dev.meridian.storage.index;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import dev.meridian.storage.index.IndexFormat.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * The index of one block, read from its memory-mapped file ({@code docs/format/index.md}).
 * Series refs are positions in the block, dense from 0 in label order, as {@link IndexWriter}
 * assigned them. Opening checks the header, the table of contents and every section's CRC32C,
 * then keeps only the label names table on the heap; everything else is read from the map.
 *
 * <p>Thread-safe. {@link #close} makes further calls fail; the map itself is released when the
 * object is garbage-collected (Java 17 cannot unmap explicitly), which is safe on Linux even
 * after the file is deleted.
 */
public final class IndexFile implements PostingsReader, AutoCloseable {
    private final Path file;
    private final MappedFile data;
    private final long[] sectionStart = new long[Section.values().length];
    private final long[] sectionEnd = new long[Section.values().length];
    private final int seriesCount;
    private final int symbolCount;
    private final Map<String, Name> names;
    private final List<String> sortedNames;
    private volatile boolean closed;

    private IndexFile(Path file, MappedFile data) {
        this.file = file;
        this.data = data;
        checkHeader();
        readTableOfContents();
        for (Section section : Section.values()) {
            long length = sectionEnd[section.ordinal()] - sectionStart[section.ordinal()];
            int stored = data.getInt(sectionEnd[section.ordinal()]);
            int actual = data.crc32c(sectionStart[section.ordinal()], length);
            if (stored != actual) {
                throw corruption(section.title() + " section checksum mismatch (stored 0x" + Integer.toHexString(stored)
                        + ", computed 0x" + Integer.toHexString(actual) + ")");
            }
        }
        seriesCount = count(Section.SERIES_OFFSETS, 8);
        symbolCount = count(Section.SYMBOLS, -1);
        if (length(Section.SYMBOL_OFFSETS) != 4L * symbolCount) {
            throw corruption("symbol offsets section is " + length(Section.SYMBOL_OFFSETS) + " bytes for " + symbolCount + " symbols");
        }
        int nameCount = count(Section.LABEL_NAMES, IndexFormat.NAME_ENTRY_BYTES);
        names = new HashMap<>(nameCount * 2);
        List<String> sorted = new ArrayList<>(nameCount);
        long valuesAt = sectionStart[Section.LABEL_VALUES.ordinal()];
        for (int i = 0; i < nameCount; i++) {
            long entry = sectionStart[Section.LABEL_NAMES.ordinal()] + 4 + (long) i * IndexFormat.NAME_ENTRY_BYTES;
            String name = symbol(data.getInt(entry));
            int flags = data.getInt(entry + 4);
            int valueCount = data.getInt(entry + 8);
            long valuesStart = data.getLong(entry + 12);
            long withLabel = data.getLong(entry + 20);
            if (valueCount <= 0 || valuesStart != valuesAt) {
                throw corruption("label name " + i + " has " + valueCount + " values at " + valuesStart + " (expected values at " + valuesAt + ")");
            }
            if (!sorted.isEmpty() && Labels.NAME_ORDER.compare(sorted.get(sorted.size() - 1), name) >= 0) {
                throw corruption("label names are not sorted at name " + i);
            }
            valuesAt += (long) valueCount * IndexFormat.VALUE_ENTRY_BYTES;
            names.put(name, new Name((flags & IndexFormat.FLAG_VALUE_WITH_NEWLINE) != 0, valueCount, valuesStart, withLabel));
            sorted.add(name);
        }
        if (valuesAt != sectionEnd[Section.LABEL_VALUES.ordinal()]) {
            throw corruption("label values section is " + length(Section.LABEL_VALUES) + " bytes, the label names table describes "
                    + (valuesAt - sectionStart[Section.LABEL_VALUES.ordinal()]));
        }
        sortedNames = Collections.unmodifiableList(sorted);
    }

    /**
     * Maps and checks an index file.
     *
     * @throws StorageException {@link StorageErrorCode#CORRUPTION} naming the file and what is
     *     wrong, or {@link StorageErrorCode#IO} if it cannot be read
     */
    public static IndexFile open(Path file) {
        return open(file, MappedFile.DEFAULT_SEGMENT_BITS);
    }

    /** {@link #open(Path)} with maps of {@code 2^segmentBits} bytes; tests use small ones to cross them. */
    static IndexFile open(Path file, int segmentBits) {
        requireNonNull(file, "file is null");
        MappedFile data;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long minimum = IndexFormat.HEADER_BYTES + IndexFormat.TOC_BYTES;
            if (size < minimum) {
                throw new StorageException(StorageErrorCode.CORRUPTION,
                        "index file " + file + ": is " + size + " bytes, shorter than a header and table of contents (" + minimum + " bytes)");
            }
            data = MappedFile.map(channel, size, segmentBits);
        } catch (NoSuchFileException e) {
            throw new StorageException(StorageErrorCode.IO, "index file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "index file " + file + ": cannot read: " + e, e);
        }
        return new IndexFile(file, data);
    }

    private void checkHeader() {
        int magic = data.getInt(0);
        if (magic != IndexFormat.MAGIC) {
            throw corruption("bad magic 0x" + Integer.toHexString(magic) + " (expected 0x" + Integer.toHexString(IndexFormat.MAGIC) + ")");
        }
        int version = data.get(4) & 0xFF;
        if (version != IndexFormat.VERSION) {
            throw corruption("unsupported version " + version + " (expected " + IndexFormat.VERSION + ")");
        }
        for (int i = 5; i < IndexFormat.HEADER_BYTES; i++) {
            if (data.get(i) != 0) {
                throw corruption("reserved header byte " + i + " is 0x" + Integer.toHexString(data.get(i) & 0xFF) + " (expected 0)");
            }
        }
    }

    /** Reads the table of contents and checks that the sections tile the file. */
    private void readTableOfContents() {
        long toc = data.size() - IndexFormat.TOC_BYTES;
        long tocBytes = IndexFormat.TOC_BYTES - IndexFormat.CRC_BYTES;
        int stored = data.getInt(toc + tocBytes);
        int actual = data.crc32c(toc, tocBytes);
        if (stored != actual) {
            throw corruption("table of contents checksum mismatch (stored 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Integer.toHexString(actual) + "); the file may be truncated");
        }
        long expected = IndexFormat.HEADER_BYTES;
        for (Section section : Section.values()) {
            long offset = data.getLong(toc + 16L * section.ordinal());
            long length = data.getLong(toc + 16L * section.ordinal() + 8);
            if (offset != expected || length < 0 || length > toc - offset - IndexFormat.CRC_BYTES) {
                throw corruption("table of contents puts the " + section.title() + " section at " + offset + " with "
                        + length + " bytes (expected it at " + expected + ", before the table at " + toc + ")");
            }
            sectionStart[section.ordinal()] = offset;
            sectionEnd[section.ordinal()] = offset + length;
            expected = offset + length + IndexFormat.CRC_BYTES;
        }
        if (expected != toc) {
            throw corruption("sections end at " + expected + ", the table of contents starts at " + toc);
        }
    }

    /** The count a section starts with, checked against the section's length if entries are fixed. */
    private int count(Section section, int entryBytes) {
        if (length(section) < 4) {
            throw corruption(section.title() + " section is " + length(section) + " bytes, too short for its count");
        }
        int count = data.getInt(sectionStart[section.ordinal()]);
        if (count < 0 || (entryBytes > 0 && length(section) != 4 + (long) count * entryBytes)) {
            throw corruption(section.title() + " section is " + length(section) + " bytes for " + count + " entries");
        }
        return count;
    }

    private long length(Section section) {
        return sectionEnd[section.ordinal()] - sectionStart[section.ordinal()];
    }

    private StorageException corruption(String what) {
        return new StorageException(StorageErrorCode.CORRUPTION, "index file " + file + ": " + what);
    }

    /** How many series the block has; their refs are 0 to {@code seriesCount() - 1}. */
    public int seriesCount() {
        return seriesCount;
    }

    /** The labels of series {@code seriesRef}. */
    public Labels labels(int seriesRef) {
        Cursor in = series(seriesRef);
        int count = in.count();
        String[] namesAndValues = new String[count * 2];
        for (int i = 0; i < namesAndValues.length; i++) {
            namesAndValues[i] = symbol(in.id());
        }
        return Labels.of(namesAndValues);
    }

    /** The chunks of series {@code seriesRef}, in the order they were written. */
    public List<ChunkMeta> chunks(int seriesRef) {
        Cursor in = series(seriesRef);
        in.skipLabels();
        int count = in.count();
        List<ChunkMeta> chunks = new ArrayList<>(count);
        long maxTime = 0;
        long ref = 0;
        for (int i = 0; i < count; i++) {
            long minTime = maxTime + in.varint();
            maxTime = minTime + in.uvarint();
            ref += in.varint();
            chunks.add(new ChunkMeta(minTime, maxTime, ref));
        }
        return chunks;
    }

    /** A cursor on the body of series {@code seriesRef}'s entry. */
    private Cursor series(int seriesRef) {
        checkOpen();
        if (seriesRef < 0 || seriesRef >= seriesCount) {
            throw new IllegalArgumentException("seriesRef must be in [0, " + seriesCount + ") (got: " + seriesRef + ")");
        }
        long offset = data.getLong(sectionStart[Section.SERIES_OFFSETS.ordinal()] + 4 + 8L * seriesRef);
        Cursor in = new Cursor(offset, sectionEnd[Section.SERIES.ordinal()], "series " + seriesRef);
        if (offset < sectionStart[Section.SERIES.ordinal()]) {
            throw corruption("series " + seriesRef + " is at " + offset + ", before the series section");
        }
        long length = in.uvarint();
        if (length > in.end - in.position) {
            throw corruption("series " + seriesRef + " runs past the series section");
        }
        in.end = in.position + length;
        return in;
    }

    private String symbol(int id) {
        long at = symbolPosition(id);
        Cursor in = new Cursor(at, sectionEnd[Section.SYMBOLS.ordinal()], "symbol " + id);
        int length = in.count();
        byte[] utf8 = new byte[length];
        in.bytes(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Where symbol {@code id}'s entry (its length, then its bytes) starts. */
    private long symbolPosition(int id) {
        if (id < 0 || id >= symbolCount) {
            throw corruption("symbol " + id + " does not exist (there are " + symbolCount + ")");
        }
        long relative = data.getInt(sectionStart[Section.SYMBOL_OFFSETS.ordinal()] + 4L * id) & 0xFFFFFFFFL;
        long at = sectionStart[Section.SYMBOLS.ordinal()] + relative;
        if (relative < 4 || at >= sectionEnd[Section.SYMBOLS.ordinal()]) {
            throw corruption("symbol " + id + " is at " + relative + ", outside the symbols section");
        }
        return at;
    }

    /** The postings list at {@code offset}, as a view of the map (or a copy across two segments). */
    private ByteBuffer postingsBytes(long offset) {
        long start = sectionStart[Section.POSTINGS.ordinal()];
        long end = sectionEnd[Section.POSTINGS.ordinal()];
        if (offset < start || offset > end - 4) {
            throw corruption("postings at " + offset + " lie outside the postings section [" + start + ", " + end + ")");
        }
        long length = data.getInt(offset) & 0xFFFFFFFFL;
        if (length > end - offset - 4) {
            throw corruption("postings at " + offset + " of " + length + " bytes run past the postings section");
        }
        return data.slice(offset + 4, (int) length);
    }

    private RoaringBitmap postings(long offset) {
        RoaringBitmap bitmap = new RoaringBitmap();
        try {
            bitmap.deserialize(postingsBytes(offset));
        } catch (IOException | RuntimeException e) {
            throw new StorageException(StorageErrorCode.CORRUPTION, "index file " + file + ": postings at " + offset + " do not decode: " + e, e);
        }
        return bitmap;
    }

    private ImmutableRoaringBitmap postingsView(long offset) {
        try {
            return new ImmutableRoaringBitmap(postingsBytes(offset));
        } catch (RuntimeException e) {
            throw new StorageException(StorageErrorCode.CORRUPTION, "index file " + file + ": postings at " + offset + " do not decode: " + e, e);
        }
    }

    @Override
    public RoaringBitmap select(List<LabelMatcher> matchers) {
        return select(matchers, true);
    }

    /** {@link #select(List)}, with or without the regex fast paths; tests compare the two. */
    RoaringBitmap select(List<LabelMatcher> matchers, boolean fastPaths) {
        requireNonNull(matchers, "matchers is null");
        checkOpen();
        return MatcherEvaluation.select(source, matchers, fastPaths);
    }

    @Override
    public RoaringBitmap allSeries() {
        checkOpen();
        return RoaringBitmap.bitmapOfRange(0, seriesCount);
    }

    @Override
    public List<String> labelNames(RoaringBitmap series) {
        checkOpen();
        if (series == null) {
            return sortedNames;
        }
        MutableRoaringBitmap restriction = series.toMutableRoaringBitmap();
        List<String> result = new ArrayList<>();
        for (String name : sortedNames) {
            if (ImmutableRoaringBitmap.intersects(postingsView(names.get(name).seriesWithLabel), restriction)) {
                result.add(name);
            }
        }
        return result;
    }

    @Override
    public List<String> labelValues(String name, RoaringBitmap series) {
        requireNonNull(name, "name is null");
        checkOpen();
        Name entry = names.get(name);
        if (entry == null) {
            return List.of();
        }
        MutableRoaringBitmap restriction = series == null ? null : series.toMutableRoaringBitmap();
        if (restriction != null && !ImmutableRoaringBitmap.intersects(postingsView(entry.seriesWithLabel), restriction)) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < entry.valueCount; i++) {
            if (restriction == null || ImmutableRoaringBitmap.intersects(postingsView(entry.postingsOffset(i)), restriction)) {
                values.add(symbol(entry.valueSymbol(i)));
            }
        }
        return values;
    }

    /** Makes further calls fail. */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("index file " + file + " is closed");
        }
    }

    @Override
    public String toString() {
        return "IndexFile{" + file + ", " + seriesCount + " series}";
    }

    private final PostingsSource source = new PostingsSource() {
        @Override
        public RoaringBitmap allSeries() {
            return RoaringBitmap.bitmapOfRange(0, seriesCount);
        }

        @Override
        public LabelPostings label(String name) {
            Name entry = names.get(name);
            return entry == null ? null : new LabelView(entry);
        }
    };

    /** A label name's entry in the label names table. */
    private final class Name {
        final boolean valueWithNewline;
        final int valueCount;
        final long valuesStart;
        final long seriesWithLabel;

        Name(boolean valueWithNewline, int valueCount, long valuesStart, long seriesWithLabel) {
            this.valueWithNewline = valueWithNewline;
            this.valueCount = valueCount;
            this.valuesStart = valuesStart;
            this.seriesWithLabel = seriesWithLabel;
        }

        int valueSymbol(int i) {
            return data.getInt(valuesStart + (long) i * IndexFormat.VALUE_ENTRY_BYTES);
        }

        long postingsOffset(int i) {
            return data.getLong(valuesStart + (long) i * IndexFormat.VALUE_ENTRY_BYTES + 4);
        }

        /** Compares value {@code i} with {@code utf8} as unsigned bytes; with {@code prefixOnly}, only its first bytes. */
        int compare(int i, byte[] utf8, boolean prefixOnly) {
            Cursor in = new Cursor(symbolPosition(valueSymbol(i)), sectionEnd[Section.SYMBOLS.ordinal()], "label value");
            int length = in.count();
            int n = Math.min(length, utf8.length);
            for (int k = 0; k < n; k++) {
                int c = Integer.compare(data.get(in.position + k) & 0xFF, utf8[k] & 0xFF);
                if (c != 0) {
                    return c;
                }
            }
            return prefixOnly && length >= utf8.length ? 0 : Integer.compare(length, utf8.length);
        }

        /** The first value that is not less than {@code utf8}. */
        int lowerBound(byte[] utf8) {
            int lo = 0;
            int hi = valueCount;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compare(mid, utf8, false) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** One query's view of a label; caches the series that have it. */
    private final class LabelView implements PostingsSource.LabelPostings {
        private final Name name;
        private RoaringBitmap seriesWithLabel;

        LabelView(Name name) {
            this.name = name;
        }

        @Override
        public RoaringBitmap seriesWithLabel() {
            if (seriesWithLabel == null) {
                seriesWithLabel = IndexFile.this.postings(name.seriesWithLabel);
            }
            return seriesWithLabel;
        }

        @Override
        public boolean hasValueWithNewline() {
            return name.valueWithNewline;
        }

        @Override
        public RoaringBitmap postings(String value) {
            byte[] utf8 = utf8(value);
            if (utf8 == null) {
                return null;
            }
            int i = name.lowerBound(utf8);
            return i < name.valueCount && name.compare(i, utf8, false) == 0 ? IndexFile.this.postings(name.postingsOffset(i)) : null;
        }

        @Override
        public RoaringBitmap union(String prefix, Predicate<String> accept) {
            byte[] utf8 = utf8(prefix);
            List<RoaringBitmap> accepted = new ArrayList<>();
            if (utf8 == null) {
                return new RoaringBitmap();
            }
            for (int i = name.lowerBound(utf8); i < name.valueCount && name.compare(i, utf8, true) == 0; i++) {
                if (accept.test(symbol(name.valueSymbol(i)))) {
                    accepted.add(IndexFile.this.postings(name.postingsOffset(i)));
                }
            }
            return accepted.isEmpty() ? new RoaringBitmap() : FastAggregation.or(accepted.iterator());
        }
    }

    /**
     * {@code s} in UTF-8, or null if it holds a lone surrogate: no stored value does, as the
     * writer rejects those, and {@link String#getBytes} would turn it into a {@code '?'}.
     */
    private static byte[] utf8(String s) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
            byte[] utf8 = new byte[bytes.remaining()];
            bytes.get(utf8);
            return utf8;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Reads varints from the map between {@code position} and {@code end}. */
    private final class Cursor {
        long position;
        long end;
        private final String what;

        Cursor(long position, long end, String what) {
            this.position = position;
            this.end = end;
            this.what = what;
        }

        long uvarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw corruption(what + " is truncated at " + position);
                }
                byte b = data.get(position++);
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw corruption(what + " has a varint longer than 64 bits at " + position);
        }

        long varint() {
            long v = uvarint();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A uvarint that counts something and so fits an int. */
        int count() {
            long v = uvarint();
            if (v > end - position) { // Everything counted takes at least a byte.
                throw corruption(what + " has a count of " + v + " at " + position + ", more than its bytes");
            }
            return (int) v;
        }

        /** A uvarint that numbers something, such as a symbol. */
        int id() {
            long v = uvarint();
            if (v > Integer.MAX_VALUE) {
                throw corruption(what + " refers to " + v + " at " + position + ", more than an int");
            }
            return (int) v;
        }

        void bytes(byte[] dst) {
            if (dst.length > end - position) {
                throw corruption(what + " of " + dst.length + " bytes runs past its section at " + position);
            }
            data.get(position, dst);
            position += dst.length;
        }

        void skipLabels() {
            int count = count();
            for (int i = 0; i < 2 * count; i++) {
                uvarint();
            }
        }
    }
}
