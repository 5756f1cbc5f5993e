//! `migrate baseline` through the real binary (to be written).
