//! `migrate check` through the real binary (to be written).
