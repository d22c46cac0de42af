//! ZC2-HMAC-SHA256 (ZENLAYER-API.md §1.4) and Bearer tokens (§1.5, D-3).
//!
//! The canonical request is rebuilt from the raw body bytes and the header values as
//! received: bodies are not canonical (the Python SDK writes `", "` separators), so
//! nothing is ever re-serialised before hashing.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const ALGORITHM: &str = "ZC2-HMAC-SHA256";
/// The headers every SDK signs.
pub const DEFAULT_SIGNED_HEADERS: &str = "content-type;host";

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The canonical request for `headers` (lower-case names, in the order given, which must
/// be the order of SignedHeaders) and the raw body.
pub fn canonical_request(headers: &[(&str, &str)], body: &[u8]) -> String {
    let mut out = String::with_capacity(160 + headers.len() * 48);
    out.push_str("POST\n/\n\n");
    for (name, value) in headers {
        out.push_str(name);
        out.push(':');
        out.push_str(value.trim());
        out.push('\n');
    }
    out.push('\n');
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push('\n');
    out.push_str(&sha256_hex(body));
    out
}

pub fn string_to_sign(timestamp: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// Lower-case hex HMAC-SHA256 keyed with the access key password itself (no derivation
/// chain; the docs' own example reproduces only this way).
pub fn signature(password: &str, timestamp: &str, canonical_request: &str) -> String {
    hex::encode(hmac_raw(password, timestamp, canonical_request))
}

fn hmac_raw(password: &str, timestamp: &str, canonical_request: &str) -> Vec<u8> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(password.as_bytes()).expect("HMAC accepts any key length");
    mac.update(string_to_sign(timestamp, canonical_request).as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Signs the way every SDK does: `content-type;host`.
pub fn sign(
    password: &str,
    timestamp: &str,
    content_type: &str,
    host: &str,
    body: &[u8],
) -> String {
    let canonical = canonical_request(&[("content-type", content_type), ("host", host)], body);
    signature(password, timestamp, &canonical)
}

pub fn authorization_header(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id}, SignedHeaders={signed_headers}, Signature={signature}")
}

/// A parsed `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorization<'a> {
    Hmac {
        access_key_id: &'a str,
        /// Lower-case header names, in the order listed.
        signed_headers: Vec<&'a str>,
        signature: &'a str,
    },
    Bearer(&'a str),
}

/// Parses an `Authorization` value; the error says what is malformed.
pub fn parse_authorization(value: &str) -> Result<Authorization<'_>, String> {
    let value = value.trim();
    if let Some(token) = value.strip_prefix("Bearer ") {
        let token = token.trim();
        if token.is_empty() {
            return Err("the Bearer token is empty".into());
        }
        return Ok(Authorization::Bearer(token));
    }
    let Some(rest) = value.strip_prefix(ALGORITHM) else {
        return Err(format!(
            "the Authorization header must start with `{ALGORITHM}` or `Bearer`"
        ));
    };
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        let Some((key, val)) = part.split_once('=') else {
            return Err(format!("malformed Authorization part `{part}`"));
        };
        let slot = match key.trim() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            other => return Err(format!("unknown Authorization part `{other}`")),
        };
        if slot.replace(val.trim()).is_some() {
            return Err(format!("duplicate Authorization part `{}`", key.trim()));
        }
    }
    let access_key_id = credential
        .filter(|c| !c.is_empty())
        .ok_or("the Authorization header has no Credential")?;
    let signed = signed
        .filter(|s| !s.is_empty())
        .ok_or("the Authorization header has no SignedHeaders")?;
    let signature = signature
        .filter(|s| !s.is_empty())
        .ok_or("the Authorization header has no Signature")?;
    let signed_headers: Vec<&str> = signed.split(';').collect();
    if signed_headers
        .iter()
        .any(|h| h.is_empty() || h.chars().any(|c| c.is_ascii_uppercase()))
    {
        return Err("SignedHeaders must list lower-case header names".into());
    }
    if signed_headers.windows(2).any(|w| w[0] >= w[1]) {
        return Err("SignedHeaders must be sorted and without duplicates".into());
    }
    for required in ["content-type", "host"] {
        if !signed_headers.contains(&required) {
            return Err(format!("SignedHeaders must include `{required}`"));
        }
    }
    Ok(Authorization::Hmac {
        access_key_id,
        signed_headers,
        signature,
    })
}

/// Constant-time check of a received hex signature against the expected one.
pub fn verify(
    password: &str,
    timestamp: &str,
    canonical_request: &str,
    received_signature: &str,
) -> bool {
    let Ok(received) = hex::decode(received_signature) else {
        return false;
    };
    let expected = hmac_raw(password, timestamp, canonical_request);
    expected.ct_eq(&received).into()
}

/// An access key password made ready to check signatures: the HMAC state after the key is
/// taken in, kept with the cached key so a request hashes only what it sent.
#[derive(Clone)]
pub struct Verifier {
    keyed: Hmac<Sha256>,
}

impl Verifier {
    pub fn new(password: &str) -> Verifier {
        Verifier {
            keyed: Hmac::<Sha256>::new_from_slice(password.as_bytes())
                .expect("HMAC accepts any key length"),
        }
    }

    /// [`verify`] for the canonical request of `headers` and `body` (as
    /// [`canonical_request`] writes it), hashed as it is read: nothing is allocated.
    pub fn verify(
        &self,
        timestamp: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        received_signature: &str,
    ) -> bool {
        let mut received = [0u8; 32];
        if hex::decode_to_slice(received_signature, &mut received).is_err() {
            return false;
        }
        let mut canonical = Sha256::new();
        canonical.update(b"POST\n/\n\n");
        for (name, value) in headers {
            canonical.update(name.as_bytes());
            canonical.update(b":");
            canonical.update(value.trim().as_bytes());
            canonical.update(b"\n");
        }
        canonical.update(b"\n");
        for (i, (name, _)) in headers.iter().enumerate() {
            if i > 0 {
                canonical.update(b";");
            }
            canonical.update(name.as_bytes());
        }
        canonical.update(b"\n");
        canonical.update(hex_digest(Sha256::digest(body).as_slice()));
        let mut mac = self.keyed.clone();
        mac.update(ALGORITHM.as_bytes());
        mac.update(b"\n");
        mac.update(timestamp.as_bytes());
        mac.update(b"\n");
        mac.update(&hex_digest(canonical.finalize().as_slice()));
        mac.verify_slice(&received).is_ok()
    }
}

/// A SHA-256 digest in lower-case hex, on the stack.
fn hex_digest(digest: &[u8]) -> [u8; 64] {
    let mut out = [0u8; 64];
    hex::encode_to_slice(digest, &mut out).expect("32 bytes make 64 hex digits");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_ID: &str = "ZLTESTAKID0000000001";
    const PASSWORD: &str = "ZlTestPassword-DoNotUse-0001";
    const TS: &str = "1735689600";

    #[test]
    fn vector_12_1_bmc_modify_instance_traffic_package() {
        let body = br#"{"instanceId": "1234567890123456789", "trafficPackageSize": 1.5}"#;
        assert_eq!(body.len(), 64);
        assert_eq!(
            sha256_hex(body),
            "376db54a1be5aecbda2bdbcde6a5d82ef2cd894ef2b65295134bade5298cbdfe"
        );
        let canonical = canonical_request(
            &[
                ("content-type", "application/json"),
                ("host", "console.zenlayer.com"),
            ],
            body,
        );
        assert_eq!(canonical, "POST\n/\n\ncontent-type:application/json\nhost:console.zenlayer.com\n\ncontent-type;host\n376db54a1be5aecbda2bdbcde6a5d82ef2cd894ef2b65295134bade5298cbdfe");
        assert_eq!(
            sha256_hex(canonical.as_bytes()),
            "7e26905dd332c7cdd52eb7387cab20e95c51f3fe8974732a580aba435f561a30"
        );
        let sig = sign(
            PASSWORD,
            TS,
            "application/json",
            "console.zenlayer.com",
            body,
        );
        assert_eq!(
            sig,
            "d4e4ee3de440ef450ebfb70740d7689b3a7dab62881ff28e9ccaaa77be9671ef"
        );
        assert_eq!(
            authorization_header(KEY_ID, DEFAULT_SIGNED_HEADERS, &sig),
            "ZC2-HMAC-SHA256 Credential=ZLTESTAKID0000000001, SignedHeaders=content-type;host, Signature=d4e4ee3de440ef450ebfb70740d7689b3a7dab62881ff28e9ccaaa77be9671ef"
        );
        assert!(verify(PASSWORD, TS, &canonical, &sig));
    }

    #[test]
    fn vector_12_2_vm_modify_instance_bandwidth() {
        let body = br#"{"instanceId": "vm-instance-0001", "internetMaxBandwidthOut": 200}"#;
        assert_eq!(
            sha256_hex(body),
            "f805283a750006cd8dd997b13489189627c4a5a8137225ffc5983fd5a98d1952"
        );
        let canonical = canonical_request(
            &[
                ("content-type", "application/json"),
                ("host", "console.zenlayer.com"),
            ],
            body,
        );
        assert_eq!(
            sha256_hex(canonical.as_bytes()),
            "804f9c27c06eb795e7b3925f4b223784e0fdcbad0ffa2b0eaa90f198e4f2a25b"
        );
        assert_eq!(
            sign(
                PASSWORD,
                TS,
                "application/json",
                "console.zenlayer.com",
                body
            ),
            "69ba9a104808629d485129a09387f4a06b6af16819c3fa7cd1e8b839281cd418"
        );
    }

    #[test]
    fn vector_12_3_from_the_docs() {
        let body = br#"{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}"#;
        assert_eq!(
            sha256_hex(body),
            "5f714687ba91c606d503467766151206392474accd137ffea6dce2420b67c29a"
        );
        let canonical = canonical_request(
            &[
                ("content-type", "application/json; charset=utf-8"),
                ("host", "console.zenlayer.com"),
            ],
            body,
        );
        assert_eq!(
            sha256_hex(canonical.as_bytes()),
            "29396f9dfa0f03820b931e8aa06e20cda197e73285ebd76aceb83f7dede493ee"
        );
        assert_eq!(
            sign(
                "Gu5t9xGARNpq86cd98joQYCN3",
                "1673361177",
                "application/json; charset=utf-8",
                "console.zenlayer.com",
                body
            ),
            "efb356c32e55c781e10dc676da59462c22596d82e91c57803666243379555b2f"
        );
    }

    #[test]
    fn parses_both_schemes() {
        let h = "ZC2-HMAC-SHA256 Credential=AK, SignedHeaders=content-type;host;x-zc-action, Signature=abcd";
        assert_eq!(
            parse_authorization(h).unwrap(),
            Authorization::Hmac {
                access_key_id: "AK",
                signed_headers: vec!["content-type", "host", "x-zc-action"],
                signature: "abcd"
            }
        );
        assert_eq!(
            parse_authorization("Bearer tok").unwrap(),
            Authorization::Bearer("tok")
        );
    }

    #[test]
    fn rejects_malformed_headers() {
        for bad in [
            "",
            "Basic abc",
            "Bearer ",
            "ZC2-HMAC-SHA256 Credential=AK, Signature=ab",
            "ZC2-HMAC-SHA256 Credential=AK, SignedHeaders=host, Signature=ab",
            "ZC2-HMAC-SHA256 Credential=AK, SignedHeaders=host;content-type, Signature=ab",
            "ZC2-HMAC-SHA256 Credential=, SignedHeaders=content-type;host, Signature=ab",
            "ZC2-HMAC-SHA256 Credential=AK SignedHeaders=content-type;host Signature=ab",
            "ZC2-HMAC-SHA256 Credential=AK, SignedHeaders=content-type;Host, Signature=ab",
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn verify_rejects_non_hex_and_wrong_signatures() {
        let canonical = canonical_request(&[("content-type", "a"), ("host", "b")], b"{}");
        let sig = signature(PASSWORD, TS, &canonical);
        assert!(verify(PASSWORD, TS, &canonical, &sig));
        assert!(!verify(PASSWORD, TS, &canonical, "zz"));
        assert!(!verify(PASSWORD, "1735689601", &canonical, &sig));
        assert!(!verify("other", TS, &canonical, &sig));
    }

    #[test]
    fn the_verifier_agrees_with_verify() {
        let headers = [
            ("content-type", "application/json; charset=utf-8"),
            ("host", " console.zenlayer.com "),
            ("x-zc-action", "DescribeZones"),
        ];
        let body = br#"{"pageSize":10,"pageNum":1,"zoneId":"HKG-A"}"#;
        let canonical = canonical_request(&headers, body);
        let sig = signature(PASSWORD, TS, &canonical);
        let verifier = Verifier::new(PASSWORD);
        assert!(verifier.verify(TS, &headers, body, &sig));
        assert!(verifier.verify(TS, &headers, body, &sig.to_uppercase()));
        assert!(!verifier.verify("1735689601", &headers, body, &sig));
        assert!(!verifier.verify(TS, &headers, b"{}", &sig));
        assert!(!verifier.verify(TS, &headers[..2], body, &sig));
        assert!(!verifier.verify(TS, &headers, body, "zz"));
        assert!(!verifier.verify(TS, &headers, body, &sig[..62]));
        assert!(!Verifier::new("other").verify(TS, &headers, body, &sig));
    }
}
