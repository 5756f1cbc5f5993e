//! `migrate verify`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct VerifyArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &VerifyArgs) -> i32 {
    eprintln!("error: `migrate verify` is not implemented yet");
    exit::INTERNAL
}
