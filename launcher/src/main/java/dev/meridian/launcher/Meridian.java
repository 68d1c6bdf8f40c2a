package dev.meridian.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code meridian} command, Meridian's single entry point.
 *
 * <p>Every role (demo, storage node, coordinator, gateway, ...) is one picocli subcommand class,
 * added to {@code subcommands} below when it exists. This class only wires them together; it holds
 * no logic. Invoked without a subcommand it prints usage and exits with 2, like any usage error.
 *
 * <p>Exit codes are picocli's: 0 success (including {@code --help} and {@code --version}),
 * 1 a subcommand failed, 2 usage error.
 */
@Command(
        name = "meridian",
        description = "Meridian: a federated metrics platform (regional storage, PromQL, global gateway).",
        mixinStandardHelpOptions = true,
        versionProvider = MeridianVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {HelpCommand.class, DemoCommand.class, StorageCommand.class, PlacementCommand.class, PromqlTestCommand.class,
            CoordinatorCommand.class, GatewayCommand.class, BenchCommand.class, QueryCmpCommand.class})
public final class Meridian {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The fully wired command line, for {@link #main} and for tests that run it in-process. */
    static CommandLine commandLine() {
        return new CommandLine(new Meridian()).setParameterExceptionHandler(Meridian::usageError);
    }

    /**
     * Prints the error, picocli's "Did you mean" suggestions if it has any, and always the usage of
     * the command at fault (picocli's own handler leaves the usage out when it has suggestions).
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err, command.getColorScheme());
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
