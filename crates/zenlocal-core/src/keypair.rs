//! vm key pairs (docs/decisions.md D-170 to D-172): named sets of OpenSSH public keys an
//! account imports once and installs on the instances it creates. The public keys are
//! parsed for real, so a key that `ssh` would refuse is refused at import.

use crate::describe::page;
use crate::{codes, ApiError, Timestamp};
use ssh_key::{Algorithm, PublicKey};
use zenlocal_wire::model::vm;

/// One key pair of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPair {
    pub id: String,
    pub account_id: String,
    pub name: String,
    /// As imported, one key per line.
    pub public_key: String,
    pub description: Option<String>,
    pub created_at: Timestamp,
}

impl KeyPair {
    pub fn info(&self) -> vm::KeyPair {
        vm::KeyPair {
            key_id: self.id.clone(),
            key_name: self.name.clone(),
            public_key: self.public_key.clone(),
            key_description: self.description.clone().unwrap_or_default(),
            create_time: self.created_at.to_string(),
        }
    }
}

/// Key pairs an account may hold (D-170).
pub const QUOTA: usize = 100;
/// Public keys one key pair may hold (ImportKeyPair page: "up to 5").
pub const MAX_KEYS: usize = 5;
/// RSA moduli accepted, in bits: OpenSSH's own minimum and maximum (D-171).
const RSA_BITS: std::ops::RangeInclusive<usize> = 1024..=16384;
/// A description's longest length, in characters (the pages of key pairs and images).
pub const MAX_DESCRIPTION: usize = 255;

fn malformed_name(name: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_KEY_NAME_MALFORMED,
        format!("`keyName` `{name}` must be 2 to 32 letters, digits, `-` or `_`"),
    )
}

/// D-170: 2 to 32 letters, digits, `-` and `_`.
pub fn check_name(name: &str) -> Result<(), ApiError> {
    let ok = (2..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(malformed_name(name))
    }
}

/// A description of a key pair or an image: at most 255 characters, else 400
/// `INVALID_PARAMETER` naming `field`.
pub fn check_description(field: &str, description: Option<&str>) -> Result<(), ApiError> {
    match description {
        Some(text) if text.chars().count() > MAX_DESCRIPTION => Err(ApiError::invalid_parameter(
            format!("`{field}` is longer than {MAX_DESCRIPTION} characters"),
        )),
        _ => Ok(()),
    }
}

fn malformed_key(line: usize, why: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        codes::INVALID_PUBLIC_KEY_MALFORMED,
        format!("`publicKey` line {line} is not an OpenSSH public key: {why}"),
    )
}

/// D-171: 1 to 5 OpenSSH public keys, one per line (blank lines are skipped), each of
/// ssh-rsa (1024 to 16384 bits), ssh-ed25519 or ecdsa-sha2-nistp256/384/521, whose
/// base64 blob names the same type as the line and holds nothing more than the key.
pub fn parse_public_keys(text: &str) -> Result<Vec<PublicKey>, ApiError> {
    let mut keys = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = n + 1;
        if keys.len() == MAX_KEYS {
            return Err(ApiError::new(
                codes::INVALID_PUBLIC_KEY_MALFORMED,
                format!("`publicKey` holds more than {MAX_KEYS} keys"),
            ));
        }
        let key = PublicKey::from_openssh(line).map_err(|e| malformed_key(number, e))?;
        match key.algorithm() {
            Algorithm::Ed25519 | Algorithm::Ecdsa { .. } => {}
            Algorithm::Rsa { .. } => {
                let bits = key
                    .key_data()
                    .rsa()
                    .and_then(|rsa| rsa.n.as_positive_bytes())
                    .map_or(0, |n| {
                        n.len() * 8 - n.first().map_or(0, |b| b.leading_zeros() as usize)
                    });
                if !RSA_BITS.contains(&bits) {
                    return Err(malformed_key(
                        number,
                        format!(
                            "an RSA key of {bits} bits (accepted: {} to {})",
                            RSA_BITS.start(),
                            RSA_BITS.end()
                        ),
                    ));
                }
            }
            other => {
                return Err(malformed_key(
                    number,
                    format!(
                        "{} keys are not accepted (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521 are)",
                        other.as_str()
                    ),
                ))
            }
        }
        keys.push(key);
    }
    if keys.is_empty() {
        return Err(ApiError::new(
            codes::INVALID_PUBLIC_KEY_MALFORMED,
            "`publicKey` holds no key",
        ));
    }
    Ok(keys)
}

/// What ImportKeyPair asks for.
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    pub name: &'a str,
    pub public_key: &'a str,
    pub description: Option<&'a str>,
}

/// ImportKeyPair (D-170, D-171): the request's values first, then the account's own key
/// pairs: a name already taken is 409, the quota 400.
pub fn import(
    existing: &[KeyPair],
    account_id: &str,
    asked: Import<'_>,
    id: String,
    now: Timestamp,
) -> Result<KeyPair, ApiError> {
    check_name(asked.name)?;
    parse_public_keys(asked.public_key)?;
    check_description("keyDescription", asked.description)?;
    if existing.iter().any(|k| k.name == asked.name) {
        return Err(ApiError::new(
            codes::INVALID_KEY_PAIR_NAME_EXIST,
            format!("a key pair named `{}` already exists", asked.name),
        ));
    }
    if existing.len() >= QUOTA {
        return Err(ApiError::new(
            codes::INVALID_KEY_PAIR_EXCEED_LIMIT,
            format!("the account already has {QUOTA} key pairs, the most it may have"),
        ));
    }
    Ok(KeyPair {
        id,
        account_id: account_id.to_owned(),
        name: asked.name.to_owned(),
        public_key: asked.public_key.to_owned(),
        description: asked.description.map(str::to_owned),
        created_at: now,
    })
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_KEY_PAIR_NOT_FOUND,
        format!("key pair `{id}` does not exist"),
    )
}

/// The key pair `id` among `pairs`, which hold one account's key pairs only: another
/// account's is reported exactly like a missing one (D-6). CreateInstances and
/// ResetInstance check their `keyId` with it (D-172).
pub fn find<'a>(pairs: &'a [KeyPair], id: &str) -> Result<&'a KeyPair, ApiError> {
    pairs
        .iter()
        .find(|k| k.id == id)
        .ok_or_else(|| not_found(id))
}

/// ModifyKeyPairAttribute: only the description changes; omitted, nothing does.
pub fn modify(pairs: &[KeyPair], id: &str, description: Option<&str>) -> Result<KeyPair, ApiError> {
    check_description("keyDescription", description)?;
    let mut pair = find(pairs, id)?.clone();
    if let Some(text) = description {
        pair.description = Some(text.to_owned());
    }
    Ok(pair)
}

/// DeleteKeyPairs (D-172): 1 to 100 IDs, every one the account's, or nothing is deleted.
/// Answers the IDs to delete, each once.
pub fn delete(pairs: &[KeyPair], ids: &[String]) -> Result<Vec<String>, ApiError> {
    if ids.is_empty() || ids.len() > 100 {
        return Err(ApiError::invalid_parameter(
            "`keyIds` must name 1 to 100 key pairs",
        ));
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    for id in &unique {
        find(pairs, id)?;
    }
    Ok(unique)
}

/// DescribeKeyPairs (D-170): `keyIds` and a name containing `keyName`, newest first (then
/// by ID), paginated as D-26.
pub fn describe(
    mut pairs: Vec<KeyPair>,
    req: &vm::DescribeKeyPairsRequest,
) -> Result<vm::DescribeKeyPairsResponse, ApiError> {
    let (offset, size) = page(req.page_num, req.page_size)?;
    pairs.retain(|k| {
        req.key_ids.as_ref().is_none_or(|ids| ids.contains(&k.id))
            && req
                .key_name
                .as_ref()
                .is_none_or(|part| k.name.contains(part.as_str()))
    });
    pairs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    Ok(vm::DescribeKeyPairsResponse {
        total_count: pairs.len() as i64,
        data_set: pairs
            .iter()
            .skip(offset)
            .take(size)
            .map(KeyPair::info)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made with `ssh-keygen -t <type> -C <comment>`.
    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAZKH/ZcrYgVcL7E4JE5YMQt/iMjI9tHdt+PTjYnq0IT c ed25519";
    const RSA_2048: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC3SdJAtr2jG2ouSAZHaM3DKk6BcNLfcoguPAPOu9zuimx1JHITQ614cumhXArHKar38KvAnQwr2ktLN2mNxktDeZBCQSZ4ackDggxLB8PLcFfUReir9X11AB0ec4NeS6Ao47tGiSQrfWxDXk7kRKNec+Go8y+ILGGNCAUi4o1ywLcfuNMM9MoxNycmti3HlBURvWsZa5540a0uvOH6ITPvoRD8YOCwwzpkEThYlEkleZ33QeRDNReM3NdNI9mHH6BgRM2KJkHCoePIezlP5wxthwo0kw/JZHH7GoN1+snrG8jE01wZgQykZcQ5/yV3g27CoXEfgIhuZj9rl3M3hml1";
    const ECDSA_384: &str = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBBaPoSUrfGjtbmMJdtxU7aZlTcptj/fVCw1WquEPd5zj6LFop3qDbkPWEiGXlwcpXK0wt0vSU0lDsgybx90utrn7Q4o1YiBD+AcJ6rSpea75zwF+lzPiH7yGmxDlDcPgpQ== c ecdsa -b 384";
    const DSA: &str = "ssh-dss AAAAB3NzaC1kc3MAAACBAOUlTQGzC6LMu45CWxcdo6QkIUyU0ad+t+tfY44v0qK5LVEh9KDPLRmZPtTJJ4qdBnWAD2x19+/P0RZpyPlLevjXTYziLJLWFQnKrjw5MQJr9X5coD92Nm8kUQ0C5pFSZ+o3MWllvnFl70GknsZT1c9mNQeXHTyJalqdzwISxkyZAAAAFQD1JnkUKFOez1ua1Ji0TwZeGgey9QAAAIBsY/qWP4L9bFrwzzXy0QBG3E8KT13wsbS9A2kepu6J/dQMbgQB+GibCryXtUKqTXnRO/IEyi2KNHGuKGixkZnGG3TzKH9eWw2YMeMun5LsKn0Ea69AJBJM8WcfjwBH0R9XYaEFe+Od3ZJR+FkemrdQpjV7Et6baICDruhZKSh4+QAAAIBf4RJagwndrVlnv2AczMTDNTe1C/LeQxQB2ecFuJiqO6JO29Md5Tyb7UkY+w+6VkdBQ8Lv/SUQpxOX3bgIemyKp4wJZ3d4+QFl0DRCX4AvGiRmuXnxLkTY6HoYqYDphQ9uMvX5WjD4MfWUycgX5NRKHIE8CLzlSJqb+E8JFbcvIA== c dsa";
    // ssh-rsa with e = 65537 and a 520-bit modulus.
    const RSA_520: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAQgDBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwQ==";

    fn pair(id: &str, name: &str, at: i64) -> KeyPair {
        KeyPair {
            id: id.into(),
            account_id: "1".into(),
            name: name.into(),
            public_key: ED25519.into(),
            description: None,
            created_at: Timestamp(at),
        }
    }

    /// D-170.
    #[test]
    fn names_are_2_to_32_letters_digits_dashes_and_underscores() {
        for good in ["ab", "my_key", "my-key", "K2", &"x".repeat(32)] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["a", "", "my key", "my.key", "ключ", &"x".repeat(33)] {
            assert_eq!(
                check_name(bad).unwrap_err().code,
                codes::INVALID_KEY_NAME_MALFORMED,
                "{bad}"
            );
        }
    }

    /// D-171.
    #[test]
    fn every_accepted_type_parses_and_lines_may_be_blank() {
        let text = format!("{ED25519}\r\n\n{RSA_2048} me@host\n{ECDSA_384}\n");
        let keys = parse_public_keys(&text).unwrap();
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[1].comment(), "me@host");
    }

    /// D-171.
    #[test]
    fn a_key_that_is_not_what_it_claims_is_malformed_naming_its_line() {
        let blob = ED25519.split(' ').nth(1).unwrap();
        let rsa_blob = RSA_2048.split(' ').nth(1).unwrap();
        let cases = [
            (String::new(), "no key"),
            ("\n \n".to_owned(), "no key"),
            (format!("{ED25519}\nssh-ed25519 {rsa_blob}"), "line 2"),
            (format!("ssh-ed25519 {}", &blob[..blob.len() - 4]), "line 1"),
            (format!("ssh-ed25519 {blob}AAAA"), "line 1"),
            ("ssh-rsa !!!".to_owned(), "line 1"),
            (DSA.to_owned(), "ssh-dss keys are not accepted"),
            (RSA_520.to_owned(), "520 bits"),
            ("not a key at all".to_owned(), "line 1"),
            ([ED25519; 6].join("\n"), "more than 5"),
        ];
        for (text, says) in cases {
            let e = parse_public_keys(&text).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PUBLIC_KEY_MALFORMED, "{text}");
            assert!(e.message.contains(says), "{text}: {}", e.message);
        }
        assert_eq!(
            parse_public_keys(&[ED25519; 5].join("\n")).unwrap().len(),
            5
        );
    }

    /// D-170: the values first, then the name, then the quota.
    #[test]
    fn import_checks_values_then_the_name_then_the_quota() {
        let ask = |name| Import {
            name,
            public_key: ED25519,
            description: Some("laptop"),
        };
        let existing = vec![pair("key-a", "taken", 1)];
        let made = import(&existing, "1", ask("mine"), "key-b".into(), Timestamp(9)).unwrap();
        assert_eq!(made.description.as_deref(), Some("laptop"));
        assert_eq!(made.created_at, Timestamp(9));
        let e = import(&existing, "1", ask("taken"), "key-c".into(), Timestamp(9)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_KEY_PAIR_NAME_EXIST);
        assert_eq!(e.code.status, 409);
        // Names differ by case.
        assert!(import(&existing, "1", ask("Taken"), "key-d".into(), Timestamp(9)).is_ok());
        let full: Vec<KeyPair> = (0..QUOTA)
            .map(|n| pair(&format!("key-{n}"), &format!("k{n}"), 1))
            .collect();
        let e = import(&full, "1", ask("one-more"), "key-x".into(), Timestamp(9)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_KEY_PAIR_EXCEED_LIMIT);
        let long = "d".repeat(256);
        let mut asked = ask("ok");
        asked.description = Some(&long);
        let e = import(&existing, "1", asked, "key-y".into(), Timestamp(9)).unwrap_err();
        assert_eq!(e.code, codes::INVALID_PARAMETER);
        assert!(e.message.contains("keyDescription"));
    }

    /// D-172: all or nothing, each ID once.
    #[test]
    fn delete_takes_every_id_or_none() {
        let pairs = vec![pair("key-a", "a1", 1), pair("key-b", "b1", 2)];
        assert_eq!(
            delete(&pairs, &["key-b".into(), "key-a".into(), "key-b".into()]).unwrap(),
            ["key-a", "key-b"]
        );
        let e = delete(&pairs, &["key-a".into(), "key-zz".into()]).unwrap_err();
        assert_eq!(e.code, codes::INVALID_KEY_PAIR_NOT_FOUND);
        assert!(e.message.contains("key-zz"));
        assert_eq!(
            delete(&pairs, &[]).unwrap_err().code,
            codes::INVALID_PARAMETER
        );
    }

    #[test]
    fn modify_changes_only_a_given_description() {
        let pairs = vec![pair("key-a", "a1", 1)];
        assert_eq!(modify(&pairs, "key-a", None).unwrap(), pairs[0]);
        let changed = modify(&pairs, "key-a", Some("new")).unwrap();
        assert_eq!(changed.description.as_deref(), Some("new"));
        assert_eq!(changed.info().key_description, "new");
        assert_eq!(pairs[0].info().key_description, "");
        assert_eq!(
            modify(&pairs, "key-b", None).unwrap_err().code,
            codes::INVALID_KEY_PAIR_NOT_FOUND
        );
    }

    /// D-170: a name containing the filter, newest first, paginated.
    #[test]
    fn describe_filters_sorts_and_pages() {
        let pairs = vec![
            pair("key-a", "web-1", 1),
            pair("key-b", "db-1", 2),
            pair("key-c", "web-2", 3),
        ];
        let req = vm::DescribeKeyPairsRequest {
            key_name: Some("web".into()),
            page_size: Some(1),
            ..Default::default()
        };
        let r = describe(pairs.clone(), &req).unwrap();
        assert_eq!(r.total_count, 2);
        assert_eq!(r.data_set[0].key_id, "key-c");
        let req = vm::DescribeKeyPairsRequest {
            key_ids: Some(vec!["key-a".into(), "key-b".into()]),
            ..Default::default()
        };
        let ids: Vec<String> = describe(pairs.clone(), &req)
            .unwrap()
            .data_set
            .into_iter()
            .map(|k| k.key_id)
            .collect();
        assert_eq!(ids, ["key-b", "key-a"]);
        let req = vm::DescribeKeyPairsRequest {
            page_size: Some(0),
            ..Default::default()
        };
        assert_eq!(
            describe(pairs, &req).unwrap_err().code,
            codes::INVALID_PARAMETER
        );
    }
}
