//! The one integration-test binary. Database tests need `SCHEMAGATE_TEST_URL` (set by
//! `./scripts/test`); each uses its own database, so they run in parallel.

mod common;

mod build_errors;
mod cli_backup;
mod cli_baseline;
mod cli_check;
mod cli_new;
mod cli_reset;
mod cli_rollback;
mod cli_status;
mod cli_up;
mod corpus;
mod differential;
mod fuzz_smoke;
mod gate;
mod generated;
mod safety;
mod split_props;
