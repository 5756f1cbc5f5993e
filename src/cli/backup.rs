//! `migrate backup`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct BackupArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &BackupArgs) -> i32 {
    eprintln!("error: `migrate backup` is not implemented yet");
    exit::INTERNAL
}
