//! `migrate baseline`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct BaselineArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &BaselineArgs) -> i32 {
    eprintln!("error: `migrate baseline` is not implemented yet");
    exit::INTERNAL
}
