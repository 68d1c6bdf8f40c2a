package dev.meridian.launcher;

import picocli.CommandLine.Command;

/**
 * {@code meridian bench}: end-to-end benchmarks, one subcommand per component, each printing
 * {@code name=value} lines. Invoked without a subcommand it prints usage and exits with 2.
 */
@Command(
        name = "bench",
        description = "Run benchmarks and print their figures as name=value lines.",
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {BenchEngineCommand.class, BenchStorageCommand.class, BenchIngestCommand.class, BenchGatewayCommand.class})
final class BenchCommand {}
