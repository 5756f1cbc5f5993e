-- Migration: 20250101_create_notes
-- Date: 2025-01-01
-- Description: Notes table.
CREATE TABLE notes (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    body TEXT NOT NULL
);
