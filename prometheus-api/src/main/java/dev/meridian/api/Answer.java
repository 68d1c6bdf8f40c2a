package dev.meridian.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * What a backend answers: a result, plus Prometheus {@code warnings} (e.g. "region eu did not
 * answer"), plus extra top-level fields of the response envelope ({@link ResponseField}, e.g. the
 * gateway's {@code coverage}). The API writes the warnings as Prometheus does (only when there are
 * any, duplicates dropped, in order) and the fields after them.
 *
 * @param value the result
 * @param warnings non-fatal problems, in the order they should be shown
 * @param fields extra envelope fields, with distinct names
 * @param <T> the result's type
 */
public record Answer<T>(T value, List<String> warnings, List<ResponseField> fields) {
    public Answer {
        requireNonNull(value, "value is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        fields = ResponseField.copyOfDistinct(fields);
    }

    /** {@code value} without warnings or fields. */
    public static <T> Answer<T> of(T value) {
        return new Answer<>(value, List.of(), List.of());
    }

    /** This answer's warnings and fields with {@code f} of its value. */
    public <U> Answer<U> map(Function<? super T, ? extends U> f) {
        requireNonNull(f, "f is null");
        return new Answer<>(f.apply(value), warnings, fields);
    }
}
