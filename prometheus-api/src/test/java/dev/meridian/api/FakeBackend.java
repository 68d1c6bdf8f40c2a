package dev.meridian.api;

import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.value.Scalar;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A hand-written {@link ApiBackend} for tests of {@link PrometheusApi}: it records every request
 * and answers what the test sets. By default a query answers the scalar 1 at its start, and every
 * lookup answers nothing.
 */
final class FakeBackend implements ApiBackend {
    final List<QueryRequest> queries = new CopyOnWriteArrayList<>();
    final List<MetadataRequest> lookups = new CopyOnWriteArrayList<>();
    final List<String> labelNamesAsked = new CopyOnWriteArrayList<>();
    final List<String> metricsAsked = new CopyOnWriteArrayList<>();

    volatile Function<QueryRequest, PreparedQuery> onQuery =
            request -> answering(Answer.of(new QueryOutcome(new Scalar(request.startMillis(), 1), 0, 0)));
    volatile Answer<List<Labels>> series = Answer.of(List.of());
    volatile Answer<List<String>> labelNames = Answer.of(List.of());
    volatile Answer<List<String>> labelValues = Answer.of(List.of());
    volatile Answer<List<MetricMetadata>> metadata = Answer.of(List.of());

    /** A prepared query whose {@code execute()} answers {@code answer}. */
    static PreparedQuery answering(Answer<QueryOutcome> answer) {
        return new PreparedQuery() {
            @Override
            public Answer<QueryOutcome> execute() {
                return answer;
            }

            @Override
            public void cancel() {}
        };
    }

    /** A prepared query whose {@code execute()} throws {@code failure}. */
    static PreparedQuery failing(RuntimeException failure) {
        return new PreparedQuery() {
            @Override
            public Answer<QueryOutcome> execute() {
                throw failure;
            }

            @Override
            public void cancel() {}
        };
    }

    @Override
    public PreparedQuery query(QueryRequest request) {
        queries.add(request);
        return onQuery.apply(request);
    }

    @Override
    public Answer<List<Labels>> series(MetadataRequest request) {
        lookups.add(request);
        return series;
    }

    @Override
    public Answer<List<String>> labelNames(MetadataRequest request) {
        lookups.add(request);
        return labelNames;
    }

    @Override
    public Answer<List<String>> labelValues(String name, MetadataRequest request) {
        labelNamesAsked.add(name);
        lookups.add(request);
        return labelValues;
    }

    @Override
    public Answer<List<MetricMetadata>> metadata(String metric) {
        metricsAsked.add(metric);
        return metadata;
    }
}
