//! Reading one file (or standard input) whole, safely.

use std::fs::{FileType, Metadata};
use std::io::Read;
use std::path::Path;

use super::{decode, io_message, InputError};

/// The largest input read, in bytes. A draft is a few hundred kilobytes; a
/// bound keeps a wrong argument (a disk image, a log) from taking all the
/// memory there is.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the file at `path` as UTF-8 text (see [`decode`]), at most
/// [`MAX_INPUT_BYTES`] of it, with the metadata of the handle it was read
/// through (for writing fixes back safely). `shown` names it in errors.
///
/// Only a regular file is read: the type is looked at through the open
/// handle, as the path may have been replaced since it was found. (Callers
/// that can look before opening do so, see [`not_regular`]: opening a FIFO
/// waits for a writer.)
pub fn read_file(path: &Path, shown: &str) -> Result<(String, Metadata), InputError> {
    let file = std::fs::File::open(path).map_err(|e| cannot(shown, &e))?;
    let meta = file.metadata().map_err(|e| cannot(shown, &e))?;
    if !meta.is_file() {
        return Err(not_regular(shown, meta.file_type()));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(shown));
    }
    let bytes = read_capped(&file, MAX_INPUT_BYTES)
        .map_err(|e| cannot(shown, &e))?
        .ok_or_else(|| too_large(shown))?;
    Ok((decode(shown, bytes)?, meta))
}

/// Reads standard input as UTF-8 text, at most [`MAX_INPUT_BYTES`] of it
/// (standard input fed from `/dev/zero` ends too).
pub fn read_stdin() -> Result<String, InputError> {
    const SHOWN: &str = "<stdin>";
    let bytes = read_capped(std::io::stdin().lock(), MAX_INPUT_BYTES)
        .map_err(|e| cannot(SHOWN, &e))?
        .ok_or_else(|| too_large(SHOWN))?;
    decode(SHOWN, bytes)
}

fn cannot(shown: &str, e: &std::io::Error) -> InputError {
    InputError::new(shown, format!("cannot read: {}", io_message(e)))
}

fn too_large(shown: &str) -> InputError {
    InputError::new(
        shown,
        format!(
            "larger than {} MiB, skipped",
            MAX_INPUT_BYTES / (1024 * 1024)
        ),
    )
}

/// `PATH: not a regular file (a FIFO), skipped` and the like.
pub fn not_regular(shown: &str, ft: FileType) -> InputError {
    let mut kind = if ft.is_dir() { "a folder" } else { "" };
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            kind = "a FIFO";
        } else if ft.is_socket() {
            kind = "a socket";
        } else if ft.is_char_device() {
            kind = "a character device";
        } else if ft.is_block_device() {
            kind = "a block device";
        }
    }
    let message = if kind.is_empty() {
        "not a regular file, skipped".to_string()
    } else {
        format!("not a regular file ({kind}), skipped")
    };
    InputError::new(shown, message)
}

/// Everything `r` gives, or `None` if that is more than `limit` bytes (read
/// no further than one byte past it).
fn read_capped(r: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= limit).then_some(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        assert_eq!(read_capped(&b"abcd"[..], 4).unwrap().unwrap(), b"abcd");
        assert!(read_capped(&b"abcde"[..], 4).unwrap().is_none());
        // An endless reader (standard input fed from /dev/zero) ends too.
        assert!(read_capped(std::io::repeat(b'x'), 1024).unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let e = read_file(Path::new("/dev/null"), "/dev/null").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/dev/null: not a regular file (a character device), skipped"
        );
        let tmp = tempfile::tempdir().unwrap();
        let e = read_file(tmp.path(), "d").unwrap_err().to_string();
        assert!(e.starts_with("d: "), "{e}");
    }
}
