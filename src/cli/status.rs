//! `migrate status`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct StatusArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &StatusArgs) -> i32 {
    eprintln!("error: `migrate status` is not implemented yet");
    exit::INTERNAL
}
