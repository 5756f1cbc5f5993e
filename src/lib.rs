//! schemagate: MySQL/MariaDB schema migrations that are checked when the crate is built and
//! applied statement by statement, once, by one runner at a time.
//!
//! A Rust server calls [`gate::run_embedded`] before it binds its port and refuses to start
//! unless the report is [`healthy`](gate::GateReport::healthy). The `migrate` binary does the
//! same from the command line.

pub mod adopt;
pub mod apply;
pub mod backup;
pub mod baseline;
pub mod check;
pub mod classify;
pub mod cli;
pub mod codegen;
pub mod config;
pub mod db;
pub mod embedded;
pub mod error;
pub mod folder;
pub mod gate;
pub mod generate;
pub mod history;
pub mod inspect;
pub mod lock;
pub mod migration;
pub mod naming;
pub mod online;
pub mod plan;
pub mod readme;
pub mod reset;
pub mod rollback;
pub mod scaffold;
pub mod scan;
pub mod split;
pub mod state;
pub mod status;

pub use config::Settings;
pub use error::Error;
pub use gate::{GateOptions, GateReport};
pub use migration::{Migration, MigrationSet};
