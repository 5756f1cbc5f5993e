//! An application with its own migrations, checked when it is built and applied by its gate.

/// The migrations of `migrations/`, compiled in by `build.rs`.
pub mod migrations {
    schemagate::include_migrations!();
}

/// The gate: call it before binding the port; start only when the report is healthy.
pub fn gate(settings: &schemagate::Settings) -> schemagate::GateReport {
    schemagate::gate::run_table(settings, &migrations::TABLE, &schemagate::GateOptions::default())
}
