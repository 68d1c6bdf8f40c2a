package dev.meridian.storage.commitlog;

/** Receives the records a replay reads, one call per record, in log order. */
@FunctionalInterface
public interface RecordConsumer {
    /**
     * One record's payload: {@code buffer[offset .. offset + length)}. The array belongs to the
     * reader and is overwritten after this call returns, so copy what must outlive it.
     *
     * @param position where the record starts in the log
     */
    void accept(LogPosition position, byte[] buffer, int offset, int length);
}
