-- vm key pairs (docs/decisions.md D-170 to D-172): a name is unique in its account.
CREATE TABLE key_pairs (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    public_key TEXT NOT NULL,
    description TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);
