//! Who the client speaks for: an access key (ZC2-HMAC-SHA256) or a Bearer token, given
//! directly or read from the environment the way the official `zeno` CLI reads it.

use crate::Error;
use std::fmt;

/// `ZENLAYER_ACCESS_KEY_ID`: the access key id, as the official CLI reads it.
pub const ENV_ACCESS_KEY_ID: &str = "ZENLAYER_ACCESS_KEY_ID";
/// `ZENLAYER_ACCESS_KEY_SECRET`: the access key password, as the official CLI reads it.
pub const ENV_ACCESS_KEY_SECRET: &str = "ZENLAYER_ACCESS_KEY_SECRET";
/// `ZENLAYER_ACCESS_TOKEN`: a personal access token, sent as `Authorization: Bearer …`;
/// used when no access key pair is set.
pub const ENV_ACCESS_TOKEN: &str = "ZENLAYER_ACCESS_TOKEN";
/// `ZENLAYER_ENDPOINT`: the endpoint, as the official CLI reads it (`console.zenlayer.com`,
/// `http://127.0.0.1:8080`); [`crate::DEFAULT_ENDPOINT`] when unset.
pub const ENV_ENDPOINT: &str = "ZENLAYER_ENDPOINT";

/// How requests authenticate.
///
/// `Debug` never shows the password or the token.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// Signs every request with ZC2-HMAC-SHA256 (ZENLAYER-API.md §1.4).
    AccessKey { id: String, password: String },
    /// Sends `Authorization: Bearer <token>` (§1.5).
    Token(String),
}

impl Credential {
    pub fn access_key(id: impl Into<String>, password: impl Into<String>) -> Credential {
        Credential::AccessKey {
            id: id.into(),
            password: password.into(),
        }
    }

    pub fn token(token: impl Into<String>) -> Credential {
        Credential::Token(token.into())
    }

    /// Reads the credential from the process environment; see [`Credential::from_lookup`].
    pub fn from_env() -> Result<Credential, Error> {
        Credential::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the credential through `lookup` (a variable name → its value):
    /// `ZENLAYER_ACCESS_KEY_ID` with `ZENLAYER_ACCESS_KEY_SECRET` when both are set (the
    /// official CLI's variables), otherwise `ZENLAYER_ACCESS_TOKEN`. Empty values count
    /// as unset. Taking a closure lets tests and configuration layers supply values
    /// without touching the process environment.
    ///
    /// ```
    /// use zenlocal_client::Credential;
    ///
    /// let env = |name: &str| match name {
    ///     "ZENLAYER_ACCESS_TOKEN" => Some("zenlocal-demo-token".to_owned()),
    ///     _ => None,
    /// };
    /// assert_eq!(
    ///     Credential::from_lookup(env).unwrap(),
    ///     Credential::token("zenlocal-demo-token")
    /// );
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Credential, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        match (get(ENV_ACCESS_KEY_ID), get(ENV_ACCESS_KEY_SECRET)) {
            (Some(id), Some(password)) => Ok(Credential::AccessKey { id, password }),
            (id, password) => match get(ENV_ACCESS_TOKEN) {
                Some(token) => Ok(Credential::Token(token)),
                None if id.is_some() => Err(Error::Credential(format!(
                    "{ENV_ACCESS_KEY_ID} is set but {ENV_ACCESS_KEY_SECRET} is not"
                ))),
                None if password.is_some() => Err(Error::Credential(format!(
                    "{ENV_ACCESS_KEY_SECRET} is set but {ENV_ACCESS_KEY_ID} is not"
                ))),
                None => Err(Error::Credential(format!(
                    "no credential in the environment: set {ENV_ACCESS_KEY_ID} and \
                     {ENV_ACCESS_KEY_SECRET}, or {ENV_ACCESS_TOKEN}"
                ))),
            },
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::AccessKey { id, .. } => f
                .debug_struct("AccessKey")
                .field("id", id)
                .field("password", &"<redacted>")
                .finish(),
            Credential::Token(_) => f.debug_tuple("Token").field(&"<redacted>").finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn an_access_key_pair_wins_over_a_token() {
        let c = Credential::from_lookup(lookup(&[
            (ENV_ACCESS_KEY_ID, "AK"),
            (ENV_ACCESS_KEY_SECRET, "secret"),
            (ENV_ACCESS_TOKEN, "tok"),
        ]))
        .unwrap();
        assert_eq!(c, Credential::access_key("AK", "secret"));
    }

    #[test]
    fn a_token_alone_is_a_bearer_credential() {
        let c = Credential::from_lookup(lookup(&[(ENV_ACCESS_TOKEN, "tok")])).unwrap();
        assert_eq!(c, Credential::token("tok"));
        // Half a key pair does not hide a usable token.
        let c = Credential::from_lookup(lookup(&[
            (ENV_ACCESS_KEY_ID, "AK"),
            (ENV_ACCESS_TOKEN, "tok"),
        ]))
        .unwrap();
        assert_eq!(c, Credential::token("tok"));
    }

    #[test]
    fn missing_or_half_credentials_say_what_is_missing() {
        let err = Credential::from_lookup(lookup(&[(ENV_ACCESS_KEY_ID, "AK")])).unwrap_err();
        assert!(
            matches!(&err, Error::Credential(m) if m.contains(ENV_ACCESS_KEY_SECRET)),
            "{err}"
        );
        let err =
            Credential::from_lookup(lookup(&[(ENV_ACCESS_KEY_SECRET, "secret")])).unwrap_err();
        assert!(
            matches!(&err, Error::Credential(m) if m.contains(ENV_ACCESS_KEY_ID)),
            "{err}"
        );
        let err =
            Credential::from_lookup(lookup(&[(ENV_ACCESS_KEY_ID, " "), (ENV_ACCESS_TOKEN, "")]))
                .unwrap_err();
        assert!(matches!(err, Error::Credential(_)));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let shown = format!(
            "{:?} {:?}",
            Credential::access_key("AK", "hunter2"),
            Credential::token("tok-secret")
        );
        assert!(shown.contains("AK"));
        assert!(!shown.contains("hunter2"));
        assert!(!shown.contains("tok-secret"));
    }
}
