//! The command line: argument parsing and the subcommands.

/// Parses the arguments and runs the command.
pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
