//! The static files: the defaults compiled in, and the archive's own `static/`.

use crate::error::BuildError;
use std::collections::BTreeMap;
use std::path::Path;

/// The default stylesheet and scripts, compiled in; an archive's `static/` adds to or replaces them.
pub(super) const STATIC_DEFAULTS: &[(&str, &[u8])] = &[
    ("static/style.css", include_bytes!("../../static/style.css")),
    ("static/search.js", include_bytes!("../../static/search.js")),
    ("static/filters.js", include_bytes!("../../static/filters.js")),
];

pub(super) fn static_files(root: &Path) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    let mut files: BTreeMap<String, Vec<u8>> = STATIC_DEFAULTS
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let dir = root.join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
            let entry = entry.map_err(|e| BuildError::io("read", &dir, e.into()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.split('/').any(|s| s.starts_with('.')) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|e| BuildError::io("read", entry.path(), e))?;
            files.insert(format!("static/{rel}"), bytes);
        }
    }
    Ok(files.into_iter().collect())
}
