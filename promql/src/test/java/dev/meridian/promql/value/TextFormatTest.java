package dev.meridian.promql.value;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.labels.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFormatTest {
    @Test
    void rendersEveryValueType() {
        assertThat(TextFormat.lines(new Scalar(1_500, 2.5))).containsExactly("scalar: 2.5 @[1.500]");
        assertThat(TextFormat.lines(new StringValue(2_000, "a\"b"))).containsExactly("string: \"a\\\"b\" @[2]");
        assertThat(TextFormat.lines(new Vector(List.of(new Sample(Labels.of("job", "api"), 3_000, Double.NaN)))))
                .containsExactly("{job=\"api\"} => NaN @[3]");
        assertThat(TextFormat.lines(new Matrix(List.of(new RangeSeries(Labels.of("a", "1"), new long[] {1_000, 2_000},
                new double[] {1, Double.POSITIVE_INFINITY})))))
                .containsExactly("{a=\"1\"} =>", "1 @[1]", "+Inf @[2]");
    }
}
