package dev.meridian.promql.ast;

/** The type an expression evaluates to. */
public enum ValueType {
    SCALAR("scalar", "scalar"),
    VECTOR("vector", "instant vector"),
    MATRIX("matrix", "range vector"),
    STRING("string", "string");

    private final String apiName;
    private final String documentedName;

    ValueType(String apiName, String documentedName) {
        this.apiName = apiName;
        this.documentedName = documentedName;
    }

    /** The name in the HTTP API's {@code resultType} field and in some errors ({@code matrix}). */
    public String apiName() {
        return apiName;
    }

    /** The name the documentation and most errors use ({@code range vector}). */
    public String documentedName() {
        return documentedName;
    }
}
