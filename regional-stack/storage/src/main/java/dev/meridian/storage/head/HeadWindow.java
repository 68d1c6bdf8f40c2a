package dev.meridian.storage.head;

/**
 * One block window the head holds: {@code [start, end)}, the tag its chunk references carry, and
 * the files its sealed chunks live in. A window lives from its first sealed chunk until it is
 * flushed to a block.
 */
record HeadWindow(long start, long end, int tag, HeadChunkFiles files) {
    boolean contains(long t) {
        return t >= start && t < end;
    }
}
