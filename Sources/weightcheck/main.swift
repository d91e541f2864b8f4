// Entry point of the weightcheck command-line tool: hands the arguments to the dispatcher and exits with its code.
import Foundation

exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
