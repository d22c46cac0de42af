//! Request decoding with the precedence of D-2: a body that is not a JSON object or a
//! field of the wrong JSON type is `INVALID_PARAMETER`; a required field that is absent
//! or null is `MISSING_PARAMETER`. Unknown fields are ignored.
//!
//! Decoding is strict for every request type at once (D-113): an object field must be a
//! JSON object (serde would take an array for a struct, `[2]` for `{"period": 2}`), an
//! array field a JSON array, a number a JSON number, a string a JSON string; no object
//! names a key twice (parsers disagree on which one counts); no string holds a NUL
//! character (no store could keep it the same way) or is longer than [`MAX_TEXT_CHARS`].

use crate::ApiError;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Error as _, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Value};

/// The longest string a request field may hold, in characters (D-113).
pub const MAX_TEXT_CHARS: usize = 4096;

/// Decodes a request body into `T`.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let Unique(value) = serde_json::from_slice(body).map_err(|e| {
        ApiError::invalid_parameter(format!("the request body is not valid JSON: {e}"))
    })?;
    decode_value(value)
}

/// A JSON value in which no object names a key twice (D-113).
struct Unique(Value);

impl<'de> de::Deserialize<'de> for Unique {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueVisitor)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Unique;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Unique, E> {
        Ok(Unique(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Unique, E> {
        Ok(Unique(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Unique, E> {
        Ok(Unique(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Unique, E> {
        Ok(Unique(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Unique, E> {
        Ok(Unique(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Unique, E> {
        Ok(Unique(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Unique, E> {
        Ok(Unique(Value::Null))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        let mut items = Vec::new();
        while let Some(Unique(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Unique(Value::Array(items)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("`{key}` is given twice")));
            }
            let Unique(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Unique(Value::Object(object)))
    }
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
    serde_path_to_error::deserialize(Strict(value)).map_err(|err| {
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

/// Checks text a request gives outside its JSON body (a path or query parameter) as a
/// string field is checked (D-113); the message names `field`.
pub fn text(field: &str, value: &str) -> Result<(), ApiError> {
    text_problem(value)
        .map_err(|problem| ApiError::invalid_parameter(format!("`{field}` {problem}")))
}

fn text_problem(value: &str) -> Result<(), String> {
    if value.contains('\0') {
        return Err("must not hold a NUL character (U+0000)".into());
    }
    if value.len() > MAX_TEXT_CHARS && value.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("must be at most {MAX_TEXT_CHARS} characters long"));
    }
    Ok(())
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

/// A JSON value that deserialises only into what it is: the one place every request type
/// is decoded through.
struct Strict(Value);

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

fn wrong_type(value: &Value, expected: &str) -> serde_json::Error {
    serde_json::Error::custom(format!(
        "invalid type: {}, expected {expected}",
        unexpected(value)
    ))
}

fn checked(text: String) -> Result<String, serde_json::Error> {
    text_problem(&text)
        .map_err(|problem| serde_json::Error::custom(format!("a string {problem}")))?;
    Ok(text)
}

impl<'de> de::Deserializer<'de> for Strict {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::String(s) => visitor.visit_string(checked(s)?),
            Value::Array(items) => visitor.visit_seq(StrictSeq(items.into_iter())),
            Value::Object(map) => visitor.visit_map(StrictMap::new(map)),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::String(s) => visitor.visit_string(checked(s)?),
            other => Err(wrong_type(&other, "a JSON string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(StrictSeq(items.into_iter())),
            other => Err(wrong_type(&other, "a JSON array")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(StrictMap::new(map)),
            other => Err(wrong_type(&other, "a JSON object")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(Strict(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::String(s) => {
                checked(s).and_then(|s| Value::String(s).deserialize_enum(name, variants, visitor))
            }
            other => Err(wrong_type(&other, "a JSON string")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_bool(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_i64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_u64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_f64(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_ignored_any(visitor)
    }

    // Integers and floats of other widths, chars, bytes and units: as JSON gives them,
    // checked by the visitor (a string for a number is refused there).
    forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128 f32 char bytes byte_buf unit unit_struct identifier
    }
}

struct StrictSeq(std::vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for StrictSeq {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0
            .next()
            .map(|value| seed.deserialize(Strict(value)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct StrictMap {
    entries: serde_json::map::IntoIter,
    value: Option<Value>,
}

impl StrictMap {
    fn new(map: Map<String, Value>) -> StrictMap {
        StrictMap {
            entries: map.into_iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for StrictMap {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(Value::String(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| serde_json::Error::custom("a value was asked for before its key"))?;
        seed.deserialize(Strict(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
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
        ids: Option<Vec<String>>,
        size: Option<f64>,
        flag: Option<bool>,
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

    /// D-113: each field is exactly the JSON type it claims, nested ones too.
    #[test]
    fn every_field_is_exactly_its_json_type() {
        for (body, field) in [
            (r#"{"instanceId": "a", "period": [2]}"#, "period"),
            (
                r#"{"instanceId": "a", "period": {"period": [2]}}"#,
                "period.period",
            ),
            (
                r#"{"instanceId": "a", "period": {"period": "2"}}"#,
                "period.period",
            ),
            (r#"{"instanceId": "a", "ids": {"0": "x"}}"#, "ids"),
            (r#"{"instanceId": "a", "ids": "x"}"#, "ids"),
            (r#"{"instanceId": "a", "ids": [1]}"#, "ids[0]"),
            (r#"{"instanceId": "a", "size": "1.5"}"#, "size"),
            (r#"{"instanceId": "a", "flag": "true"}"#, "flag"),
            (r#"{"instanceId": "a", "flag": 1}"#, "flag"),
            (r#"{"instanceId": 5}"#, "instanceId"),
            (r#"{"instanceId": ["a"]}"#, "instanceId"),
            (r#"{"instanceId": {"a": 1}}"#, "instanceId"),
        ] {
            let e = err(body);
            assert_eq!(e.code, codes::INVALID_PARAMETER, "{body}");
            assert!(
                e.message.contains(&format!("`{field}`")),
                "{body}: {}",
                e.message
            );
        }
        let r: Req =
            decode(br#"{"instanceId": "a", "period": {"period": 2}, "ids": ["x"], "size": 2}"#)
                .unwrap();
        assert_eq!(r.period.unwrap().period, 2);
        assert_eq!(r.size, Some(2.0));
    }

    /// D-113: no NUL character, no string past the limit, in any string field.
    #[test]
    fn strings_hold_no_nul_and_stay_within_the_limit() {
        for (body, field) in [
            (r#"{"instanceId": "\u0000"}"#.to_owned(), "instanceId"),
            (r#"{"instanceId": "a\u0000b"}"#.to_owned(), "instanceId"),
            (
                r#"{"instanceId": "a", "ids": ["x", "\u0000"]}"#.to_owned(),
                "ids[1]",
            ),
            (
                format!(r#"{{"instanceId": "{}"}}"#, "é".repeat(MAX_TEXT_CHARS + 1)),
                "instanceId",
            ),
        ] {
            let e = err(&body);
            assert_eq!(e.code, codes::INVALID_PARAMETER, "{field}");
            assert!(e.message.contains(&format!("`{field}`")), "{}", e.message);
        }
        let at_limit = format!(r#"{{"instanceId": "{}"}}"#, "é".repeat(MAX_TEXT_CHARS));
        assert!(decode::<Req>(at_limit.as_bytes()).is_ok());
        // A lone surrogate is not JSON text at all.
        assert_eq!(
            err(r#"{"instanceId": "\ud800"}"#).code,
            codes::INVALID_PARAMETER
        );
        // A key given twice, at any depth.
        for body in [
            r#"{"instanceId": "a", "instanceId": "b"}"#,
            r#"{"instanceId": "a", "period": {"period": 1, "period": 2}}"#,
        ] {
            let e = err(body);
            assert_eq!(e.code, codes::INVALID_PARAMETER, "{body}");
            assert!(e.message.contains("given twice"), "{}", e.message);
        }
        // Unknown fields are not looked at.
        assert!(decode::<Req>(br#"{"instanceId": "a", "other": "\u0000"}"#).is_ok());
        assert!(text("accountId", "a\0").is_err());
        assert!(text("accountId", "a").is_ok());
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
