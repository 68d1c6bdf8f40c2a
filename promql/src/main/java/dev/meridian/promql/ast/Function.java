package dev.meridian.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The signature of a PromQL function.
 *
 * @param name the name as written in queries
 * @param argTypes the types of the declared arguments
 * @param variadic 0 if exactly {@code argTypes.size()} arguments are required; otherwise the last
 *     declared argument is optional and may be given up to {@code variadic} times, or any number
 *     of times if {@code variadic} is -1
 * @param returnType the type of the result
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {
    public Function {
        requireNonNull(name, "name is null");
        argTypes = List.copyOf(argTypes);
        requireNonNull(returnType, "returnType is null");
        if (variadic < -1) {
            throw new IllegalArgumentException("variadic must be >= -1 (got: " + variadic + ")");
        }
    }

    /** Smallest number of arguments a call must pass. */
    public int minArgs() {
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
    }

    /** Largest number of arguments a call may pass, or {@link Integer#MAX_VALUE}. */
    public int maxArgs() {
        if (variadic < 0) {
            return Integer.MAX_VALUE;
        }
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1 + variadic;
    }

    /** The type expected for argument {@code index}; repeated arguments share the last type. */
    public ValueType argType(int index) {
        return argTypes.get(Math.min(index, argTypes.size() - 1));
    }
}
