-- The catalogue of snapshots on PostgreSQL (D-190): each row names the schema holding the
-- copy. SQLite keeps its snapshots as files beside the database and leaves this empty.
CREATE TABLE zenlocal_snapshots (
    name TEXT PRIMARY KEY,
    schema_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    simulated_at BIGINT NOT NULL,
    schema_version BIGINT NOT NULL
);

-- Service faults waiting for the event they are about (D-191), used up by it.
CREATE TABLE service_faults (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX service_faults_instance ON service_faults (instance_id, kind);
