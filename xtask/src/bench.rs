//! `cargo xtask bench`: for now only what the widget weighs. The timing benchmarks in
//! headless Chromium are not written yet, and no number is printed for them.

use crate::{Args, Result, dist};

pub fn run(args: Args) -> Result {
    args.finish()?;
    dist::build()?;
    println!("\n== size (dist/) ==");
    dist::print_sizes(&dist::dist_dir())?;
    println!("\ntiming benchmarks (render, decide, diff in headless Chromium) are not written yet: they come in a later issue");
    Ok(())
}
