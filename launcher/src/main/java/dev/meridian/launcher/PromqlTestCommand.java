package dev.meridian.launcher;

import dev.meridian.promql.engine.Engine;
import dev.meridian.promql.engine.EngineConfig;
import dev.meridian.promql.promqltest.ConformanceSuite;
import dev.meridian.promql.promqltest.InMemoryTestStorage;
import dev.meridian.promql.promqltest.PromqlTestRunner;
import dev.meridian.promql.promqltest.TestFailure;
import dev.meridian.promql.promqltest.TestReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridian promqltest}: runs promqltest files against the engine ({@link PromqlTestRunner}). */
@Command(
        name = "promqltest",
        description = {
            "Run PromQL conformance files (Prometheus' promqltest format) against Meridian's engine.",
            "Without DIR, runs the bundled Prometheus 2.42 files (566 evals). Prints every failure and the line"
                    + " 'promqltest: N passed, M failed'; exits with 1 if any eval failed."
        },
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class)
final class PromqlTestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "Directories whose *.test files to run (relative paths are resolved from the repository root).")
    private List<Path> directories = List.of();

    @Override
    public Integer call() {
        Map<String, String> files = new LinkedHashMap<>();
        if (directories.isEmpty()) {
            files.putAll(ConformanceSuite.prometheus242());
        }
        for (Path dir : directories) {
            ConformanceSuite.directory(dir).forEach((name, content) -> files.put(dir.resolve(name).toString(), content));
        }
        PromqlTestRunner runner = new PromqlTestRunner(new Engine(EngineConfig.defaults()), InMemoryTestStorage::new);
        TestReport report = ConformanceSuite.run(runner, files);
        PrintWriter out = spec.commandLine().getOut();
        for (TestFailure failure : report.failures()) {
            out.println("FAIL " + failure);
        }
        out.println(report.summary());
        out.flush();
        return report.failed() == 0 ? 0 : 1;
    }
}
