package dev.meridian.gateway.exec;

import static java.util.Objects.requireNonNull;

import dev.meridian.gateway.plan.JsonWriter;
import java.util.ArrayList;
import java.util.List;

/** Per region, how it took part in one request: the response's {@code coverage} block. */
public record Coverage(List<RegionCoverage> regions) {
    public Coverage {
        regions = List.copyOf(requireNonNull(regions, "regions is null"));
    }

    /** The entry of {@code region}, or {@code null}. */
    public RegionCoverage of(String region) {
        for (RegionCoverage c : regions) {
            if (c.region().equals(region)) {
                return c;
            }
        }
        return null;
    }

    public List<RegionCoverage> failed() {
        List<RegionCoverage> out = new ArrayList<>();
        for (RegionCoverage c : regions) {
            if (c.status().failed()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Regions that answered or were skipped. */
    public int answered() {
        return regions.size() - failed().size();
    }

    /**
     * {@code [{"region":"eu-west","status":"ok","series":12,"samples":3600,"bytes":1234,"latencyMs":15.2}, ...]},
     * with {@code "error"} for a failed region and {@code "reason"} for a skipped one.
     */
    public String toJson() {
        JsonWriter w = new JsonWriter().beginArray();
        for (RegionCoverage c : regions) {
            w.beginObject();
            w.name("region").value(c.region());
            w.name("status").value(c.status().jsonName());
            w.name("series").value(c.series());
            w.name("samples").value(c.samples());
            w.name("bytes").value(c.bytes());
            w.name("latencyMs").value(Math.round(c.latencyMs() * 10) / 10.0);
            if (!c.error().isEmpty()) {
                w.name("error").value(c.error());
            }
            if (!c.reason().isEmpty()) {
                w.name("reason").value(c.reason());
            }
            w.endObject();
        }
        return w.endArray().toString();
    }
}
