-- Public traffic of instances (docs/decisions.md D-130, D-132): every stretch the meter
-- counted, kept for the monitoring series. An instant's traffic is a stretch with
-- `start_at = end_at`. The meter itself and the overage are stored with the instance.
CREATE TABLE traffic (
    seq {serial},
    account_id TEXT NOT NULL REFERENCES accounts (id),
    instance_id TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    out_gb {decimal} NOT NULL,
    in_gb {decimal} NOT NULL
);
CREATE INDEX traffic_instance ON traffic (instance_id, end_at);
