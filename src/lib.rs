//! briefing: a static site generator for a curated briefing archive.
//!
//! Data flows one way: `load` → `extract` (clippings) / `frontmatter` (curated) → `enrich`
//! (classify, slug) → `archive` (sort and index; `hubs`: the figures hub pages draw) → `render` (plan and render pages) → `output`
//! (stage and swap). `build` runs the stages and keeps what an incremental run reuses.

pub mod addresses;
pub mod archive;
pub mod build;
pub mod check;
pub mod classify;
pub mod cli;
pub mod config;
pub mod date;
pub mod error;
pub mod events;
pub mod extract;
pub mod frontmatter;
pub mod hash;
pub mod hubs;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod sidecar;
pub mod slug;
pub mod terms;
pub mod text;
