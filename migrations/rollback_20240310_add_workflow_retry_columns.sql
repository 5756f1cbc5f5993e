-- Migration: rollback_20240310_add_workflow_retry_columns
-- Date: 2024-03-10
-- Description: Undo 20240310_add_workflow_retry_columns by dropping its index and its four columns.
--
-- The index is dropped first and explicitly, so the columns never have to be removed
-- from it implicitly.

ALTER TABLE workflows
    DROP INDEX idx_workflows_status_next_retry_at,
    DROP COLUMN next_retry_at,
    DROP COLUMN last_retry_at,
    DROP COLUMN max_retries,
    DROP COLUMN retry_count;
