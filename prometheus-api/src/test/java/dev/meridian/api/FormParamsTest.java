package dev.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link FormParams} decodes as Go's {@code url.ParseQuery} and orders as {@code r.Form}. */
class FormParamsTest {
    @Test
    void decodesLikeGo() {
        FormParams params = FormParams.of("query=sum%28up%29+by+(job)&match[]=a&match%5B%5D=b&empty=&flag", null);

        assertThat(params.value("query")).isEqualTo("sum(up) by (job)");
        assertThat(params.values("match[]")).containsExactly("a", "b");
        assertThat(params.value("empty")).isEmpty();
        assertThat(params.values("flag")).containsExactly("");
        assertThat(params.value("missing")).isEmpty();
        assertThat(params.error()).isEmpty();
    }

    @Test
    void putsBodyValuesFirst() {
        FormParams params = FormParams.of("time=1&query=url", "query=body");

        assertThat(params.value("query")).isEqualTo("body");
        assertThat(params.values("query")).containsExactly("body", "url");
        assertThat(params.value("time")).isEqualTo("1");
    }

    @Test
    void dropsBadPairsAndKeepsGoingLikeGo() {
        FormParams params = FormParams.of("a=%zz&b=1&c=%4", null);
        FormParams semicolon = FormParams.of("a=%zz&b=1;c=2&d=3", null);

        assertThat(params.value("a")).isEmpty();
        assertThat(params.value("b")).isEqualTo("1");
        assertThat(params.error()).contains("invalid URL escape \"%zz\"");
        assertThat(FormParams.of("c=%4", null).error()).contains("invalid URL escape \"%4\"");
        assertThat(semicolon.error()).as("a semicolon error replaces an earlier one, as in Go")
                .contains("invalid semicolon separator in query");
        assertThat(semicolon.value("d")).isEqualTo("3");
        assertThat(FormParams.of("a=1", "b=%zz").error()).as("the body's error first").contains("invalid URL escape \"%zz\"");
    }

    @Test
    void decodesUtf8() {
        assertThat(FormParams.of("v=caf%C3%A9", null).value("v")).isEqualTo("caf\u00e9");
        assertThat(FormParams.of("v=%FF", null).value("v")).isEqualTo("\ufffd");
    }
}
