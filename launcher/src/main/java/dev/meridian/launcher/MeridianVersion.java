package dev.meridian.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Answers {@code meridian --version} with the Maven project version, which the build writes into
 * the {@code version.properties} resource next to this class.
 */
final class MeridianVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"meridian " + projectVersion()};
    }

    static String projectVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MeridianVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing next to "
                        + MeridianVersion.class.getName() + "; the launcher was not built by Maven");
            }
            properties.load(in);
        }
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.contains("${")) {
            throw new IllegalStateException(RESOURCE + " must hold the project version (got: '" + version
                    + "'); it is filled in by Maven resource filtering");
        }
        return version;
    }

    /** {@link #projectVersion()}, or "unknown" when the resource cannot be read (what buildinfo shows then). */
    static String projectVersionOrUnknown() {
        try {
            return projectVersion();
        } catch (IOException | IllegalStateException e) {
            return "unknown";
        }
    }
}
