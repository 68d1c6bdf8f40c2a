package dev.meridian.api;

import static java.util.Objects.requireNonNull;

/**
 * What {@code /api/v1/status/buildinfo} answers, with Prometheus' JSON field names:
 * {@code {"version":…,"revision":…,"branch":…,"buildUser":…,"buildDate":…,"goVersion":…}}.
 *
 * @param version the release, e.g. {@code 0.1.0}
 * @param revision the source revision, e.g. a git commit
 * @param branch the source branch
 * @param buildUser who built it, e.g. {@code user@host}
 * @param buildDate when, e.g. {@code 20240101-12:00:00}
 * @param goVersion the field Prometheus fills with its Go version; Meridian puts its runtime there,
 *     e.g. {@code java17.0.10} (clients only display it)
 */
public record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate, String goVersion) {
    public BuildInfo {
        requireNonNull(version, "version is null");
        requireNonNull(revision, "revision is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(buildUser, "buildUser is null");
        requireNonNull(buildDate, "buildDate is null");
        requireNonNull(goVersion, "goVersion is null");
    }
}
