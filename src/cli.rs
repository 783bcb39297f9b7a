//! The command line.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version,
    about = "Builds a static website from an archive of news articles: raw clippings and curated Markdown.",
    long_about = "Builds a static website from an archive of news articles.\n\n\
An archive is a folder with briefing.toml (settings and topics) and content/ (articles: \
curated Markdown with TOML front matter, or raw .txt clippings saved from news pages, which \
briefing cleans up by itself). `briefing build` writes the site to site/; `briefing serve` \
previews it at http://127.0.0.1:8000 and rebuilds on every change.",
    after_help = "Start with: briefing build   (in the archive folder)\nThen:       briefing serve   (and open the address it prints)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The archive folder (holding briefing.toml and content/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/site].
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish at this address instead of base_url from briefing.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include articles marked draft = true.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into site/ (only what changed since the last build).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Ignore the cache and build everything from scratch.
        #[arg(long)]
        clean: bool,
        /// Fail on any error or warning, before anything is written: for CI. Without it, an
        /// article with an error is listed and left out, and the rest of the site is built.
        #[arg(long)]
        strict: bool,
        /// Print only errors and warnings, no summary line.
        #[arg(long, short)]
        quiet: bool,
        /// Write into an output folder that briefing did not make, replacing everything in it.
        #[arg(long)]
        force: bool,
    },
    /// Preview the site in a browser, rebuilding and reloading on every change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Address to listen on. Keep the loopback default unless you mean to share the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Write into an output folder that briefing did not make, replacing everything in it.
        #[arg(long)]
        force: bool,
    },
    /// Check the archive (configuration, front matter, clippings, templates) without writing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Show the articles briefing finds in clippings.
    Extract {
        /// Clipping files (.txt).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print a JSON array, one object per article.
        #[arg(long)]
        json: bool,
        /// Apply the editor's sidecar corrections (x.toml beside x.txt).
        #[arg(long)]
        with_overrides: bool,
        /// Show which terms decided each topic.
        #[arg(long)]
        explain: bool,
        /// The archive folder whose briefing.toml holds the topic rules.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Turn each article of a clipping into a curated Markdown file in content/.
    Import {
        /// Clipping files (.txt).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The archive folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Folder under content/ for the new files.
        #[arg(long, default_value = "articles")]
        into: PathBuf,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
    },
}
