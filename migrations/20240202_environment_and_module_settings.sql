-- Migration: 20240202_environment_and_module_settings
-- Date: 2024-02-02
-- Description: Add environment_variables and module_settings so configuration moves out of the dotenv file into the database.
--
-- environment_variables.scope is the name of a module, or the literal global for
-- variables every module sees. It is NOT NULL so that the unique key on (scope, name)
-- really is unique (a NULL in a unique key would allow duplicates).

CREATE TABLE IF NOT EXISTS environment_variables (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    scope VARCHAR(128) NOT NULL DEFAULT 'global',
    name VARCHAR(128) NOT NULL,
    value TEXT NULL,
    is_secret TINYINT(1) NOT NULL DEFAULT 0,
    description VARCHAR(512) NULL DEFAULT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uq_environment_variables_scope_name (scope, name),
    KEY idx_environment_variables_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Environment variables handed to modules and agents at start';

CREATE TABLE IF NOT EXISTS module_settings (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    module_name VARCHAR(128) NOT NULL,
    settings JSON NULL,
    is_enabled TINYINT(1) NOT NULL DEFAULT 1,
    auto_load TINYINT(1) NOT NULL DEFAULT 0,
    version VARCHAR(32) NULL DEFAULT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uq_module_settings_module_name (module_name),
    KEY idx_module_settings_is_enabled (is_enabled)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Global settings of each installed module, one row per module';
