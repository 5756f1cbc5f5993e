//! `migrate status` through the real binary (to be written).
