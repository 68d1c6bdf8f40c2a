package dev.meridian.storage.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoreTest {
    @TempDir
    Path dataDir;

    private static FamilyMetadata entry(String family, MetricType type, String help, long receivedMs) {
        return new FamilyMetadata(family, type, help, "", receivedMs);
    }

    @Test
    void keepsTheNewestEntryPerFamilyWhateverTheOrderOfWrites() {
        MetadataStore store = MetadataStore.open(dataDir);
        FamilyMetadata old = entry("up", MetricType.GAUGE, "old help", 1_000);
        FamilyMetadata current = entry("up", MetricType.GAUGE, "new help", 2_000);
        FamilyMetadata other = new FamilyMetadata("http_requests", MetricType.COUNTER, "Requests.", "requests", 500);

        store.write(List.of(current, other));
        store.write(List.of(old)); // a late retry of an older write must not win

        assertThat(store.all()).containsExactly(other, current);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void entriesReceivedAtTheSameTimeAreDecidedByContentSoEveryReplicaAgrees() {
        FamilyMetadata gauge = entry("x", MetricType.GAUGE, "b", 1_000);
        FamilyMetadata counter = entry("x", MetricType.COUNTER, "z", 1_000);
        MetadataStore oneOrder = MetadataStore.open(dataDir.resolve("a"));
        MetadataStore otherOrder = MetadataStore.open(dataDir.resolve("b"));

        oneOrder.write(List.of(gauge, counter));
        otherOrder.write(List.of(counter, gauge));

        assertThat(oneOrder.all()).containsExactly(gauge); // GAUGE comes after COUNTER
        assertThat(otherOrder.all()).containsExactly(gauge);
        assertThat(gauge.newer(counter)).isSameAs(gauge);
        assertThat(counter.newer(gauge)).isSameAs(gauge);
    }

    @Test
    void flushWritesTheFileOnlyWhenSomethingChangedAndReopeningReadsIt() throws IOException {
        MetadataStore store = MetadataStore.open(dataDir);
        assertThat(store.flush()).isFalse();
        assertThat(store.file()).doesNotExist();

        FamilyMetadata up = new FamilyMetadata("up", MetricType.GAUGE, "1 if the target is up — ✓", "", 1_000);
        FamilyMetadata latency = new FamilyMetadata("latency", MetricType.HISTOGRAM, "", "seconds", 2_000);
        store.write(List.of(up, latency));
        assertThat(store.flush()).isTrue();
        assertThat(store.file()).isEqualTo(dataDir.resolve(MetadataStore.FILE_NAME)).exists();
        assertThat(store.flush()).isFalse();

        store.write(List.of(up)); // the same entry again is no change
        assertThat(store.flush()).isFalse();

        assertThat(MetadataStore.open(dataDir).all()).containsExactly(latency, up);
        assertThat(Files.exists(dataDir.resolve(MetadataStore.FILE_NAME + ".tmp"))).isFalse();
    }

    @Test
    void withoutAFlushACrashLosesOnlyWhatCameAfterTheLastFlush() {
        MetadataStore store = MetadataStore.open(dataDir);
        FamilyMetadata flushed = entry("up", MetricType.GAUGE, "", 1_000);
        store.write(List.of(flushed));
        store.flush();
        store.write(List.of(entry("up", MetricType.GAUGE, "newer", 2_000), entry("late", MetricType.COUNTER, "", 2_000)));

        // No flush, no close: what a restart after a crash finds.
        assertThat(MetadataStore.open(dataDir).all()).containsExactly(flushed);
    }

    @Test
    void aDamagedFileIsMovedAsideAndTheStoreStartsEmpty() throws IOException {
        MetadataStore store = MetadataStore.open(dataDir);
        store.write(List.of(entry("up", MetricType.GAUGE, "help", 1_000)));
        store.flush();
        byte[] bytes = Files.readAllBytes(store.file());
        bytes[10] ^= 0x01;
        Files.write(store.file(), bytes);

        MetadataStore reopened = MetadataStore.open(dataDir);

        assertThat(reopened.all()).isEmpty();
        assertThat(store.file()).doesNotExist();
        assertThat(Files.readAllBytes(dataDir.resolve(MetadataStore.FILE_NAME + ".damaged"))).isEqualTo(bytes);
    }

    @Test
    void readingRejectsATruncatedFileNamingIt() throws IOException {
        Path file = dataDir.resolve(MetadataStore.FILE_NAME);
        Files.write(file, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> MetadataFile.read(file))
                .hasMessage("metadata file " + file + " is damaged: it has only 3 bytes");
    }

    @Test
    void entriesBreakingARuleAreRefusedWithTheReason() {
        assertThat(FamilyMetadata.problem("http_requests:rate5m", "", "")).isEmpty();
        assertThat(FamilyMetadata.problem("", "", "")).hasValue("metric family name is empty");
        assertThat(FamilyMetadata.problem("1up", "", ""))
                .hasValue("invalid metric family name \"1up\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        assertThat(FamilyMetadata.problem("up-time", "", ""))
                .hasValue("invalid metric family name \"up-time\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        assertThat(FamilyMetadata.problem("up", "é".repeat(32_769), ""))
                .hasValue("help of \"up\" has 65538 bytes, more than the limit of 65536");
        assertThat(FamilyMetadata.problem("up", "", "u".repeat(4097)))
                .hasValue("unit of \"up\" has 4097 bytes, more than the limit of 4096");
        assertThatThrownBy(() -> new FamilyMetadata("up", MetricType.GAUGE, "", "", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata of \"up\": receivedMs must not be negative (got: -1)");
        assertThatThrownBy(() -> MetricType.ofNumber(8)).hasMessage("unknown metric type number 8 (expected 0-7)");
    }

    @Test
    void familiesSpreadOverAllShardsAndAFamilyAlwaysLandsOnTheSameOne() {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int shard = entry("metric_" + i, MetricType.GAUGE, "", 0).shard(64);
            assertThat(shard).isBetween(0, 63);
            assertThat(entry("metric_" + i, MetricType.COUNTER, "other", 5).shard(64)).isEqualTo(shard);
            used.add(shard);
        }
        assertThat(used).hasSize(64);
        assertThat(entry("up", MetricType.GAUGE, "", 0).shard(1)).isZero();
    }

    @Test
    void theFileHasTheDocumentedLayout() throws IOException {
        MetadataStore store = MetadataStore.open(dataDir);
        store.write(List.of(new FamilyMetadata("up", MetricType.GAUGE, "1 if up", "", 1_000)));
        store.flush();

        byte[] bytes = Files.readAllBytes(store.file());

        byte[] expected = { // docs/format/metadata.md, "Example"
            0x54, 0x45, 0x4D, 0x4D, 0x01,
            0x01, 0x00, 0x00, 0x00,
            0x02, 0x00, 0x00, 0x00, 'u', 'p',
            0x02,
            0x07, 0x00, 0x00, 0x00, '1', ' ', 'i', 'f', ' ', 'u', 'p',
            0x00, 0x00, 0x00, 0x00,
            (byte) 0xE8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
        assertThat(java.util.Arrays.copyOf(bytes, bytes.length - 4)).isEqualTo(expected);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(expected);
        assertThat(java.nio.ByteBuffer.wrap(bytes, expected.length, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
                .isEqualTo((int) crc.getValue());
    }
}
