package dev.meridian.coordinator.querycmp;

/** One sample of an answer: a timestamp in milliseconds and a value (NaN and infinities included). */
public record Point(long timestampMillis, double value) {}
