-- Service faults (D-191, D-199): a `provisioningFails` fault waits for the next
-- CreateInstances of an account in one service, so it names a service and no instance.
CREATE TABLE service_faults_next (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL,
    instance_id TEXT,
    service TEXT,
    created_at BIGINT NOT NULL
);
INSERT INTO service_faults_next (id, kind, account_id, instance_id, created_at)
    SELECT id, kind, account_id, instance_id, created_at FROM service_faults;
DROP TABLE service_faults;
ALTER TABLE service_faults_next RENAME TO service_faults;
CREATE INDEX service_faults_instance ON service_faults (instance_id, kind);
CREATE INDEX service_faults_account ON service_faults (account_id, kind);
