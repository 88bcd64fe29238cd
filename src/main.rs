fn main() -> std::process::ExitCode {
    draftlint::cli::main()
}
