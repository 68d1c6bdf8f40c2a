package dev.meridian.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class IndexFileTest {
    @TempDir
    Path dir;

    private static List<ChunkMeta> randomChunks(Random random) {
        List<ChunkMeta> chunks = new ArrayList<>();
        long time = random.nextInt(1_000_000) - 500_000L;
        for (int i = random.nextInt(4); i > 0; i--) {
            long min = time + random.nextInt(100_000);
            long max = min + random.nextInt(7_200_000);
            chunks.add(new ChunkMeta(min, max, random.nextLong() & 0xFFFFFFFFFFL));
            time = max;
        }
        return chunks;
    }

    private static Path write(Path file, List<Labels> series, List<List<ChunkMeta>> chunks) {
        try (IndexWriter writer = IndexWriter.create(file)) {
            for (int i = 0; i < series.size(); i++) {
                assertThat(writer.addSeries(series.get(i), chunks.get(i))).isEqualTo(i);
            }
            writer.finish();
        }
        return file;
    }

    private static MemIndex memIndex(List<Labels> series) {
        MemIndex index = new MemIndex();
        for (int ref = 0; ref < series.size(); ref++) {
            index.add(ref, series.get(ref));
        }
        return index;
    }

    @Test
    void roundTripAnswersAsTheMemIndexDoes() {
        Random random = new Random(4);
        List<Labels> series = IndexTestData.series(random, 500);
        List<List<ChunkMeta>> chunks = new ArrayList<>();
        series.forEach(s -> chunks.add(randomChunks(random)));
        Path file = write(dir.resolve("index"), series, chunks);
        MemIndex mem = memIndex(series);

        // Default maps, and maps of 64 bytes so that entries, symbols and postings straddle them.
        for (int segmentBits : new int[] {MappedFile.DEFAULT_SEGMENT_BITS, 6}) {
            try (IndexFile index = IndexFile.open(file, segmentBits)) {
                assertThat(index.seriesCount()).isEqualTo(series.size());
                for (int ref = 0; ref < series.size(); ref++) {
                    assertThat(index.labels(ref)).isEqualTo(series.get(ref));
                    assertThat(index.chunks(ref)).isEqualTo(chunks.get(ref));
                }
                assertThat(index.allSeries()).isEqualTo(mem.allSeries());

                List<String> names = new ArrayList<>(IndexTestData.NAMES);
                names.add("missing");
                for (String name : names) {
                    for (LabelMatcher matcher : IndexTestData.allMatchers(name)) {
                        RoaringBitmap expected = mem.select(List.of(matcher));
                        assertThat(index.select(List.of(matcher))).as("fast %s", matcher).isEqualTo(expected);
                        assertThat(index.select(List.of(matcher), false)).as("scan %s", matcher).isEqualTo(expected);
                    }
                }
                for (int i = 0; i < 1000; i++) {
                    List<LabelMatcher> matchers = IndexTestData.randomMatchers(random);
                    RoaringBitmap expected = IndexTestData.bruteForce(series, matchers);
                    assertThat(mem.select(matchers)).as("mem %s", matchers).isEqualTo(expected);
                    assertThat(index.select(matchers)).as("file %s", matchers).isEqualTo(expected);
                }

                assertThat(index.labelNames(null)).isEqualTo(mem.labelNames(null));
                for (String name : names) {
                    assertThat(index.labelValues(name, null)).as(name).isEqualTo(mem.labelValues(name, null));
                }
                for (int i = 0; i < 200; i++) {
                    RoaringBitmap subset = i % 2 == 0
                            ? mem.select(IndexTestData.randomMatchers(random))
                            : RoaringBitmap.bitmapOf(random.nextInt(series.size()), random.nextInt(series.size() * 2));
                    assertThat(index.labelNames(subset)).as("names of %s", subset).isEqualTo(mem.labelNames(subset));
                    for (String name : names) {
                        assertThat(index.labelValues(name, subset)).as("%s of %s", name, subset).isEqualTo(mem.labelValues(name, subset));
                    }
                }
            }
        }
    }

    @Test
    void labelsAndChunksKeepExtremeValues() {
        List<ChunkMeta> chunks = List.of(
                new ChunkMeta(Long.MIN_VALUE, Long.MAX_VALUE, -1),
                new ChunkMeta(5, 5, Long.MAX_VALUE),
                new ChunkMeta(-10, 3, Long.MIN_VALUE),
                new ChunkMeta(0, 0, 0));
        Labels unicode = Labels.of("__name__", "é\uD83D\uDE00", "x", "a\nb");
        Path file = write(dir.resolve("index"), List.of(Labels.of("__name__", "a"), unicode), List.of(List.of(), chunks));
        try (IndexFile index = IndexFile.open(file)) {
            assertThat(index.chunks(0)).isEmpty();
            assertThat(index.chunks(1)).isEqualTo(chunks);
            assertThat(index.labels(1)).isEqualTo(unicode);
            assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "x", ".*")))).isEqualTo(RoaringBitmap.bitmapOf(0));
            assertThat(index.select(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", "é.*")))).isEqualTo(RoaringBitmap.bitmapOf(1));
            assertThat(index.select(List.of(LabelMatcher.equal("__name__", "\uD83D")))).isEmpty();
            assertThatThrownBy(() -> index.labels(2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("seriesRef must be in [0, 2) (got: 2)");
        }
    }

    @Test
    void emptyIndex() {
        Path file = write(dir.resolve("index"), List.of(), List.of());
        try (IndexFile index = IndexFile.open(file)) {
            assertThat(index.seriesCount()).isZero();
            assertThat(index.allSeries()).isEmpty();
            assertThat(index.select(List.of())).isEmpty();
            assertThat(index.select(List.of(LabelMatcher.equal("a", "")))).isEmpty();
            assertThat(index.labelNames(null)).isEmpty();
            assertThat(index.labelValues("a", null)).isEmpty();
        }
    }

    /** The block flush: postings come from the head's index, under its refs, and the file is the same. */
    @Test
    void writerTakingPostingsFromASourceWritesTheSameFile() throws IOException {
        Random random = new Random(5);
        List<Labels> series = IndexTestData.series(random, 300);
        List<List<ChunkMeta>> chunks = new ArrayList<>();
        series.forEach(s -> chunks.add(randomChunks(random)));
        Path collected = write(dir.resolve("collected"), series, chunks);

        // The head numbered the series in arrival order, with gaps, and has more series than the block.
        List<Integer> headRefs = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            headRefs.add(3 * i + 1);
        }
        Collections.shuffle(headRefs, random);
        MemIndex head = new MemIndex();
        for (int i = 0; i < series.size(); i++) {
            head.add(headRefs.get(i), series.get(i));
        }
        List<Labels> extra = IndexTestData.series(new Random(6), 50);
        for (int i = 0; i < extra.size(); i++) {
            head.add(3 * i, extra.get(i));
        }

        Path fromSource = dir.resolve("from-source");
        try (IndexWriter writer = IndexWriter.create(fromSource, head)) {
            for (int i = 0; i < series.size(); i++) {
                assertThat(writer.addSeries(headRefs.get(i), series.get(i), chunks.get(i))).isEqualTo(i);
            }
            writer.finish();
        }
        assertThat(Files.mismatch(collected, fromSource)).isEqualTo(-1L);
    }

    @Test
    void writerFailsIfTheSourceChangesBeforeItFinishes() {
        MemIndex head = new MemIndex();
        head.add(0, Labels.of("job", "a"));
        head.add(1, Labels.of("job", "b"));
        Path file = dir.resolve("index");
        IndexWriter writer = IndexWriter.create(file, head);
        writer.addSeries(0, Labels.of("job", "a"), List.of());
        writer.addSeries(1, Labels.of("job", "b"), List.of());
        head.remove(1, Labels.of("job", "b"));
        head.add(1, Labels.of("job", "c"));
        assertThatThrownBy(writer::finish)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the source changed while the index was written: it has 0 of the added series with {job=\"b\"}, the writer was given 1");
        assertThat(file).doesNotExist();
    }

    @Test
    void writerRejectsBadInput() throws IOException {
        Path file = dir.resolve("index");
        try (IndexWriter writer = IndexWriter.create(file)) {
            writer.addSeries(Labels.of("job", "b"), List.of());
            assertThatThrownBy(() -> writer.addSeries(Labels.of("job", "a"), List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("series must be added in label order: {job=\"a\"} after {job=\"b\"}");
            assertThatThrownBy(() -> writer.addSeries(Labels.of("job", "b"), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.addSeries(Labels.EMPTY, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("series 1 has no labels");
            assertThatThrownBy(() -> writer.addSeries(Labels.of("job", "c\uD800"), List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lone surrogate");
            assertThatThrownBy(() -> writer.addSeries(3, Labels.of("job", "d"), List.of()))
                    .isInstanceOf(IllegalStateException.class);
            writer.finish();
            assertThatThrownBy(() -> writer.addSeries(Labels.of("job", "e"), List.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("index writer for " + file + " is finished");
        }
        assertThat(file).exists();
        assertThatThrownBy(() -> IndexWriter.create(file))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(StorageErrorCode.IO))
                .hasMessageContaining(file.toString());
        try (IndexWriter writer = IndexWriter.create(dir.resolve("other"), new MemIndex())) {
            assertThatThrownBy(() -> writer.addSeries(Labels.of("job", "a"), List.of())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.addSeries(-1, Labels.of("job", "a"), List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sourceRef must be >= 0 (got: -1)");
        }
        assertThatThrownBy(() -> new ChunkMeta(2, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTime must not be before minTime (got: 2..1)");
    }

    @Test
    void closingAnUnfinishedWriterDeletesTheFile() {
        Path file = dir.resolve("index");
        try (IndexWriter writer = IndexWriter.create(file)) {
            writer.addSeries(Labels.of("job", "a"), List.of());
            assertThat(file).exists();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void everyFlippedByteIsDetected() throws IOException {
        Random random = new Random(7);
        List<Labels> series = IndexTestData.series(random, 6);
        List<List<ChunkMeta>> chunks = new ArrayList<>();
        series.forEach(s -> chunks.add(randomChunks(random)));
        byte[] good = Files.readAllBytes(write(dir.resolve("good"), series, chunks));
        Path bad = dir.resolve("bad");
        for (int i = 0; i < good.length; i++) {
            byte[] flipped = good.clone();
            flipped[i] ^= (byte) (1 << (i % 8));
            Files.write(bad, flipped);
            assertCorrupt(bad, "byte " + i + " of " + good.length);
        }
    }

    @Test
    void truncatedOrExtendedFilesAreDetected() throws IOException {
        List<Labels> series = IndexTestData.series(new Random(8), 6);
        List<List<ChunkMeta>> chunks = new ArrayList<>();
        series.forEach(s -> chunks.add(List.of()));
        byte[] good = Files.readAllBytes(write(dir.resolve("good"), series, chunks));
        Path bad = dir.resolve("bad");
        for (int length = 0; length < good.length; length++) {
            Files.write(bad, java.util.Arrays.copyOf(good, length));
            assertCorrupt(bad, "first " + length + " of " + good.length + " bytes");
        }
        Files.write(bad, java.util.Arrays.copyOf(good, good.length + 1));
        assertCorrupt(bad, "one more byte");
    }

    private static void assertCorrupt(Path file, String description) {
        assertThatThrownBy(() -> IndexFile.open(file))
                .as(description)
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("index file " + file + ": ")
                .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(StorageErrorCode.CORRUPTION));
    }

    @Test
    void corruptionMessagesSayWhatIsWrong() throws IOException {
        byte[] good = Files.readAllBytes(write(dir.resolve("good"), List.of(Labels.of("a", "b")), List.of(List.of())));
        Path bad = dir.resolve("bad");

        byte[] magic = good.clone();
        magic[0] = 'X';
        Files.write(bad, magic);
        assertThatThrownBy(() -> IndexFile.open(bad)).hasMessage("index file " + bad + ": bad magic 0x58524458 (expected 0x4d524458)");

        byte[] version = good.clone();
        version[4] = 9;
        Files.write(bad, version);
        assertThatThrownBy(() -> IndexFile.open(bad)).hasMessage("index file " + bad + ": unsupported version 9 (expected 1)");

        byte[] series = good.clone();
        series[IndexFormat.HEADER_BYTES + 1] ^= 1;
        Files.write(bad, series);
        assertThatThrownBy(() -> IndexFile.open(bad)).hasMessageStartingWith("index file " + bad + ": series section checksum mismatch");

        Files.write(bad, java.util.Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> IndexFile.open(bad)).hasMessageContaining("table of contents checksum mismatch");

        Files.write(bad, new byte[3]);
        assertThatThrownBy(() -> IndexFile.open(bad))
                .hasMessage("index file " + bad + ": is 3 bytes, shorter than a header and table of contents (124 bytes)");

        assertThatThrownBy(() -> IndexFile.open(dir.resolve("missing")))
                .isInstanceOf(StorageException.class)
                .hasMessage("index file " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void closedIndexFails() {
        Path file = write(dir.resolve("index"), List.of(Labels.of("a", "b")), List.of(List.of()));
        IndexFile index = IndexFile.open(file);
        index.close();
        assertThatThrownBy(() -> index.select(List.of())).isInstanceOf(IllegalStateException.class).hasMessage("index file " + file + " is closed");
        assertThatThrownBy(() -> index.labels(0)).isInstanceOf(IllegalStateException.class);
    }
}
