package dev.meridian.api;

/**
 * One query a backend has prepared ({@link ApiBackend#query}), run at most once. The API calls
 * {@link #execute()} on its executor and {@link #cancel()} from Armeria's event loop when the
 * client goes away or the request times out, possibly before, during or after {@code execute()};
 * a query that is not executed (the API refused the request after preparing it) is canceled too.
 */
public interface PreparedQuery {
    /**
     * Runs the query and waits for its result.
     *
     * @throws dev.meridian.promql.PromqlException on evaluation errors, timeout, cancellation
     *     ({@code CANCELED}), too many samples or a storage failure, each with its code
     * @throws ApiException for an error the backend answers in the API's terms, possibly with
     *     {@link ApiException#fields()}
     */
    Answer<QueryOutcome> execute();

    /** Stops the query; a running or later {@link #execute()} then fails. Safe from any thread, idempotent. */
    void cancel();
}
