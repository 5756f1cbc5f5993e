//! `migrate`: parse, run, print, exit. Everything else lives in the library.

fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    std::process::exit(schemagate::cli::main());
}
