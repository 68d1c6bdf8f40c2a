package dev.meridian.storage.head;

/**
 * The {@code long} by which a series refers to one of its sealed head chunks:
 *
 * <pre>
 * bits 63..48  window tag: (window start / block size) mod 2^16, which names the block window
 * bits 47..32  file number within the window's directory (1-based)
 * bits 31..0   byte offset of the chunk in that file
 * </pre>
 *
 * The tag is unique among the windows the head holds at once (at most a few), so a reference
 * finds its {@link HeadWindow} without a map lookup.
 */
final class HeadChunkRef {
    private HeadChunkRef() {}

    static long of(int windowTag, long fileRef) {
        return ((long) windowTag << 48) | (fileRef & 0xFFFF_FFFF_FFFFL);
    }

    static int windowTag(long ref) {
        return (int) (ref >>> 48);
    }

    /** The part {@link HeadChunkFiles} understands: file number and offset. */
    static long fileRef(long ref) {
        return ref & 0xFFFF_FFFF_FFFFL;
    }

    static int tagOf(long windowStart, long blockSize) {
        return (int) (Math.floorDiv(windowStart, blockSize) & 0xFFFF);
    }
}
