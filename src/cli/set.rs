//! Which migration set a command works on. A `migrate` installed with `cargo install` carries
//! the migrations of the tree it was built from; it must never apply them to a project that did
//! not ask for them. So the set is, in order:
//!
//! 1. the folder named by `--migrations-dir DIR` or `SCHEMAGATE_MIGRATIONS_DIR` (environment,
//!    then `./.env`), read at run time;
//! 2. the compiled-in migrations when `--embedded` (or `SCHEMAGATE_EMBEDDED=1`) asks for them,
//!    or when the working directory is inside the source tree the binary was built from
//!    (`cargo run`, `./scripts/migrate`, the tests);
//! 3. otherwise nothing: exit 2, naming the flags.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The variable that names the folder at run time (also read by `build.rs` at build time).
pub const DIR_VAR: &str = "SCHEMAGATE_MIGRATIONS_DIR";

/// The source tree this binary was built from; its compiled-in set is used there unasked.
pub const BUILT_FROM: &str = env!("CARGO_MANIFEST_DIR");

/// Where the migrations come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Folder(PathBuf),
    Embedded,
}

/// What the user named, gathered by the caller.
#[derive(Debug, Clone, Default)]
pub struct Named {
    /// `--migrations-dir` or `SCHEMAGATE_MIGRATIONS_DIR` from the environment.
    pub dir: Option<PathBuf>,
    /// `--embedded` / `SCHEMAGATE_EMBEDDED`.
    pub embedded: bool,
    /// `SCHEMAGATE_MIGRATIONS_DIR` of `./.env`, relative to the working directory.
    pub dotenv_dir: Option<PathBuf>,
}

/// Applies the rule above. `cwd` and `built_from` are compared as given (the caller
/// canonicalises them); `compiled_in` is the number of compiled-in migrations, for the message.
pub fn choose(named: Named, cwd: &Path, built_from: &Path, compiled_in: usize) -> Result<Choice, Error> {
    if let Some(dir) = named.dir {
        return Ok(Choice::Folder(dir));
    }
    if named.embedded {
        return Ok(Choice::Embedded);
    }
    if let Some(dir) = named.dotenv_dir {
        return Ok(Choice::Folder(cwd.join(dir)));
    }
    if cwd.starts_with(built_from) {
        return Ok(Choice::Embedded);
    }
    Err(Error::Invalid(format!(
        "no migrations named: this migrate was built from {} and runs outside it, so it does not \
         apply the {compiled_in} migration(s) compiled in there on its own; name your folder with \
         --migrations-dir DIR or {DIR_VAR}=DIR (environment or .env), or pass --embedded to use \
         the compiled-in ones",
        built_from.display()
    )))
}

/// Gathers what the process was given (flags parsed by clap, `./.env`) and chooses.
pub fn choose_for_process(dir: Option<PathBuf>, embedded: bool) -> Result<Choice, Error> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let dotenv_dir = if dir.is_none() && !embedded { dotenv_dir(&cwd.join(".env")) } else { None };
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let named = Named { dir, embedded, dotenv_dir };
    choose(named, &canonical(&cwd), &canonical(Path::new(BUILT_FROM)), crate::embedded::MIGRATIONS.len())
}

/// The folder a command that edits or checks files works on (`new`, `lint`): `named`
/// (`--migrations-dir` / `SCHEMAGATE_MIGRATIONS_DIR`), else the one `./.env` names, else
/// `./migrations`. No compiled-in set is involved.
pub fn folder(named: Option<&Path>) -> PathBuf {
    named
        .map(Path::to_path_buf)
        .or_else(|| dotenv_dir(Path::new(".env")))
        .unwrap_or_else(|| PathBuf::from("migrations"))
}

/// `SCHEMAGATE_MIGRATIONS_DIR` of a `.env` file, if it sets one. A file that does not parse is
/// left to the settings loader, which reports it with its line.
fn dotenv_dir(path: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(path).ok()?;
    let entries = crate::config::dotenv::parse(&text).ok()?;
    entries.into_iter().rev().find(|e| e.key == DIR_VAR && !e.value.is_empty()).map(|e| e.value.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(dir: Option<&str>, embedded: bool, dotenv_dir: Option<&str>) -> Named {
        Named { dir: dir.map(PathBuf::from), embedded, dotenv_dir: dotenv_dir.map(PathBuf::from) }
    }

    #[test]
    fn a_named_folder_wins_then_embedded_then_dotenv() {
        let (cwd, tree) = (Path::new("/srv/app"), Path::new("/src/schemagate"));
        let choose = |n| choose(n, cwd, tree, 8);
        assert_eq!(choose(named(Some("m"), true, Some("x"))).unwrap(), Choice::Folder("m".into()));
        assert_eq!(choose(named(None, true, Some("x"))).unwrap(), Choice::Embedded);
        assert_eq!(choose(named(None, false, Some("db/m"))).unwrap(), Choice::Folder("/srv/app/db/m".into()));
    }

    #[test]
    fn the_compiled_in_set_is_used_unasked_only_inside_its_source_tree() {
        let tree = Path::new("/src/schemagate");
        assert_eq!(
            choose(Named::default(), Path::new("/src/schemagate/target/tmp"), tree, 8).unwrap(),
            Choice::Embedded
        );
        let err = choose(Named::default(), Path::new("/srv/app"), tree, 8).unwrap_err().to_string();
        assert!(err.contains("built from /src/schemagate") && err.contains("8 migration(s)"), "{err}");
        assert!(err.ends_with("pass --embedded to use the compiled-in ones"), "{err}");
        assert!(err.contains("--migrations-dir DIR or SCHEMAGATE_MIGRATIONS_DIR=DIR"), "{err}");
        // A sibling whose name merely starts the same is outside.
        assert!(choose(Named::default(), Path::new("/src/schemagate-app"), tree, 8).is_err());
    }
}
