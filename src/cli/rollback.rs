//! `migrate rollback`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct RollbackArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &RollbackArgs) -> i32 {
    eprintln!("error: `migrate rollback` is not implemented yet");
    exit::INTERNAL
}
