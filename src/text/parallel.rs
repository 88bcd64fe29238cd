//! When a draft is long enough to check on several threads, and how many.
//! One policy for the house checks (`engine.rs`) and a Vale style's rules
//! (`vale/mod.rs`).

/// Prose below this many bytes is checked on one thread: starting threads
/// costs more than they save on an ordinary draft (a 1 MB draft takes tens
/// of milliseconds; a press release, well under one).
pub const PARALLEL_MIN_BYTES: usize = 128 * 1024;

/// How many threads a long draft may use.
pub fn parallelism() -> usize {
    static N: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    });
    *N
}
