-- Migration: 20240719_workflow_messages
-- Date: 2024-07-19
-- Description: Add workflow_messages so workflows can send messages to each other.
--
-- from_workflow_id is NULL for messages sent by the orchestrator itself.
-- read_at is NULL until the receiving workflow has consumed the message.

CREATE TABLE IF NOT EXISTS workflow_messages (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    from_workflow_id BIGINT UNSIGNED NULL DEFAULT NULL,
    to_workflow_id BIGINT UNSIGNED NOT NULL,
    message_type VARCHAR(64) NOT NULL DEFAULT 'info',
    subject VARCHAR(255) NULL DEFAULT NULL,
    body TEXT NOT NULL,
    payload JSON NULL,
    read_at DATETIME NULL DEFAULT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY idx_workflow_messages_to_workflow_id_read_at (to_workflow_id, read_at),
    KEY idx_workflow_messages_from_workflow_id (from_workflow_id),
    KEY idx_workflow_messages_message_type (message_type),
    CONSTRAINT fk_workflow_messages_from_workflow_id FOREIGN KEY (from_workflow_id)
        REFERENCES workflows (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_workflow_messages_to_workflow_id FOREIGN KEY (to_workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Messages exchanged between workflows';
