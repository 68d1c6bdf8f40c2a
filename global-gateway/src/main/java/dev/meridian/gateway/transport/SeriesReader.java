package dev.meridian.gateway.transport;

import dev.meridian.gateway.region.Listing;
import dev.meridian.promql.labels.Labels;
import dev.meridian.proto.region.LabelSet;
import dev.meridian.proto.region.SeriesResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads a Series stream: label sets in label order, and warnings. */
final class SeriesReader implements ResponseReader<SeriesResponse, Listing<Labels>> {
    private final List<Labels> series = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @Override
    public void add(SeriesResponse message) {
        for (LabelSet set : message.getSeriesList()) {
            series.add(WireMapping.fromWire(set.getLabelsList()));
        }
        warnings.addAll(message.getWarningsList());
    }

    @Override
    public Listing<Labels> finish(long wireBytes) {
        return new Listing<>(series, warnings);
    }
}
