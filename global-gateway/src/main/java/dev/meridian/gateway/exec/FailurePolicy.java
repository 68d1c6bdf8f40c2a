package dev.meridian.gateway.exec;

import java.util.ArrayList;
import java.util.List;

/** The words of the partial-response policy: warnings for answered requests, messages for failed ones. */
final class FailurePolicy {
    private FailurePolicy() {}

    /** One warning per failed region, e.g. {@code region us-east: timeout after 2s (partial response)}. */
    static List<String> warnings(Coverage coverage) {
        List<String> out = new ArrayList<>();
        for (RegionCoverage c : coverage.failed()) {
            out.add("region " + c.region() + ": " + c.error() + " (partial response)");
        }
        return out;
    }

    /** Why a request failed because of failed regions. */
    static String failureMessage(QueryPolicy policy, Coverage coverage) {
        List<String> failed = new ArrayList<>();
        for (RegionCoverage c : coverage.failed()) {
            failed.add("region " + c.region() + ": " + c.error());
        }
        String which = String.join("; ", failed);
        if (policy.partialResponse() == PartialResponse.ABORT) {
            return "regions failed and partial_response=abort: " + which;
        }
        return "at least " + policy.minRegions() + " of " + coverage.regions().size() + " regions must answer, but "
                + failed.size() + " failed" + (failed.isEmpty() ? "" : ": " + which);
    }
}
