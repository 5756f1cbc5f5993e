-- Migration: rollback_20240310_add_workflow_modules
-- Date: 2024-03-10
-- Description: Undo 20240310_add_workflow_modules by dropping the workflow_modules table.
--
-- No other table references workflow_modules, so it can be dropped at any point.

DROP TABLE IF EXISTS workflow_modules;
