package dev.meridian.coordinator.querycmp;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.syntax.Quoting;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs every query against a reference and a target endpoint and compares the answers with
 * {@link ResultComparator}. Each query is evaluated twice: as an instant query at {@code end} and
 * as a range query from {@code start} to {@code end} every {@code step}; both endpoints are asked
 * at the same time, queries one after another.
 *
 * <p>Prints one line per mismatching evaluation,
 * {@code MISMATCH instant|range query="<query>": <difference>; <difference>...} (the first
 * {@value #DIFFERENCES_SHOWN} differences, the rest counted), then {@code matched=N total=M}.
 */
public final class QueryCmp {
    static final int DIFFERENCES_SHOWN = 5;

    private final QueryCmpSettings settings;
    private final PrometheusClient reference;
    private final PrometheusClient target;
    private final ResultComparator comparator;

    public QueryCmp(QueryCmpSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        this.reference = new PrometheusClient(settings.reference(), settings.timeout());
        this.target = new PrometheusClient(settings.target(), settings.timeout());
        this.comparator = new ResultComparator(settings.tolerance(), settings.ignoredLabels());
    }

    /** Compares every query, printing mismatches and the summary to {@code out}. */
    public QueryCmpReport run(PrintWriter out) throws InterruptedException {
        requireNonNull(out, "out is null");
        int matched = 0;
        int total = 0;
        for (String query : settings.queries()) {
            total++;
            if (compare(out, "instant", query,
                    reference.instant(query, settings.endMillis()), target.instant(query, settings.endMillis()))) {
                matched++;
            }
            total++;
            if (compare(out, "range", query,
                    reference.range(query, settings.startMillis(), settings.endMillis(), settings.stepMillis()),
                    target.range(query, settings.startMillis(), settings.endMillis(), settings.stepMillis()))) {
                matched++;
            }
        }
        QueryCmpReport report = new QueryCmpReport(matched, total);
        out.println(report.summary());
        out.flush();
        return report;
    }

    private boolean compare(PrintWriter out, String kind, String query, CompletableFuture<QueryResponse> referenceAnswer,
            CompletableFuture<QueryResponse> targetAnswer) throws InterruptedException {
        Comparison comparison = comparator.compare(await(referenceAnswer), await(targetAnswer));
        if (!comparison.matched()) {
            out.println(mismatchLine(kind, query, comparison.differences()));
            out.flush();
        }
        return comparison.matched();
    }

    static String mismatchLine(String kind, String query, List<String> differences) {
        StringBuilder line = new StringBuilder("MISMATCH ").append(kind).append(" query=").append(Quoting.quote(query)).append(": ");
        line.append(String.join("; ", differences.subList(0, Math.min(DIFFERENCES_SHOWN, differences.size()))));
        if (differences.size() > DIFFERENCES_SHOWN) {
            line.append("; and ").append(differences.size() - DIFFERENCES_SHOWN).append(" more differences");
        }
        return line.toString();
    }

    private static QueryResponse await(CompletableFuture<QueryResponse> answer) throws InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            // The client turns every failure into an Unanswered response; this is a bug if reached.
            throw new IllegalStateException("the Prometheus client failed unexpectedly", e.getCause());
        }
    }
}
