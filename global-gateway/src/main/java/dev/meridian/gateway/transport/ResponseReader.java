package dev.meridian.gateway.transport;

/**
 * Turns the messages of one call's answer into the call's result, as they arrive. One instance
 * per call; messages come one at a time (gRPC serialises a call's callbacks).
 *
 * @param <M> the response message type
 * @param <T> the result type
 */
interface ResponseReader<M, T> {
    /**
     * Takes the next message.
     *
     * @throws IllegalArgumentException if the message breaks region.proto's contract
     */
    void add(M message);

    /**
     * The result, once the stream ended successfully.
     *
     * @param wireBytes the serialized size of all messages received
     * @throws IllegalArgumentException if the stream ended where region.proto says it cannot
     */
    T finish(long wireBytes);
}
