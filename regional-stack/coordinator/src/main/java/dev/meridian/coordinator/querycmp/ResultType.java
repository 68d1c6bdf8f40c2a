package dev.meridian.coordinator.querycmp;

import java.util.Locale;

/** The {@code resultType} of a Prometheus query answer. */
public enum ResultType {
    MATRIX,
    VECTOR,
    SCALAR,
    STRING;

    /** The name the API uses, e.g. {@code matrix}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type for an API name.
     *
     * @throws IllegalArgumentException naming the text if it is not one of the four types
     */
    static ResultType fromApiName(String name) {
        for (ResultType type : values()) {
            if (type.apiName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown resultType \"" + name + "\" (expected matrix, vector, scalar or string)");
    }
}
