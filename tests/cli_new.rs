//! `migrate new` through the real binary (to be written).
