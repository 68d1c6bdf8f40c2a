package dev.meridian.api;

import dev.meridian.promql.syntax.Numbers;

/**
 * The {@code "stats"} object a query answers with when its {@code stats} parameter is not empty,
 * in 2.42's shape:
 *
 * <pre>
 * {"timings":{"evalTotalTime":0.0123,"resultSortTime":0,"queryPreparationTime":0,"innerEvalTime":0.0123,
 *             "execQueueTime":0,"execTotalTime":0.0125},
 *  "samples":{"totalQueryableSamples":1200,"peakSamples":300}}
 * </pre>
 *
 * Times are seconds. Meridian's engine does not time preparation, sorting and queueing apart:
 * those are 0 and {@code evalTotalTime} = {@code innerEvalTime} covers them. {@code stats=all}'s
 * per-step samples are not given.
 *
 * @param evalSeconds time spent evaluating
 * @param totalSeconds time from parsing the request to the result
 * @param totalQueryableSamples samples the query read from storage
 * @param peakSamples most samples the query held in memory at once
 */
public record QueryStats(double evalSeconds, double totalSeconds, long totalQueryableSamples, long peakSamples) {
    void appendJson(StringBuilder out) {
        out.append("{\"timings\":{\"evalTotalTime\":").append(Numbers.format(evalSeconds))
                .append(",\"resultSortTime\":0,\"queryPreparationTime\":0,\"innerEvalTime\":").append(Numbers.format(evalSeconds))
                .append(",\"execQueueTime\":0,\"execTotalTime\":").append(Numbers.format(totalSeconds))
                .append("},\"samples\":{\"totalQueryableSamples\":").append(totalQueryableSamples)
                .append(",\"peakSamples\":").append(peakSamples).append("}}");
    }
}
