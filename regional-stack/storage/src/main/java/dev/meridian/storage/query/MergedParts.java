package dev.meridian.storage.query;

import dev.meridian.promql.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the label-ordered cursors of several sources into one label-ordered sequence of series,
 * each with its parts from every source that holds it, in source order (blocks oldest first,
 * then the head), which is time order. Sources are few (the blocks a range touches plus the
 * head), so the smallest is found by a scan.
 */
final class MergedParts {
    private final PartCursor[] cursors;
    private final boolean[] live;
    private final List<SeriesPart> current = new ArrayList<>();
    private Labels labels;

    MergedParts(List<PartCursor> sources) {
        cursors = sources.toArray(new PartCursor[0]);
        live = new boolean[cursors.length];
        for (int i = 0; i < cursors.length; i++) {
            live[i] = cursors[i].next();
        }
    }

    /** Moves to the next series; false at the end. */
    boolean next() {
        current.clear();
        labels = null;
        for (int i = 0; i < cursors.length; i++) {
            if (live[i] && (labels == null || cursors[i].at().labels().compareTo(labels) < 0)) {
                labels = cursors[i].at().labels();
            }
        }
        if (labels == null) {
            return false;
        }
        for (int i = 0; i < cursors.length; i++) {
            if (live[i] && cursors[i].at().labels().equals(labels)) {
                current.add(cursors[i].at());
                live[i] = cursors[i].next();
            }
        }
        return true;
    }

    Labels labels() {
        return labels;
    }

    /** The current series' parts in time order; valid until the next call to {@link #next()}. */
    List<SeriesPart> parts() {
        return current;
    }
}
