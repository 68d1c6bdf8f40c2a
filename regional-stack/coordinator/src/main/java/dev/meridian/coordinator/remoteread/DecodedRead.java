package dev.meridian.coordinator.remoteread;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A remote-read request as {@link ReadRequestDecoder} validated it.
 *
 * @param queries the queries in request order; the answer carries one result per query, in this order
 * @param responseType the first of the client's accepted response types this server speaks
 */
public record DecodedRead(List<ReadQuery> queries, ResponseType responseType) {
    public DecodedRead {
        queries = List.copyOf(queries);
        requireNonNull(responseType, "responseType is null");
    }
}
