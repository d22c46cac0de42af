//! Request decoding with the precedence of D-2: a body that is not a JSON object or a
//! field of the wrong JSON type is `INVALID_PARAMETER`; a required field that is absent
//! or null is `MISSING_PARAMETER`. Unknown fields are ignored.

use crate::ApiError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes a request body into `T`.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::invalid_parameter(format!("the request body is not valid JSON: {e}"))
    })?;
    decode_value(value)
}

/// Decodes an already parsed body into `T`.
pub fn decode_value<T: DeserializeOwned>(mut value: Value) -> Result<T, ApiError> {
    if !value.is_object() {
        return Err(ApiError::invalid_parameter(
            "the request body must be a JSON object",
        ));
    }
    // A null field counts as absent (D-2): optional ones become None, required ones missing.
    strip_nulls(&mut value);
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner().to_string();
        if let Some(field) = missing_field(&inner) {
            let full = if path == "." {
                field.to_owned()
            } else {
                format!("{path}.{field}")
            };
            ApiError::missing_parameter(&full)
        } else {
            ApiError::invalid_parameter(format!("invalid value for `{path}`: {inner}"))
        }
    })
}

fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Req {
        instance_id: String,
        page_size: Option<i64>,
        period: Option<Period>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Period {
        period: i64,
    }

    fn err(body: &str) -> ApiError {
        decode::<Req>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn not_an_object() {
        for body in ["[]", "1", "\"x\"", "nope", ""] {
            assert_eq!(err(body).code, codes::INVALID_PARAMETER, "{body}");
        }
    }

    #[test]
    fn wrong_type_names_the_field() {
        let e = err(r#"{"instanceId": "a", "pageSize": "20"}"#);
        assert_eq!(e.code, codes::INVALID_PARAMETER);
        assert!(e.message.contains("pageSize"), "{}", e.message);
        let e = err(r#"{"instanceId": "a", "pageSize": 1.5}"#);
        assert_eq!(e.code, codes::INVALID_PARAMETER);
    }

    #[test]
    fn wrong_type_wins_over_missing() {
        let e = err(r#"{"pageSize": "x"}"#);
        assert_eq!(e.code, codes::INVALID_PARAMETER);
    }

    #[test]
    fn absent_or_null_required_field_is_missing() {
        for body in [r#"{}"#, r#"{"instanceId": null}"#] {
            let e = err(body);
            assert_eq!(e.code, codes::MISSING_PARAMETER);
            assert!(e.message.contains("instanceId"), "{}", e.message);
        }
        let e = err(r#"{"instanceId": "a", "period": {}}"#);
        assert_eq!(e.code, codes::MISSING_PARAMETER);
        assert!(e.message.contains("period.period"), "{}", e.message);
    }

    #[test]
    fn null_optional_and_unknown_fields_are_fine() {
        let r: Req = decode(br#"{"instanceId": "a", "pageSize": null, "extra": [1]}"#).unwrap();
        assert_eq!(r.instance_id, "a");
        assert!(r.page_size.is_none());
    }
}
