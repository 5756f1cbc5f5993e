//! Runs the gate with settings from DATABASE_URL / DB_* / .env; exits with its code.

fn main() {
    let settings = match schemagate::Settings::load(".".as_ref(), &Default::default()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let report = schemagate_example_app::gate(&settings);
    match report.into_result() {
        Ok(report) => println!("database healthy: {} migration(s) applied now", report.runs.len()),
        Err(e) => {
            eprintln!("not starting: {e}");
            std::process::exit(e.exit_code());
        }
    }
    // ... bind the port and serve here.
}
