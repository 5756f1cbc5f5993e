//! `migrate reset`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct ResetArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &ResetArgs) -> i32 {
    eprintln!("error: `migrate reset` is not implemented yet");
    exit::INTERNAL
}
