//! `migrate check`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct CheckArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &CheckArgs) -> i32 {
    eprintln!("error: `migrate check` is not implemented yet");
    exit::INTERNAL
}
