//! A smoke run of the splitter fuzzer (`examples/fuzz_split`, `scripts/fuzz-split` for the
//! long run): 10,000 inputs through `split` and every `classify` entry point, no panic.

#[path = "../examples/fuzz_split/inputs.rs"]
mod inputs;

use crate::common::corpus;

#[test]
fn ten_thousand_fuzz_inputs_do_not_panic_the_splitter_or_classifier() {
    let files = ["sakila/1-sakila-schema.sql", "mysql-sys/functions/list_add.sql", "cacti/cacti.sql"];
    let texts: Vec<String> = files.iter().map(|f| corpus(f)).collect();
    for index in 0..10_000 {
        let text = inputs::input(9, index, &texts);
        let outcome = std::panic::catch_unwind(|| inputs::exercise(&text));
        assert!(outcome.is_ok(), "fuzz input {index} panicked: {text:?}");
    }
}
