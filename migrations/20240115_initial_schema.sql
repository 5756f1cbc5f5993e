-- Migration: 20240115_initial_schema
-- Date: 2024-01-15
-- Description: Create the core workflow tables workflows, agent_executions, artifacts and execution_logs.
--
-- Conventions used by every AIDeveloper migration:
--   * ids are BIGINT UNSIGNED AUTO_INCREMENT, foreign keys reference them with the same type
--   * timestamps are DATETIME (no 2038 limit, no session time zone conversion) and use
--     DEFAULT CURRENT_TIMESTAMP / ON UPDATE CURRENT_TIMESTAMP, which MySQL 8.0 and MariaDB 10.6+ share
--   * structured payloads use the JSON type: native JSON on MySQL 8.0, an alias of LONGTEXT with an
--     automatic JSON_VALID check on MariaDB. JSON columns are always NULL-able with no DEFAULT,
--     because MySQL 8.0 only accepts expression defaults on JSON and TEXT columns.
--   * constraints and indexes carry explicit names: fk_<table>_<column>, idx_<table>_<columns>,
--     uq_<table>_<columns> for unique keys.

CREATE TABLE IF NOT EXISTS workflows (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    workflow_type VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT NULL,
    status ENUM('pending', 'running', 'completed', 'failed', 'cancelled') NOT NULL DEFAULT 'pending',
    target_module VARCHAR(128) NULL DEFAULT NULL,
    branch_name VARCHAR(255) NULL DEFAULT NULL,
    payload JSON NULL,
    result JSON NULL,
    error_message TEXT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    started_at DATETIME NULL DEFAULT NULL,
    completed_at DATETIME NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY idx_workflows_status (status),
    KEY idx_workflows_workflow_type (workflow_type),
    KEY idx_workflows_target_module (target_module),
    KEY idx_workflows_created_at (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='One row per workflow run requested from the orchestrator';

CREATE TABLE IF NOT EXISTS agent_executions (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    workflow_id BIGINT UNSIGNED NOT NULL,
    agent_type VARCHAR(64) NOT NULL,
    status ENUM('pending', 'running', 'completed', 'failed') NOT NULL DEFAULT 'pending',
    input JSON NULL,
    output JSON NULL,
    error_message TEXT NULL,
    tokens_used INT UNSIGNED NOT NULL DEFAULT 0,
    duration_ms INT UNSIGNED NULL DEFAULT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    started_at DATETIME NULL DEFAULT NULL,
    completed_at DATETIME NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY idx_agent_executions_workflow_id (workflow_id),
    KEY idx_agent_executions_agent_type (agent_type),
    KEY idx_agent_executions_status (status),
    CONSTRAINT fk_agent_executions_workflow_id FOREIGN KEY (workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='One row per agent run inside a workflow';

CREATE TABLE IF NOT EXISTS artifacts (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    workflow_id BIGINT UNSIGNED NOT NULL,
    agent_execution_id BIGINT UNSIGNED NULL DEFAULT NULL,
    artifact_type VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    file_path VARCHAR(1024) NULL DEFAULT NULL,
    content LONGTEXT NULL,
    metadata JSON NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY idx_artifacts_workflow_id (workflow_id),
    KEY idx_artifacts_agent_execution_id (agent_execution_id),
    KEY idx_artifacts_artifact_type (artifact_type),
    CONSTRAINT fk_artifacts_workflow_id FOREIGN KEY (workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT fk_artifacts_agent_execution_id FOREIGN KEY (agent_execution_id)
        REFERENCES agent_executions (id) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Files, diffs, reports and other outputs produced by agents';

CREATE TABLE IF NOT EXISTS execution_logs (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    workflow_id BIGINT UNSIGNED NOT NULL,
    agent_execution_id BIGINT UNSIGNED NULL DEFAULT NULL,
    log_level ENUM('debug', 'info', 'warn', 'error') NOT NULL DEFAULT 'info',
    message TEXT NOT NULL,
    metadata JSON NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY idx_execution_logs_workflow_id_created_at (workflow_id, created_at),
    KEY idx_execution_logs_agent_execution_id (agent_execution_id),
    KEY idx_execution_logs_log_level (log_level),
    CONSTRAINT fk_execution_logs_workflow_id FOREIGN KEY (workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT fk_execution_logs_agent_execution_id FOREIGN KEY (agent_execution_id)
        REFERENCES agent_executions (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Log lines written by the orchestrator and by agents';
