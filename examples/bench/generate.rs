//! Deterministic, realistic migration folders: the same seed and size always give the same
//! files, byte for byte.
//!
//! A migration is 1-6 statements of the kinds a web application's history is made of:
//! `CREATE TABLE` with a primary key, a unique key, secondary keys and sometimes a foreign
//! key; `ALTER TABLE ... ADD COLUMN` and `ADD INDEX` (one action per `ALTER`, as our
//! conventions ask); `MODIFY COLUMN` of an `ENUM` to append a value; a few seed `INSERT`s.
//! Dates advance by 0-3 days between migrations, so most days carry several.

use std::fmt::Write;

/// One generated file.
pub struct File {
    pub name: String,
    pub text: String,
    pub statements: usize,
}

/// splitmix64: tiny, seedable, good enough to pick shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

struct Table {
    name: String,
    /// Added columns that can still get an index.
    unindexed: Vec<String>,
    columns: usize,
    indexes: usize,
    statuses: Vec<String>,
}

const WORDS: &[&str] = &[
    "account",
    "agent",
    "audit",
    "billing",
    "build",
    "channel",
    "comment",
    "deploy",
    "event",
    "feature",
    "invoice",
    "job",
    "label",
    "member",
    "message",
    "metric",
    "module",
    "note",
    "order",
    "payment",
    "plan",
    "project",
    "queue",
    "release",
    "report",
    "review",
    "run",
    "schedule",
    "session",
    "setting",
    "step",
    "task",
    "team",
    "ticket",
    "token",
    "upload",
    "usage",
    "webhook",
    "workflow",
    "workspace",
];
const STATUSES: &[&str] = &["pending", "active", "completed", "failed", "cancelled", "paused", "archived", "blocked"];
const COLUMN_TYPES: &[&str] = &[
    "INT UNSIGNED NOT NULL DEFAULT 0",
    "VARCHAR(191) NULL DEFAULT NULL",
    "DATETIME NULL DEFAULT NULL",
    "TINYINT(1) NOT NULL DEFAULT 0",
    "DECIMAL(12,2) NULL DEFAULT NULL",
    "BIGINT UNSIGNED NULL DEFAULT NULL",
    "TEXT NULL",
    "JSON NULL",
];

/// Generates `count` migrations from `seed`, in file-name order.
pub fn migrations(count: usize, seed: u64) -> Vec<File> {
    let mut g =
        Generator { rng: Rng(seed), tables: Vec::new(), day: 17_897 /* 2019-01-01 */, on_day: 0, seeds: 0 };
    (0..count).map(|i| g.migration(i)).collect()
}

/// One more migration after `migrations(count, seed)`: a new file for the incremental-build
/// measurement (`extra` distinguishes several).
pub fn extra_migration(count: usize, seed: u64, extra: usize) -> File {
    let mut g = Generator { rng: Rng(seed), tables: Vec::new(), day: 17_897, on_day: 0, seeds: 0 };
    for i in 0..count {
        g.migration(i);
    }
    g.day += 30 + extra as i64;
    g.on_day = 0;
    g.migration(count + extra)
}

struct Generator {
    rng: Rng,
    tables: Vec<Table>,
    day: i64,
    on_day: usize,
    /// Seed rows written so far (keeps every `name` unique).
    seeds: usize,
}

impl Generator {
    fn migration(&mut self, index: usize) -> File {
        if self.on_day > 0 && (self.on_day >= 6 || self.rng.chance(40)) {
            self.day += 1 + self.rng.below(3) as i64;
            self.on_day = 0;
        }
        self.on_day += 1;
        let date = schemagate::naming::civil_date(self.day);
        let mut statements = Vec::new();
        let kind = if self.tables.len() < 3 { 0 } else { self.rng.below(100) };
        let what = match kind {
            0..=24 => {
                let table = self.create_table(&mut statements);
                if self.rng.chance(50) {
                    self.seed_rows(table, &mut statements);
                }
                format!("create_{}", self.tables[table].name)
            }
            25..=54 => {
                let table = self.pick();
                for _ in 0..1 + self.rng.below(4) {
                    self.add_column(table, &mut statements);
                }
                if self.rng.chance(40) {
                    self.add_index(table, &mut statements);
                }
                format!("{}_columns", self.tables[table].name)
            }
            55..=69 => {
                let table = self.pick();
                for _ in 0..1 + self.rng.below(2) {
                    self.add_index(table, &mut statements);
                }
                format!("{}_indexes", self.tables[table].name)
            }
            70..=79 => {
                let table = self.pick();
                self.extend_enum(table, &mut statements);
                format!("{}_status_values", self.tables[table].name)
            }
            80..=89 => {
                let table = self.pick();
                self.seed_rows(table, &mut statements);
                format!("seed_{}", self.tables[table].name)
            }
            _ => {
                let table = self.create_table(&mut statements);
                let other = self.pick();
                self.add_column(other, &mut statements);
                self.add_index(other, &mut statements);
                self.seed_rows(table, &mut statements);
                format!("{}_split", self.tables[table].name)
            }
        };
        statements.truncate(6);
        // The running number first, so that a day's files sort in the order they were written.
        let stem = format!("{date}_m{index:05}_{what}");
        let mut text = String::new();
        let _ = writeln!(text, "-- Migration: {stem}");
        let _ = writeln!(text, "-- Date: {}-{:02}-{:02}", date / 10000, date / 100 % 100, date % 100);
        let _ = writeln!(text, "-- Description: generated benchmark migration ({what}).\n");
        for s in &statements {
            let _ = writeln!(text, "{s};");
        }
        File { name: format!("{stem}.sql"), text, statements: statements.len() }
    }

    fn pick(&mut self) -> usize {
        // Recent tables change more often than old ones.
        let n = self.tables.len();
        if self.rng.chance(60) {
            n - 1 - self.rng.below(n.min(20))
        } else {
            self.rng.below(n)
        }
    }

    fn create_table(&mut self, out: &mut Vec<String>) -> usize {
        let word = WORDS[self.rng.below(WORDS.len())];
        let name = format!("{word}_{}", self.tables.len());
        let statuses: Vec<String> = STATUSES[..3].iter().map(|s| s.to_string()).collect();
        let mut sql = format!(
            "CREATE TABLE {name} (\n    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,\n    \
             name VARCHAR(191) NOT NULL,\n    status ENUM({}) NOT NULL DEFAULT 'pending',\n    \
             payload JSON NULL,\n    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    \
             updated_at DATETIME NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,\n",
            quoted(&statuses)
        );
        let parent = (!self.tables.is_empty() && self.rng.chance(35)).then(|| self.rng.below(self.tables.len()));
        if parent.is_some() {
            sql.push_str("    parent_id BIGINT UNSIGNED NULL,\n");
        }
        sql.push_str("    PRIMARY KEY (id),\n");
        let _ = write!(
            sql,
            "    UNIQUE KEY uq_{name}_name (name),\n    KEY idx_{name}_status_created (status, created_at)"
        );
        if let Some(p) = parent {
            let _ = write!(
                sql,
                ",\n    KEY idx_{name}_parent (parent_id),\n    CONSTRAINT fk_{name}_parent FOREIGN KEY (parent_id) \
                 REFERENCES {} (id) ON DELETE SET NULL",
                self.tables[p].name
            );
        }
        sql.push_str("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
        out.push(sql);
        self.tables.push(Table { name, unindexed: Vec::new(), columns: 0, indexes: 0, statuses });
        self.tables.len() - 1
    }

    fn add_column(&mut self, table: usize, out: &mut Vec<String>) {
        let kind = self.rng.below(COLUMN_TYPES.len());
        let t = &mut self.tables[table];
        t.columns += 1;
        let column = format!("attr_{}", t.columns);
        out.push(format!("ALTER TABLE {} ADD COLUMN {column} {}", t.name, COLUMN_TYPES[kind]));
        if kind < 6 {
            t.unindexed.push(column);
        }
    }

    fn add_index(&mut self, table: usize, out: &mut Vec<String>) {
        if self.tables[table].unindexed.is_empty() {
            self.add_column(table, out);
            if self.tables[table].unindexed.is_empty() {
                return;
            }
        }
        let t = &mut self.tables[table];
        let column = t.unindexed.remove(0);
        t.indexes += 1;
        // Every third index is a composite one, as status-filtered listings need.
        let prefix = if t.indexes % 3 == 0 { "status, " } else { "" };
        out.push(format!("ALTER TABLE {} ADD INDEX idx_{}_{} ({prefix}{column})", t.name, t.name, t.indexes));
    }

    fn extend_enum(&mut self, table: usize, out: &mut Vec<String>) {
        let t = &mut self.tables[table];
        let next =
            STATUSES.get(t.statuses.len()).map_or_else(|| format!("state_{}", t.statuses.len()), |s| s.to_string());
        t.statuses.push(next);
        out.push(format!(
            "ALTER TABLE {} MODIFY COLUMN status ENUM({}) NOT NULL DEFAULT 'pending'",
            t.name,
            quoted(&t.statuses)
        ));
    }

    fn seed_rows(&mut self, table: usize, out: &mut Vec<String>) {
        let inserts = 1 + self.rng.below(3);
        for _ in 0..inserts {
            let rows = 1 + self.rng.below(4);
            let t = &self.tables[table];
            let first = self.seeds;
            self.seeds += rows;
            let values: Vec<String> = (0..rows)
                .map(|r| format!("('{}-seed-{}', '{}')", t.name, first + r, t.statuses[r % t.statuses.len()]))
                .collect();
            out.push(format!("INSERT INTO {} (name, status) VALUES {}", t.name, values.join(", ")));
        }
    }
}

fn quoted(values: &[String]) -> String {
    values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}
