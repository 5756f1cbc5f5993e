//! `migrate reset` through the real binary (to be written).
