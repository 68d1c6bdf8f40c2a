package dev.meridian.coordinator.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.meridian.storage.WriteBatch;
import java.io.IOException;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Jazzer fuzz targets for {@link RemoteWriteDecoder}: whatever the body, it returns a {@link
 * DecodedWrite} whose batches hold each series under its own shard with samples in time order, or
 * throws {@link RemoteWriteException} with a 4xx status — never anything else.
 *
 * <p>{@code decodeBody} takes the input as the HTTP body (snappy and all); {@code decodeProtobuf}
 * snappy-compresses the input first, so the fuzzer spends its time in the protobuf reader and the
 * series rules rather than failing snappy's checks.
 *
 * <p><b>Normal test runs</b> do not fuzz: each target runs once per file of its seed corpus,
 * {@code src/test/resources/dev/meridian/coordinator/write/RemoteWriteDecoderFuzzTestInputs/<method>/}.
 * <b>To fuzz one target for N minutes</b> (from the repository root):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl regional-stack/coordinator test -Dtest='RemoteWriteDecoderFuzzTest#decodeProtobuf' -Djazzer.max_duration=Nm
 * </pre>
 *
 * A failing input is written to the target's inputs directory as {@code crash-<sha1>} and replayed
 * by every normal run from then on; minimize it and give it a descriptive name before committing.
 */
class RemoteWriteDecoderFuzzTest {
    private static final int SHARDS = 16;
    private static final RemoteWriteDecoder DECODER = new RemoteWriteDecoder(
            new RemoteWriteLimits(1 << 20, 4 << 20, 10_000, RemoteWriteLimits.DEFAULT.series()), SHARDS);

    @FuzzTest(maxDuration = "5m")
    void decodeBody(byte[] input) {
        check(input);
    }

    @FuzzTest(maxDuration = "5m")
    void decodeProtobuf(byte[] input) throws IOException {
        check(Snappy.compress(input));
    }

    private static void check(byte[] body) {
        DecodedWrite decoded;
        try {
            decoded = DECODER.decode(RemoteWriteDecoder.CONTENT_TYPE, RemoteWriteDecoder.CONTENT_ENCODING,
                    RemoteWriteDecoder.VERSION, body);
        } catch (RemoteWriteException e) {
            assertThat(e.httpStatus()).isBetween(400, 499).isNotEqualTo(429);
            return;
        }
        for (Map.Entry<Integer, WriteBatch> e : decoded.batchesByShard().entrySet()) {
            WriteBatch batch = e.getValue();
            for (int entry = 0; entry < batch.size(); entry++) {
                assertThat(batch.labels(entry).shard(SHARDS)).isEqualTo(e.getKey());
                for (int s = batch.firstSample(entry) + 1; s < batch.endSample(entry); s++) {
                    assertThat(batch.timestamp(s)).isGreaterThan(batch.timestamp(s - 1));
                }
            }
        }
        decoded.rejection().ifPresent(r -> assertThat(r.httpStatus()).isEqualTo(400));
    }
}
