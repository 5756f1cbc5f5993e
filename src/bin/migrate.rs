//! `migrate`: parse, run, print, exit. Everything else lives in the library.

fn main() {
    schemagate::cli::output::init_logger();
    std::process::exit(schemagate::cli::main());
}
