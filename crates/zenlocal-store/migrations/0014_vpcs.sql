-- VPCs (docs/decisions.md D-220 to D-222, D-228 to D-231): a bmc VPC is of an
-- availability region, a vm VPC of a zone (`location`); their subnets hold their ranges
-- in the VPC's address scope; tags as JSON.
CREATE TABLE vpcs (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    service TEXT NOT NULL,
    location TEXT NOT NULL,
    name TEXT NOT NULL,
    cidr TEXT NOT NULL,
    resource_group_id TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX vpcs_account ON vpcs (account_id, service);

-- bmc subnets are subnets too (D-223): each service sees its own, a bmc one may be in a
-- VPC and has a resource group.
ALTER TABLE subnets ADD COLUMN service TEXT NOT NULL DEFAULT 'vm';
ALTER TABLE subnets ADD COLUMN vpc_id TEXT;
ALTER TABLE subnets ADD COLUMN resource_group_id TEXT;
