//! Authentication (D-3): ZC2-HMAC-SHA256 over the raw body and received headers, or a
//! Bearer token. Access keys and tokens are cached in memory after the first lookup.

use crate::gateway::header;
use axum::http::HeaderMap;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use zenlocal_core::account::{AccessKey, Token};
use zenlocal_core::{ApiError, Timestamp};
use zenlocal_store::ops::{GetAccessKey, GetToken};
use zenlocal_store::{Store, StoreError};
use zenlocal_wire::sign::{self, Authorization};

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account_id: String,
    /// The access key id or the token: what rate limits count against.
    pub principal: String,
}

/// An access key as cached, with its password ready to check signatures.
struct KnownKey {
    key: AccessKey,
    verifier: sign::Verifier,
}

#[derive(Default)]
pub struct Credentials {
    keys: RwLock<HashMap<String, Arc<KnownKey>>>,
    tokens: RwLock<HashMap<String, Token>>,
}

impl Credentials {
    /// Forgets every cached credential (after a reset).
    pub fn clear(&self) {
        self.keys.write().unwrap_or_else(|p| p.into_inner()).clear();
        self.tokens
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    async fn access_key(
        &self,
        store: &Store,
        id: &str,
    ) -> Result<Option<Arc<KnownKey>>, StoreError> {
        if let Some(known) = self.keys.read().unwrap_or_else(|p| p.into_inner()).get(id) {
            return Ok(Some(known.clone()));
        }
        let Some(key) = store.read(GetAccessKey(id.to_owned())).await? else {
            return Ok(None);
        };
        let known = Arc::new(KnownKey {
            verifier: sign::Verifier::new(&key.password),
            key,
        });
        self.keys
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.to_owned(), known.clone());
        Ok(Some(known))
    }

    async fn token(&self, store: &Store, token: &str) -> Result<Option<Token>, StoreError> {
        if let Some(t) = self
            .tokens
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(token)
        {
            return Ok(Some(t.clone()));
        }
        let found = store.read(GetToken(token.to_owned())).await?;
        if let Some(t) = &found {
            self.tokens
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(token.to_owned(), t.clone());
        }
        Ok(found)
    }

    /// Checks the request's credentials against the raw body; `real_now` is the wall
    /// clock, never the simulated one.
    pub async fn authenticate(
        &self,
        store: &Store,
        headers: &HeaderMap,
        body: &[u8],
        real_now: Timestamp,
        skew_seconds: i64,
    ) -> Result<Caller, ApiError> {
        let value = header(headers, "authorization")
            .ok_or_else(|| ApiError::auth("the Authorization header is missing"))?;
        let parsed = sign::parse_authorization(value).map_err(ApiError::auth)?;
        match parsed {
            Authorization::Bearer(token) => {
                let found = self
                    .token(store, token)
                    .await
                    .map_err(StoreError::into_api)?
                    .ok_or_else(|| ApiError::auth("the Bearer token is unknown"))?;
                if found.expires_at.is_some_and(|t| t <= real_now) {
                    return Err(ApiError::auth("the Bearer token has expired"));
                }
                Ok(Caller {
                    account_id: found.account_id,
                    principal: found.token,
                })
            }
            Authorization::Hmac {
                access_key_id,
                signed_headers,
                signature,
            } => {
                if let Some(method) = header(headers, "x-zc-signature-method") {
                    if method.trim() != sign::ALGORITHM {
                        return Err(ApiError::auth(format!(
                            "X-ZC-Signature-Method must be {}",
                            sign::ALGORITHM
                        )));
                    }
                }
                let timestamp = header(headers, "x-zc-timestamp")
                    .map(str::trim)
                    .ok_or_else(|| ApiError::auth("the X-ZC-Timestamp header is missing"))?;
                let seconds: i64 = timestamp.parse().map_err(|_| {
                    ApiError::auth("X-ZC-Timestamp must be Unix time in whole seconds")
                })?;
                if seconds.abs_diff(real_now.seconds()) > skew_seconds.unsigned_abs() {
                    return Err(ApiError::auth(format!(
                        "X-ZC-Timestamp is more than {skew_seconds} s away from the server's clock"
                    )));
                }
                let known = self
                    .access_key(store, access_key_id)
                    .await
                    .map_err(StoreError::into_api)?
                    .ok_or_else(|| ApiError::auth("the access key id is unknown"))?;
                let key = &known.key;
                if !key.enabled {
                    return Err(ApiError::auth("the access key is disabled"));
                }
                let mut signed = Vec::with_capacity(signed_headers.len());
                for name in &signed_headers {
                    let value = header(headers, name).ok_or_else(|| {
                        ApiError::auth(format!("the signed header `{name}` is missing"))
                    })?;
                    signed.push((*name, value));
                }
                if !known.verifier.verify(timestamp, &signed, body, signature) {
                    return Err(ApiError::auth("the signature does not match the request"));
                }
                Ok(Caller {
                    account_id: key.account_id.clone(),
                    principal: key.id.clone(),
                })
            }
        }
    }
}
