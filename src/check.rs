//! `briefing check`'s link checker: the site built into a scratch folder, read back, and
//! every page's links, anchors and assets checked against it; with `--external`, the
//! addresses outside the site asked over HTTP.

pub mod html;
