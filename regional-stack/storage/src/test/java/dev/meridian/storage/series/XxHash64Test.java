package dev.meridian.storage.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash64Test {
    @Test
    void matchesReferenceVectors() {
        assertThat(hash("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(hash("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(hash("abc")).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(hash("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
    }

    @Test
    void hashesOnlyTheGivenRange() {
        byte[] padded = "xxabcxx".getBytes(StandardCharsets.UTF_8);
        assertThat(XxHash64.hash(padded, 2, 3, 0)).isEqualTo(hash("abc"));
    }

    private static long hash(String s) {
        return XxHash64.hash(s.getBytes(StandardCharsets.UTF_8));
    }
}
