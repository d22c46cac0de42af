//! Error codes with the HTTP status each is answered with (DECISIONS.md D-2, D-18).
//!
//! A few codes are answered with different statuses by different actions (D-18); those
//! appear once per status, the constant name carrying the status as a suffix.

use serde::Serialize;

/// An error code as it travels on the wire, together with its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Code {
    pub name: &'static str,
    pub status: u16,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $ident:ident = $status:literal $name:literal;)*) => {
        $($(#[$doc])* pub const $ident: Code = Code { name: $name, status: $status };)*
        /// Every code this crate defines, for tables and tests.
        pub const ALL: &[Code] = &[$($ident),*];
    };
}

codes! {
    // Common errors, in the precedence order of D-2.
    UNSUPPORTED_HTTP_METHOD = 405 "UNSUPPORTED_HTTP_METHOD";
    REQUEST_BODY_TOO_LARGE = 413 "REQUEST_BODY_TOO_LARGE";
    UNSUPPORTED_CONTENT_TYPE = 415 "UNSUPPORTED_CONTENT_TYPE";
    AUTHFAILURE_SIGNATURE_FAILURE = 401 "AUTHFAILURE_SIGNATURE_FAILURE";
    INVALID_SERVICE_NOT_FOUND = 404 "INVALID_SERVICE_NOT_FOUND";
    INVALID_VERSION_NOT_SUPPORT = 400 "INVALID_VERSION_NOT_SUPPORT";
    INVALID_ACTION_NOT_FOUND = 404 "INVALID_ACTION_NOT_FOUND";
    REQUEST_LIMIT_EXCEEDED = 429 "REQUEST_LIMIT_EXCEEDED";
    INVALID_PARAMETER = 400 "INVALID_PARAMETER";
    MISSING_PARAMETER = 400 "MISSING_PARAMETER";
    INTERNAL_SERVER_ERROR = 500 "INTERNAL_SERVER_ERROR";
    SERVICE_TEMPORARY_UNAVAILABLE = 503 "SERVICE_TEMPORARY_UNAVAILABLE";

    // Control plane (D-29).
    /// An unknown path or account under `/_zenlocal/`.
    RESOURCE_NOT_FOUND = 404 "RESOURCE_NOT_FOUND";

    // Catalog lookups shared by several actions.
    INVALID_ZONE_NOT_FOUND = 404 "INVALID_ZONE_NOT_FOUND";
    INVALID_INSTANCE_TYPE_NOT_FOUND = 404 "INVALID_INSTANCE_TYPE_NOT_FOUND";
    INVALID_IMAGE_NOT_FOUND = 404 "INVALID_IMAGE_NOT_FOUND";

    // Instances, creation and billing (ZENLAYER-API.md section 7, D-20 to D-25).
    INVALID_INSTANCE_NOT_FOUND = 404 "INVALID_INSTANCE_NOT_FOUND";
    OPERATION_DENIED_INSUFFICIENT_BALANCE = 403 "OPERATION_DENIED_INSUFFICIENT_BALANCE";
    INVALID_CHARGE_TYPE_NOT_SUPPORT = 403 "INVALID_CHARGE_TYPE_NOT_SUPPORT";
    INVALID_INSTANCE_TYPE_ZONE_NO_SELL = 400 "INVALID_INSTANCE_TYPE_ZONE_NO_SELL";
    INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL = 400 "INVALID_INSTANCE_BANDWIDTH_ZONE_NO_SELL";
    INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM = 400 "INVALID_BANDWIDTH_VALUE_EXCEED_MAXIMUM";
    INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR = 400 "INVALID_PARAMETER_TRAFFIC_PACKAGE_ERROR";
    INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS = 400 "INVALID_PARAMETER_TRAFFIC_PACKAGE_LESS";
    INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED = 400 "INVALID_PARAMETER_TRAFFIC_PACKAGE_EXCEED";
    INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED = 400 "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED";
    INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT = 400 "INVALID_PARAMETER_INSTANCE_LOGIN_CONFLICT";
    INVALID_PARAMETER_INSTANCE_NAME_EXCEED = 400 "INVALID_PARAMETER_INSTANCE_NAME_EXCEED";
    INVALID_PARAMETER_HOSTNAME_EXCEED = 400 "INVALID_PARAMETER_HOSTNAME_EXCEED";
    INVALID_PARAMETER_HOSTNAME_MALFORMED = 400 "INVALID_PARAMETER_HOSTNAME_MALFORMED";
    /// Not enough stock of the offer for the amount asked (zl status).
    RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT = 400 "RESOURCE_INSUFFICIENT_PRODUCT_SOLD_OUT";
    OPERATION_DENIED_INSTANCE_RECYCLED = 403 "OPERATION_DENIED_INSTANCE_RECYCLED";
    OPERATION_DENIED_INSTANCE_NOT_STOPPED = 403 "OPERATION_DENIED_INSTANCE_NOT_STOPPED";
    OPERATION_DENIED_INSTANCE_NOT_RUNNING = 403 "OPERATION_DENIED_INSTANCE_NOT_RUNNING";
    OPERATION_DENIED_INSTANCE_CREATING = 403 "OPERATION_DENIED_INSTANCE_CREATING";
    OPERATION_DENIED_INSTANCE_STATUS_INSTALLING = 403 "OPERATION_DENIED_INSTANCE_STATUS_INSTALLING";
    OPERATION_DENIED_INSTANCE_NOT_RECYCLED = 403 "OPERATION_DENIED_INSTANCE_NOT_RECYCLED";
}

/// Looks a code up by its wire name; for a name defined with several statuses the first
/// one is returned.
pub fn by_name(name: &str) -> Option<Code> {
    ALL.iter().copied().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_upper_snake_and_statuses_are_http_errors() {
        for code in ALL {
            assert!(code
                .name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()));
            assert!((400..600).contains(&code.status), "{code:?}");
        }
    }

    #[test]
    fn each_name_and_status_pair_is_defined_once() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(a != b, "{a:?} defined twice");
            }
        }
    }
}
