//! `migrate rollback` through the real binary (to be written).
