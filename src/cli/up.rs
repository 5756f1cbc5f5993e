//! `migrate up` (and plain `migrate`): the startup gate.

use super::{fail, render, ConnectionArgs};
use crate::gate::{self, GateOptions};
use crate::plan::PlanOptions;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct UpArgs {
    /// Apply a migration that sorts before already-applied ones instead of refusing
    #[arg(long)]
    pub allow_out_of_order: bool,
    /// Never excuse "already exists" errors of DDL statements
    #[arg(long)]
    pub strict: bool,
}

pub fn exec(connection: &ConnectionArgs, args: &UpArgs) -> i32 {
    let (settings, set) = match connection.settings().and_then(|s| Ok((s, connection.migrations()?))) {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    let options = GateOptions {
        plan: PlanOptions { allow_out_of_order: args.allow_out_of_order, target: None },
        strict: args.strict,
    };
    let report = gate::run(&settings, &set, &options);
    print!("{}", render::gate_report(&report));
    if let Some(e) = &report.error {
        eprintln!("error: {e}");
    }
    report.exit_code()
}
