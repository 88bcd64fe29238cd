//! The language server: a thin front end over [`crate::Engine`].

/// Runs the server on standard input and output until the client exits.
pub fn run() -> std::process::ExitCode {
    eprintln!("draftlint lsp: not built yet");
    std::process::ExitCode::from(2)
}
