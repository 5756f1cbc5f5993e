-- Migration: 20240422_workflow_status_paused
-- Date: 2024-04-22
-- Description: Add the paused value to the workflows status column so a running workflow can be suspended and resumed.
--
-- MODIFY COLUMN restates the whole column definition (type, NULL-ability, default).
-- The new value is appended at the end of the list, which keeps the stored indexes of
-- the existing values unchanged, so both MySQL 8.0 and MariaDB can do it without a rebuild.

ALTER TABLE workflows
    MODIFY COLUMN status ENUM('pending', 'running', 'completed', 'failed', 'cancelled', 'paused') NOT NULL DEFAULT 'pending';
