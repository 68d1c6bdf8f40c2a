package dev.meridian.storage.metadata;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.series.XxHash64;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;

/**
 * Type, help and unit of one metric family, as Prometheus remote write carries them, with the time
 * a coordinator received them. A storage node keeps one entry per family, the {@linkplain
 * #NEWEST_LAST newest}.
 *
 * <p>Rules (checked by the constructor; {@link #problem} tells without throwing):
 *
 * <ul>
 *   <li>{@code family} matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*} (a Prometheus metric name, as the
 *       write path requires of series) and has at most {@value #MAX_FAMILY_BYTES} bytes;
 *   <li>{@code help} has at most {@value #MAX_HELP_BYTES} bytes of UTF-8, {@code unit} at most
 *       {@value #MAX_UNIT_BYTES}; both may be empty;
 *   <li>{@code receivedMs} is not negative.
 * </ul>
 *
 * @param family the metric family name, e.g. {@code http_requests} for {@code http_requests_total}
 * @param type the family's type
 * @param help the HELP text, may be empty
 * @param unit the unit, e.g. {@code seconds}, may be empty
 * @param receivedMs when a coordinator received the entry, ms since the epoch
 */
public record FamilyMetadata(String family, MetricType type, String help, String unit, long receivedMs) {
    public static final int MAX_FAMILY_BYTES = 4096;
    public static final int MAX_HELP_BYTES = 65536;
    public static final int MAX_UNIT_BYTES = 4096;

    /**
     * Orders two entries of one family so that the one to keep is last: by {@code receivedMs},
     * then by type, help and unit. The tie-break makes the choice the same on every replica and
     * every reader, whatever order entries arrive in.
     */
    public static final Comparator<FamilyMetadata> NEWEST_LAST = Comparator.comparingLong(FamilyMetadata::receivedMs)
            .thenComparing(FamilyMetadata::type)
            .thenComparing(FamilyMetadata::help)
            .thenComparing(FamilyMetadata::unit);

    /** @throws IllegalArgumentException with the {@linkplain #problem reason} if a rule is broken */
    public FamilyMetadata {
        requireNonNull(family, "family is null");
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
        Optional<String> problem = problem(family, help, unit);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (receivedMs < 0) {
            throw new IllegalArgumentException("metadata of \"" + family + "\": receivedMs must not be negative (got: "
                    + receivedMs + ")");
        }
    }

    /**
     * What is wrong with an entry of these fields, e.g. {@code invalid metric family name "1x":
     * must match [a-zA-Z_:][a-zA-Z0-9_:]*}; empty if nothing. For writers that check entries
     * before sending them (the coordinator refuses bad ones itself rather than have every replica
     * refuse the call).
     */
    public static Optional<String> problem(String family, String help, String unit) {
        requireNonNull(family, "family is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
        if (family.isEmpty()) {
            return Optional.of("metric family name is empty");
        }
        if (family.length() > MAX_FAMILY_BYTES) {
            return Optional.of("metric family name of " + family.length() + " characters is longer than the limit of "
                    + MAX_FAMILY_BYTES + " bytes");
        }
        if (!isMetricName(family)) {
            return Optional.of("invalid metric family name \"" + family + "\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        int helpBytes = utf8Length(help);
        if (helpBytes > MAX_HELP_BYTES) {
            return Optional.of("help of \"" + family + "\" has " + helpBytes + " bytes, more than the limit of "
                    + MAX_HELP_BYTES);
        }
        int unitBytes = utf8Length(unit);
        if (unitBytes > MAX_UNIT_BYTES) {
            return Optional.of("unit of \"" + family + "\" has " + unitBytes + " bytes, more than the limit of "
                    + MAX_UNIT_BYTES);
        }
        return Optional.empty();
    }

    /**
     * The virtual shard of the family: XXH64 of its name's bytes (ASCII, as the name rules allow
     * nothing else), unsigned, mod {@code shards} — the same hash series are placed by.
     */
    public int shard(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1 (got: " + shards + ")");
        }
        return (int) Long.remainderUnsigned(XxHash64.hash(family.getBytes(StandardCharsets.US_ASCII)), shards);
    }

    /** The entry to keep of this and {@code other}, entries of the same family (see {@link #NEWEST_LAST}). */
    public FamilyMetadata newer(FamilyMetadata other) {
        if (!family.equals(other.family)) {
            throw new IllegalArgumentException("cannot compare metadata of \"" + family + "\" and \"" + other.family + "\"");
        }
        return NEWEST_LAST.compare(this, other) >= 0 ? this : other;
    }

    private static boolean isMetricName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 length of {@code s}; an unpaired surrogate counts as the 3 bytes of its replacement. */
    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
