-- Migration: 20240826_default_module_settings
-- Date: 2024-08-26
-- Description: Seed the default settings row of the workflow orchestrator module.
--
-- Exactly one row is inserted, and only when it is not there yet, so the file can run
-- again on a database whose seed row exists (one built by the old startup script).
-- The settings value is a JSON object written as a string literal, accepted by both the
-- native JSON type of MySQL 8.0 and the JSON_VALID check of MariaDB.

INSERT INTO module_settings (module_name, settings, is_enabled, auto_load, version)
SELECT
    'workflow_orchestrator',
    '{"maxConcurrentWorkflows": 3, "defaultMaxRetries": 3, "retryBackoffSeconds": 60, "pollIntervalMs": 5000}',
    1,
    1,
    '1.0.0'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM module_settings WHERE module_name = 'workflow_orchestrator');
