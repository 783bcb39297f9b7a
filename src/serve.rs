//! `briefing serve`: preview with rebuilds on change and live reload.

use crate::build::Options;

pub fn run(opts: Options, bind: &str, port: u16, open: bool) -> anyhow::Result<()> {
    let _ = (opts, bind, port, open);
    anyhow::bail!("serve is not implemented yet")
}
