package dev.meridian.storage.query;

import dev.meridian.storage.block.Block;
import dev.meridian.storage.head.Head;
import java.util.List;

/**
 * What one read sees of a namespace, fixed when the read starts: the blocks, oldest first, and
 * the head from {@code headFrom} on. A flush publishes a new view with the new block and a later
 * {@code headFrom} in one step, before the head drops the flushed window, so no read sees a
 * window twice or not at all.
 *
 * @param blocks blocks in time order, not overlapping
 * @param head the namespace's head, or null while it is being recovered at start
 * @param headFrom the head is read only for samples at or after this time (the end of the newest
 *     block, or {@code Long.MIN_VALUE} without blocks)
 */
public record ReadView(List<Block> blocks, Head head, long headFrom) {
    public ReadView {
        blocks = List.copyOf(blocks);
    }
}
