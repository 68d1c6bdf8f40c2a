package dev.meridian.gateway.exec;

/** What a query does when a region fails or misses the deadline ({@code partial_response=warn|abort}). */
public enum PartialResponse {
    /** Answer without the region, with a warning naming it and why. */
    WARN,
    /** Fail the query ({@code errorType} unavailable), naming the failed regions. */
    ABORT
}
