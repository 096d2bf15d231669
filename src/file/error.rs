//! The error every file operation returns: the file and the problem in the user's words. A leaf
//! of the file layer, so the reader, the writer and the format can all use it.

use std::fmt;
use std::path::PathBuf;

/// A file that could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong, in words for the user.
    pub problem: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for FileError {}
