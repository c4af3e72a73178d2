//! Result folders that appear whole or not at all.
//!
//! A run writes into a fresh hidden staging folder beside its target (`.NAME.staging-PID`)
//! and, only once every file is complete, swaps it with the target in one step: on Linux an
//! atomic `renameat2(RENAME_EXCHANGE)`, so a reader sees either the whole old result or the
//! whole new one at every instant; elsewhere (or on a file system without exchange) two
//! renames, with the old folder parked as `.NAME.replaced-PID` for the instant between them
//! and put back by the next run if it was interrupted there. The displaced old folder is then
//! deleted. An advisory lock on `.NAME.lock` keeps a second writer out of the same target
//! while one is working; the operating system releases it when the process ends, even by
//! `kill -9`. Leftovers of interrupted runs are removed by the next run that takes the lock.

use std::fs::File;
use std::path::{Path, PathBuf};

/// Why a result folder cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// Another process holds the target's lock.
    #[error(
        "{} is being written by another dctwin process right now\n  hint: wait for it to finish, or give this run another name or --out",
        target.display()
    )]
    Busy {
        /// The folder another process is writing.
        target: PathBuf,
    },
    /// The output parent or the target exists and is not a folder.
    #[error("{} exists and is not a folder\n  hint: choose another --out (it must be a folder or not exist yet)", path.display())]
    NotAFolder {
        /// The offending path.
        path: PathBuf,
    },
    /// The name cannot be a folder name.
    #[error(
        "`{name}` cannot name an output folder: {why}\n  hint: use letters, digits, `-`, `_` and `.`, at most {MAX_NAME_BYTES} bytes"
    )]
    BadName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A file-system operation failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Longest folder name accepted [bytes]: file systems allow 255, and the hidden staging and
/// lock names add up to 32 bytes around it.
pub const MAX_NAME_BYTES: usize = 200;

/// Checks that `name` is a single, plain folder name that the staging scheme can extend:
/// non-empty, at most [`MAX_NAME_BYTES`], not `.` or `..`, no path separator, not hidden, no
/// control characters.
pub fn check_folder_name(name: &str) -> Result<(), FolderError> {
    let bad = |why| {
        Err(FolderError::BadName {
            name: name.chars().take(60).collect(),
            why,
        })
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name.len() > MAX_NAME_BYTES {
        return bad("it is too long");
    }
    if name.starts_with('.') {
        return bad("it starts with `.` (hidden, or a parent folder)");
    }
    if name.contains(['/', '\\']) {
        return bad("it contains a path separator");
    }
    if name.chars().any(char::is_control) {
        return bad("it contains a control character");
    }
    Ok(())
}

/// Checks, without writing anything, that `parent/name` could be written: the name is a plain
/// folder name, and neither `parent` nor the target exists as something other than a folder.
pub fn check_target(parent: &Path, name: &str) -> Result<PathBuf, FolderError> {
    check_folder_name(name)?;
    for p in parent.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(meta) = std::fs::metadata(p) {
            if !meta.is_dir() {
                return Err(FolderError::NotAFolder { path: p.to_path_buf() });
            }
            break;
        }
    }
    let target = parent.join(name);
    match std::fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_dir() => Err(FolderError::NotAFolder { path: target }),
        _ => Ok(target),
    }
}

/// A result folder being written: the target, the staging folder that will replace it, and
/// the lock that keeps other writers out until this value is committed or dropped.
#[derive(Debug)]
pub struct StagedFolder {
    target: PathBuf,
    staging: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
    /// Held for the lifetime of the value; closing the file releases the lock.
    _lock: File,
}

impl StagedFolder {
    /// Locks `parent/name` against other writers, removes what interrupted runs left, and
    /// creates an empty staging folder to write into. Fails with [`FolderError::Busy`] at once
    /// (it does not wait) when another process holds the lock.
    pub fn begin(parent: &Path, name: &str) -> Result<Self, FolderError> {
        let target = check_target(parent, name)?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| FolderError::Io { path, source }
        };
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let lock_path = parent.join(format!(".{name}.lock"));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(FolderError::Busy { target }),
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(FolderError::Io {
                    path: lock_path,
                    source,
                });
            }
        }
        let staged = Self {
            staging: parent.join(format!(".{name}.staging-{}", std::process::id())),
            target,
            parent: parent.to_path_buf(),
            name: name.to_string(),
            committed: false,
            _lock: lock,
        };
        staged.reclaim()?;
        std::fs::create_dir(&staged.staging).map_err(io(&staged.staging))?;
        Ok(staged)
    }

    /// The folder to write into.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Where the result will be once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Makes the staged files durable and swaps the staging folder in as the target, then
    /// deletes the folder it replaced. Returns the target.
    pub fn commit(mut self) -> Result<PathBuf, FolderError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| FolderError::Io { path, source }
        };
        sync_tree(&self.staging).map_err(io(&self.staging))?;
        if std::fs::symlink_metadata(&self.target).is_ok() {
            if !exchange(&self.staging, &self.target) {
                // Two renames: the old result is parked under a name the next run restores.
                let parked = self.parked();
                std::fs::rename(&self.target, &parked).map_err(io(&self.target))?;
                std::fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
                std::fs::rename(&parked, &self.staging).map_err(io(&parked))?;
            }
            // The staging path now holds the old result; if it cannot be deleted now, the next
            // run reclaims it.
            let _ = std::fs::remove_dir_all(&self.staging);
        } else {
            std::fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
        }
        sync_dir(&self.parent).map_err(io(&self.parent))?;
        self.committed = true;
        Ok(self.target.clone())
    }

    fn parked(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.replaced-{}", self.name, std::process::id()))
    }

    /// Removes the staging folders of interrupted runs and restores a parked old result whose
    /// replacement never arrived. Only called with the lock held, so no writer is active.
    fn reclaim(&self) -> Result<(), FolderError> {
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return Ok(());
        };
        let staging_prefix = format!(".{}.staging-", self.name);
        let parked_prefix = format!(".{}.replaced-", self.name);
        let leftover = |file_name: &str, prefix: &str| {
            file_name
                .strip_prefix(prefix)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        };
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else { continue };
            let path = entry.path();
            let result = if leftover(file_name, &staging_prefix) {
                std::fs::remove_dir_all(&path)
            } else if leftover(file_name, &parked_prefix) {
                if std::fs::symlink_metadata(&self.target).is_ok() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::rename(&path, &self.target)
                }
            } else {
                continue;
            };
            result.map_err(|source| FolderError::Io { path, source })?;
        }
        Ok(())
    }
}

impl Drop for StagedFolder {
    /// A folder dropped without [`StagedFolder::commit`] (a failed run) leaves the target as
    /// it was and removes its staging folder.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Swaps two existing paths atomically; false when the platform or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Flushes every file under `dir` and the folders themselves to stable storage, so that a
/// power cut after the swap cannot leave a committed folder with empty files.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            sync_tree(&entry.path())?;
        } else {
            File::open(entry.path())?.sync_all()?;
        }
    }
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    // Folders can be opened and synced on Unix; elsewhere the rename is as durable as it gets.
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("dctwin-folder-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_replaces_the_whole_folder_and_leaves_no_stale_files() {
        let d = scratch("replace");
        let s = StagedFolder::begin(&d, "run").unwrap();
        std::fs::write(s.dir().join("old-only.txt"), "old").unwrap();
        std::fs::write(s.dir().join("both.txt"), "old").unwrap();
        s.commit().unwrap();
        let s = StagedFolder::begin(&d, "run").unwrap();
        std::fs::write(s.dir().join("both.txt"), "new").unwrap();
        let target = s.commit().unwrap();
        assert_eq!(names(&target), ["both.txt"]);
        assert_eq!(std::fs::read_to_string(target.join("both.txt")).unwrap(), "new");
        assert_eq!(names(&d), [".run.lock", "run"]);
    }

    #[test]
    fn a_dropped_folder_leaves_the_old_result_untouched() {
        let d = scratch("drop");
        let s = StagedFolder::begin(&d, "run").unwrap();
        std::fs::write(s.dir().join("a.txt"), "old").unwrap();
        s.commit().unwrap();
        let s = StagedFolder::begin(&d, "run").unwrap();
        std::fs::write(s.dir().join("a.txt"), "half").unwrap();
        drop(s);
        assert_eq!(std::fs::read_to_string(d.join("run/a.txt")).unwrap(), "old");
        assert_eq!(names(&d), [".run.lock", "run"]);
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let d = scratch("busy");
        let first = StagedFolder::begin(&d, "run").unwrap();
        let second = StagedFolder::begin(&d, "run").unwrap_err();
        assert!(matches!(second, FolderError::Busy { .. }), "{second}");
        assert!(second.to_string().contains("hint:"));
        drop(first);
        StagedFolder::begin(&d, "run").unwrap();
    }

    #[test]
    fn leftovers_of_killed_runs_are_reclaimed_and_a_parked_result_restored() {
        let d = scratch("reclaim");
        std::fs::create_dir_all(d.join(".run.staging-999999/charts")).unwrap();
        std::fs::create_dir_all(d.join(".run.replaced-999998")).unwrap();
        std::fs::write(d.join(".run.replaced-999998/a.txt"), "old").unwrap();
        // Another scenario's leftovers whose name merely starts alike are not touched.
        std::fs::create_dir_all(d.join(".run.staging-7.staging-1")).unwrap();
        let s = StagedFolder::begin(&d, "run").unwrap();
        assert_eq!(std::fs::read_to_string(d.join("run/a.txt")).unwrap(), "old");
        drop(s);
        assert_eq!(names(&d), [".run.lock", ".run.staging-7.staging-1", "run"]);
    }

    #[test]
    fn names_and_parents_that_cannot_hold_a_result_are_refused() {
        let d = scratch("names");
        for bad in ["", ".", "..", "../x", "a/b", ".hidden", &"x".repeat(201), "tab\there"] {
            assert!(
                matches!(check_folder_name(bad), Err(FolderError::BadName { .. })),
                "{bad:?}"
            );
        }
        check_folder_name(&"x".repeat(200)).unwrap();
        std::fs::write(d.join("file"), "").unwrap();
        assert!(matches!(
            check_target(&d.join("file"), "run"),
            Err(FolderError::NotAFolder { .. })
        ));
        assert!(matches!(
            check_target(&d.join("file/deeper"), "run"),
            Err(FolderError::NotAFolder { .. })
        ));
        assert!(matches!(check_target(&d, "file"), Err(FolderError::NotAFolder { .. })));
        assert!(matches!(
            StagedFolder::begin(&d.join("file"), "run"),
            Err(FolderError::NotAFolder { .. })
        ));
    }
}
