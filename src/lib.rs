//! schemagate: MySQL/MariaDB schema migrations that are checked when the crate is built and
//! applied statement by statement, once, by one runner at a time.
//!
//! The library is a table of contents; each module owns one concept and opens with a note on
//! its job and its invariants.

pub mod classify;
pub mod config;
pub mod naming;
pub mod split;
