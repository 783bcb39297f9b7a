//! `synth --articles N [--seed S] --out DIR [--hugo]`: writes a synthetic archive for the
//! benchmarks (bench/run.sh), or the same articles as a Hugo site.

use std::path::PathBuf;
use std::process::ExitCode;

/// The repository's settings, which the archive is written with.
const CONFIG: &str = include_str!("../../../briefing.toml");

const USAGE: &str = "usage: synth --articles N [--seed S] --out DIR [--hugo]";

fn main() -> ExitCode {
    let (mut articles, mut seed, mut out, mut hugo) = (None, 42u64, None, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let ok = match a.as_str() {
            "--articles" => args.next().and_then(|v| v.parse().ok()).map(|n| articles = Some(n)),
            "--seed" => args.next().and_then(|v| v.parse().ok()).map(|s| seed = s),
            "--out" => args.next().map(|d| out = Some(PathBuf::from(d))),
            "--hugo" => {
                hugo = true;
                Some(())
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => None,
        };
        if ok.is_none() {
            eprintln!("synth: bad argument `{a}`\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let (Some(n), Some(out)) = (articles, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let written = if hugo {
        briefing_synth::write_hugo_site(&out, n, seed).map(|_| ())
    } else {
        briefing_synth::write_archive(&out, n, seed, CONFIG).map(|_| ())
    };
    match written {
        Ok(()) => {
            println!("wrote {n} articles to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
