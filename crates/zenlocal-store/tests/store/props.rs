//! What the property tests over random command sequences share: a store for each case,
//! and how a case tells a refusal from a failure.

use proptest::test_runner::TestCaseError;
use zenlocal_store::ops::Reset;
use zenlocal_store::{Store, StoreError};

pub fn fail(e: impl std::fmt::Debug) -> TestCaseError {
    TestCaseError::fail(format!("{e:?}"))
}

/// A refusal is an answer; anything else fails the case.
pub fn refused<T>(r: Result<T, StoreError>) -> Result<Option<T>, TestCaseError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::Api(_)) => Ok(None),
        Err(e) => Err(fail(e)),
    }
}

/// A store on `url`, emptied, at the start instant, with `accounts` opened with `balance`.
pub async fn open(url: &str, accounts: &[&str], balance: &str) -> Result<Store, TestCaseError> {
    let url = url.to_owned();
    // Opening PostgreSQL blocks: not on the thread that drives this case's runtime.
    let store = std::thread::spawn(move || Store::open(&url))
        .join()
        .map_err(|_| TestCaseError::fail("opening the store panicked"))?
        .map_err(fail)?;
    store.write(Reset { clock: None }).await.map_err(fail)?;
    crate::backend::freeze_at(&store, crate::backend::START)
        .await
        .map_err(fail)?;
    for id in accounts {
        crate::open_account(&store, id, balance).await;
    }
    Ok(store)
}
