//! What a build tells its user: the summary line, stage timings and the progress bar.

use crate::error::Diagnostic;
use std::time::{Duration, Instant};

/// What a build did, for the one-line summary and the dev server's log.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub articles: usize,
    pub pages: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub reused_sources: usize,
    pub read_sources: usize,
    pub warnings: Vec<Diagnostic>,
    /// Errors that `--keep-going` stepped over.
    pub skipped: Vec<Diagnostic>,
    /// Things an editor may want to know that need no action (an article given a dated
    /// address because another has its headline).
    pub notes: Vec<String>,
    /// Each article's page and source file, with what it lacks (only when asked for).
    pub inventory: Vec<crate::check::ArticleFacts>,
    pub elapsed: Duration,
    /// Time spent in each stage, in order (shown with BRIEFING_TIMINGS=1, used by the benchmarks).
    pub stages: Vec<(&'static str, Duration)>,
}

impl Report {
    /// Prints the time of each stage to stderr when BRIEFING_TIMINGS is set.
    pub fn print_timings(&self) {
        if std::env::var_os("BRIEFING_TIMINGS").is_some() {
            for (stage, d) in &self.stages {
                eprintln!("  {:>8.1} ms  {stage}", d.as_secs_f64() * 1000.0);
            }
        }
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} article{}, {} file{} written, {} unchanged",
            self.articles,
            plural(self.articles),
            self.written,
            plural(self.written),
            self.unchanged
        );
        if self.removed > 0 {
            s.push_str(&format!(", {} removed", self.removed));
        }
        if !self.warnings.is_empty() {
            s.push_str(&format!(
                ", {} warning{}",
                self.warnings.len(),
                plural(self.warnings.len())
            ));
        }
        if !self.notes.is_empty() {
            s.push_str(&format!(", {} note{}", self.notes.len(), plural(self.notes.len())));
        }
        if !self.skipped.is_empty() {
            s.push_str(&format!(
                ", {} error{} skipped",
                self.skipped.len(),
                plural(self.skipped.len())
            ));
        }
        s.push_str(&format!(" in {}", human_duration(self.elapsed)));
        s
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub fn human_duration(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// Stage timings: each mark closes the stage that ran since the previous one.
pub(super) struct Laps {
    pub(super) last: Instant,
    pub(super) stages: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub(super) fn new() -> Laps {
        Laps {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }
    pub(super) fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

pub(super) fn progress_bar(show: bool, len: usize) -> indicatif::ProgressBar {
    if !show || len < 500 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
            .expect("valid template"),
    );
    bar
}
