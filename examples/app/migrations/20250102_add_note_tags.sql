-- Migration: 20250102_add_note_tags
-- Date: 2025-01-02
-- Description: Tags of notes.
CREATE TABLE note_tags (
    note_id BIGINT UNSIGNED NOT NULL,
    tag VARCHAR(64) NOT NULL,
    PRIMARY KEY (note_id, tag)
);
