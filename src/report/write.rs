//! Writing output files so that a failed run leaves nothing half-written: every file is
//! rendered in memory first, written to a temporary file beside its target, then renamed.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A file to write: its path and full contents.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    /// Target path.
    pub path: PathBuf,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Writes all files: first each to a temporary file in its target folder, then renames them
/// into place. If any temporary write fails, no target is touched.
pub(crate) fn write_all_atomically(files: Vec<OutputFile>) -> Result<Vec<PathBuf>, Error> {
    check_places(&files)?;
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        let dir = file
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".strike-impact-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        tmp.write_all(&file.bytes)
            .and_then(|()| tmp.flush())
            .map_err(|e| Error::io(&file.path, e))?;
        // Temporary files are private (0600); outputs get the usual 0644.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
                .map_err(|e| Error::io(tmp.path(), e))?;
        }
        staged.push((tmp, file.path));
    }
    let mut written = Vec::with_capacity(staged.len());
    for (tmp, path) in staged {
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        written.push(path);
    }
    Ok(written)
}

/// Refuses, before anything is made, files whose folder is a file, or whose own path is a
/// folder: every such place, each once.
fn check_places(files: &[OutputFile]) -> Result<(), Error> {
    let mut problems: Vec<String> = Vec::new();
    let mut note = |message: String| {
        if !problems.contains(&message) {
            problems.push(message);
        }
    };
    for file in files {
        if file.path.is_dir() {
            note(format!(
                "{}: expected a file to write, found a folder",
                file.path.display()
            ));
            continue;
        }
        // The nearest part of the path that exists must be a folder.
        if let Some(existing) = file
            .path
            .ancestors()
            .skip(1)
            .filter(|p| !p.as_os_str().is_empty())
            .find(|p| p.exists())
        {
            if !existing.is_dir() {
                note(format!(
                    "{}: expected a folder to write {} in, found a file",
                    existing.display(),
                    file.path.display()
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(problems.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            OutputFile {
                path: dir.path().join("a.csv"),
                bytes: b"a\n".to_vec(),
            },
            OutputFile {
                path: dir.path().join("sub/b.csv"),
                bytes: b"b\n".to_vec(),
            },
        ];
        write_all_atomically(files).unwrap();
        assert_eq!(std::fs::read(dir.path().join("sub/b.csv")).unwrap(), b"b\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
