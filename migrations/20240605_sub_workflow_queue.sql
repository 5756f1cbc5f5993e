-- Migration: 20240605_sub_workflow_queue
-- Date: 2024-06-05
-- Description: Let a workflow spawn sub-workflows by adding a parent_workflow_id column to workflows and the sub_workflow_queue table.
--
-- A queue row is a planned child workflow. child_workflow_id is filled in once the
-- orchestrator has created the child row in workflows.

ALTER TABLE workflows ADD COLUMN parent_workflow_id BIGINT UNSIGNED NULL DEFAULT NULL AFTER id;
ALTER TABLE workflows ADD INDEX idx_workflows_parent_workflow_id (parent_workflow_id);
ALTER TABLE workflows ADD CONSTRAINT fk_workflows_parent_workflow_id FOREIGN KEY (parent_workflow_id)
    REFERENCES workflows (id) ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE IF NOT EXISTS sub_workflow_queue (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    parent_workflow_id BIGINT UNSIGNED NOT NULL,
    child_workflow_id BIGINT UNSIGNED NULL DEFAULT NULL,
    workflow_type VARCHAR(64) NOT NULL,
    target_module VARCHAR(128) NULL DEFAULT NULL,
    task_description TEXT NOT NULL,
    payload JSON NULL,
    execution_order INT UNSIGNED NOT NULL DEFAULT 0,
    status ENUM('pending', 'in_progress', 'completed', 'failed', 'skipped') NOT NULL DEFAULT 'pending',
    error_message TEXT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    started_at DATETIME NULL DEFAULT NULL,
    completed_at DATETIME NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_sub_workflow_queue_parent_order (parent_workflow_id, execution_order),
    KEY idx_sub_workflow_queue_status (status),
    KEY idx_sub_workflow_queue_child_workflow_id (child_workflow_id),
    CONSTRAINT fk_sub_workflow_queue_parent_workflow_id FOREIGN KEY (parent_workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT fk_sub_workflow_queue_child_workflow_id FOREIGN KEY (child_workflow_id)
        REFERENCES workflows (id) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Sub-workflows waiting to be started by their parent workflow';
