-- Every traced call records the hash of the BusinessConfig it ran under (P1-TASK-17: "config hash recorded on
-- every run"); null for calls refused before the config was consulted.
alter table traces add column config_sha256 char(64);
