-- Migration: 20240310_add_workflow_retry_columns
-- Date: 2024-03-10
-- Description: Add retry bookkeeping columns to workflows and an index for the retry scheduler.
--
-- The scheduler looks for failed workflows whose next_retry_at has passed, hence the
-- composite index on (status, next_retry_at).

ALTER TABLE workflows ADD COLUMN retry_count INT UNSIGNED NOT NULL DEFAULT 0 AFTER status;
ALTER TABLE workflows ADD COLUMN max_retries INT UNSIGNED NOT NULL DEFAULT 3 AFTER retry_count;
ALTER TABLE workflows ADD COLUMN last_retry_at DATETIME NULL DEFAULT NULL AFTER max_retries;
ALTER TABLE workflows ADD COLUMN next_retry_at DATETIME NULL DEFAULT NULL AFTER last_retry_at;
ALTER TABLE workflows ADD INDEX idx_workflows_status_next_retry_at (status, next_retry_at);
