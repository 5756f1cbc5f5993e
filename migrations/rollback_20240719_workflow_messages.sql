-- Migration: rollback_20240719_workflow_messages
-- Date: 2024-07-19
-- Description: Undo 20240719_workflow_messages by dropping the workflow_messages table.
--
-- No other table references workflow_messages, so it can be dropped at any point.

DROP TABLE IF EXISTS workflow_messages;
