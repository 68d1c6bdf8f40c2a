package dev.meridian.launcher;

import picocli.CommandLine.Command;

/**
 * {@code meridian placement}: placement files, which say which storage nodes hold each virtual
 * shard. Invoked without a subcommand it prints usage and exits with 2.
 */
@Command(
        name = "placement",
        description = "Work with placement files (shards -> storage nodes).",
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {PlacementInitCommand.class})
final class PlacementCommand {}
