package dev.meridian.coordinator.querycmp;

import java.util.List;

/** The outcome of comparing two answers: what differs, in order; nothing when they match. */
public record Comparison(List<String> differences) {
    public Comparison {
        differences = List.copyOf(differences);
    }

    public boolean matched() {
        return differences.isEmpty();
    }
}
