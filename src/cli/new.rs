//! `migrate new`: not implemented yet.

use super::ConnectionArgs;
use crate::error::exit;
use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct NewArgs {}

pub fn exec(_connection: &ConnectionArgs, _args: &NewArgs) -> i32 {
    eprintln!("error: `migrate new` is not implemented yet");
    exit::INTERNAL
}
