//! `migrate backup` through the real binary (to be written).
