package dev.meridian.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void stringsAreEscapedSoAnyTextRoundTrips() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 sep \u2028 unicode é ☃";
        String json = new JsonWriter().beginObject().name("k\"ey").value(nasty).endObject().toString();
        assertThat(json).doesNotContain("\n").contains("\\u0000").contains("\\u2028");
        assertThat(new ObjectMapper().readTree(json).get("k\"ey").asText()).isEqualTo(nasty);
    }

    @Test
    void commasAndNumbers() {
        String json = new JsonWriter().beginArray().value(1).value(15.2).value(0.0).value(1e7).value(true)
                .value((String) null).beginObject().endObject().endArray().toString();
        assertThat(json).isEqualTo("[1,15.2,0,10000000,true,null,{}]");
    }

    @Test
    void misuseIsCaught() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value("no name"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().endObject()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().value(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
