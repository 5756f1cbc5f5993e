//! The one integration-test binary. Database tests need `SCHEMAGATE_TEST_URL` (set by
//! `./scripts/test`); each uses its own database, so they run in parallel.

mod common;

mod adopt;
mod build_errors;
mod cli_anywhere;
mod cli_backup;
mod cli_baseline;
mod cli_check;
mod cli_exec;
mod cli_lint;
mod cli_new;
mod cli_output;
mod cli_reset;
mod cli_rollback;
mod cli_status;
mod cli_up;
mod client_reference;
mod corpus;
mod differential;
mod docs;
mod example_app;
mod fault_suite;
mod faults;
mod fuzz_smoke;
mod galera;
mod galera_faults;
mod gate;
mod generated;
mod grants;
mod login;
mod online;
mod refinery_history;
mod replica;
mod safety;
mod secrets;
mod split_props;
mod tls;
