//! Success and error bodies (D-2, D-5).

use serde::{Deserialize, Serialize};

/// `{"requestId", "response": {"requestId", ...fields}}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Success<'a, T: Serialize> {
    pub request_id: &'a str,
    pub response: SuccessInner<'a, T>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SuccessInner<'a, T: Serialize> {
    pub request_id: &'a str,
    #[serde(flatten)]
    pub body: &'a T,
}

/// Serialises a response body inside the success envelope.
pub fn success<T: Serialize>(request_id: &str, body: &T) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(&Success {
        request_id,
        response: SuccessInner { request_id, body },
    })
}

/// `{"requestId", "code", "message"}`: all three always present, since the Python SDK
/// indexes every one of them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub request_id: String,
    pub code: String,
    pub message: String,
}

pub fn error(request_id: &str, err: &crate::ApiError) -> Vec<u8> {
    let body = ErrorBody {
        request_id: request_id.to_owned(),
        code: err.code.name.to_owned(),
        message: err.message.clone(),
    };
    // Serialising three strings cannot fail.
    serde_json::to_vec(&body).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        order_number: Option<String>,
    }

    #[test]
    fn success_repeats_the_request_id_inside_and_keeps_nulls() {
        let bytes = success("T1", &Body { order_number: None }).unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            v,
            json!({"requestId": "T1", "response": {"requestId": "T1", "orderNumber": null}})
        );
    }

    #[test]
    fn error_has_all_three_fields() {
        let e = crate::ApiError::missing_parameter("instanceId");
        let v: Value = serde_json::from_slice(&error("T2", &e)).unwrap();
        assert_eq!(v["requestId"], "T2");
        assert_eq!(v["code"], "MISSING_PARAMETER");
        assert!(v["message"].as_str().unwrap().contains("instanceId"));
    }
}
