//! Commands and queries of vm key pairs (docs/decisions.md D-170 to D-172). Each command
//! locks the caller's account first (D-110), so two imports of one name cannot both pass.

use super::accounts::caller_account;
use super::{now, Op};
use crate::{StoreError, Tx};
use zenlocal_core::keypair::{self, Import, KeyPair};

/// ImportKeyPair; answers the new key pair's ID.
pub struct ImportKeyPair {
    pub account_id: String,
    pub name: String,
    pub public_key: String,
    pub description: Option<String>,
}

impl Op for ImportKeyPair {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let existing = tx.key_pairs(&self.account_id)?;
        let pair = keypair::import(
            &existing,
            &self.account_id,
            Import {
                name: &self.name,
                public_key: &self.public_key,
                description: self.description.as_deref(),
            },
            zenlocal_wire::ids::key_pair_id(),
            now,
        )?;
        tx.insert_key_pair(&pair)?;
        Ok(pair.id)
    }
}

/// The caller's key pairs.
pub struct KeyPairs {
    pub account_id: String,
}

impl Op for KeyPairs {
    type Output = Vec<KeyPair>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<KeyPair>, StoreError> {
        tx.key_pairs(&self.account_id)
    }
}

/// ModifyKeyPairAttribute.
pub struct ModifyKeyPair {
    pub account_id: String,
    pub key_id: String,
    pub description: Option<String>,
}

impl Op for ModifyKeyPair {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let pairs = tx.key_pairs(&self.account_id)?;
        let changed = keypair::modify(&pairs, &self.key_id, self.description.as_deref())?;
        tx.set_key_pair_description(&changed)
    }
}

/// DeleteKeyPairs: all of them or none (D-172).
pub struct DeleteKeyPairs {
    pub account_id: String,
    pub ids: Vec<String>,
}

impl Op for DeleteKeyPairs {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let pairs = tx.key_pairs(&self.account_id)?;
        for id in keypair::delete(&pairs, &self.ids)? {
            tx.delete_key_pair(&id)?;
        }
        Ok(())
    }
}

/// The `keyId` an instance is created or reset with must be one of the caller's key pairs
/// (D-172); for CreateInstances and ResetInstance, inside their own transaction.
pub fn check_key<T: Tx>(tx: &mut T, account_id: &str, key_id: &str) -> Result<(), StoreError> {
    let pairs = tx.key_pairs(account_id)?;
    keypair::find(&pairs, key_id)?;
    Ok(())
}
