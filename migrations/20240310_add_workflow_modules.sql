-- Migration: 20240310_add_workflow_modules
-- Date: 2024-03-10
-- Description: Add workflow_modules to record which modules a workflow uses and with what configuration.
--
-- Applies before 20240310_add_workflow_retry_columns (same date, name order).
-- It only depends on workflows from 20240115_initial_schema.
-- module_name is deliberately not a foreign key to module_settings: a workflow may
-- name a module that has no global settings row yet.

CREATE TABLE IF NOT EXISTS workflow_modules (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    workflow_id BIGINT UNSIGNED NOT NULL,
    module_name VARCHAR(128) NOT NULL,
    config JSON NULL,
    is_enabled TINYINT(1) NOT NULL DEFAULT 1,
    execution_order INT UNSIGNED NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uq_workflow_modules_workflow_id_module_name (workflow_id, module_name),
    KEY idx_workflow_modules_module_name (module_name),
    CONSTRAINT fk_workflow_modules_workflow_id FOREIGN KEY (workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Per-workflow module configuration';
