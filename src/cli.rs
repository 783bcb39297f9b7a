//! The command line.

use crate::date::PartialDate;
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
briefing cleans up by itself). `briefing init DIR` makes a new archive with an example of \
each; `briefing build` writes the site to site/; `briefing serve` previews it at \
http://127.0.0.1:8000 and rebuilds on every change; `briefing new \"Title\"` starts a curated \
article and `briefing import FILE` turns a clipping into curated articles.",
    after_help = "Start with: briefing init my-archive && cd my-archive\n\
Then:       briefing serve   (and open the address it prints)\n\
Add:        briefing new \"Headline\", or save a clipping in content/"
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
    /// Link with paths relative to each page, so the site works from disk (file://) and at any
    /// address: relative_urls = true in briefing.toml does the same.
    #[arg(long)]
    pub relative_urls: bool,
    /// Include articles marked draft = true.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a new archive in DIR, with an example article of each kind, ready to build.
    ///
    /// DIR must be new, or hold only hidden files (such as .git). It gets briefing.toml (two
    /// topics and their rules, people, an example outlet), content/ with an example curated
    /// article and an example clipping with its sidecar, and a README for editors. Never
    /// replaces a file.
    Init {
        /// The folder for the new archive.
        dir: PathBuf,
    },
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
    /// Check the archive and the site it makes, without writing site/.
    ///
    /// Reads the configuration, front matter, clippings and templates; builds the site into a
    /// scratch folder; then checks every page for broken internal links, missing #anchors,
    /// missing stylesheets, scripts and images, and images without alt text, and every
    /// article for a date, a source and a topic. Exits non-zero when anything is broken.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Also ask every outbound address (original articles, key events' sources, links in
        /// articles) whether it still answers; results are kept for a day in .briefing-cache/.
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each outbound address (with --external).
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
        timeout: f64,
        /// Outbound addresses asked at once (with --external).
        #[arg(long, default_value_t = 8, value_name = "N")]
        concurrency: usize,
        /// Ask every outbound address again, whatever the cache holds.
        #[arg(long)]
        recheck: bool,
    },
    /// Start a curated article in content/articles/ and print its path.
    ///
    /// The file is named after the title (SLUG.md) and its front matter holds the title,
    /// today's date, and the other keys empty or commented out, to fill in; the next build
    /// publishes it. Never replaces a file.
    New {
        /// The article's title (its headline).
        title: String,
        /// The archive folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Folder under content/ for the new file.
        #[arg(long, default_value = "articles")]
        into: PathBuf,
        /// The article's date when it is not today: YYYY-MM-DD, or YYYY-MM or YYYY when only
        /// that is known.
        #[arg(long, value_name = "DATE")]
        date: Option<PartialDate>,
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
    /// Turn each article of a clipping into a curated Markdown file in content/articles/.
    ///
    /// The sidecar's corrections are applied, and the clipping (with its sidecar) moves to
    /// imported/ beside content/, kept as evidence.
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
