//! How a client-side command fails, and the exit code each way maps to: 2 for a usage
//! error (as clap exits for a bad flag), 1 for an error the service answered or any
//! other failure.

use zenlocal_wire::error::describe;

#[derive(Debug)]
pub enum Failure {
    /// The command line (or a profile it names) cannot be carried out as given.
    Usage(String),
    /// The service answered with an error body.
    Api {
        status: u16,
        code: String,
        message: String,
        request_id: String,
    },
    /// No answer, an answer of an unexpected shape, or a local I/O failure.
    Other(String),
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage(message.into())
    }

    pub fn other(message: impl Into<String>) -> Failure {
        Failure::Other(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Api { .. } | Failure::Other(_) => 1,
        }
    }

    /// The message alone, without the `error:` frame.
    pub fn message(&self) -> String {
        match self {
            Failure::Usage(message) | Failure::Other(message) => message.clone(),
            Failure::Api { code, message, .. } => format!("{code}: {message}"),
        }
    }

    /// What goes to stderr.
    pub fn report(&self) -> String {
        match self {
            Failure::Usage(message) => {
                format!("error: {message}\n\nFor more information, try '--help'.\n")
            }
            Failure::Api {
                status,
                code,
                message,
                request_id,
            } => format!("error: {code} (HTTP {status}): {message}\n  requestId: {request_id}\n"),
            Failure::Other(message) => format!("error: {message}\n"),
        }
    }

    /// A client error, with the causes a bare reqwest message leaves out.
    pub fn from_client(error: zenlocal_client::Error, endpoint: &str) -> Failure {
        match error {
            zenlocal_client::Error::Api {
                status,
                code,
                message,
                request_id,
            } => Failure::Api {
                status,
                code,
                message,
                request_id,
            },
            zenlocal_client::Error::Network(e) => Failure::from_network(&e, endpoint),
            zenlocal_client::Error::Endpoint(e) => Failure::usage(format!(
                "invalid endpoint `{e}`; expected http://HOST:PORT or https://HOST"
            )),
            other => Failure::Other(other.to_string()),
        }
    }

    pub fn from_network(error: &reqwest::Error, endpoint: &str) -> Failure {
        let mut text = format!("cannot reach {endpoint}: {}", describe(error));
        if error.is_connect() {
            text.push_str(
                " (is `zenlocal serve` running? pick another server with --endpoint or ZENLAYER_ENDPOINT)",
            );
        }
        Failure::Other(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_name_code_and_request_id_and_exit_1() {
        let f = Failure::Api {
            status: 404,
            code: "INVALID_INSTANCE_NOT_FOUND".into(),
            message: "no such instance".into(),
            request_id: "req-1".into(),
        };
        assert_eq!(f.exit_code(), 1);
        let text = f.report();
        assert_eq!(
            text.matches("INVALID_INSTANCE_NOT_FOUND").count(),
            1,
            "{text}"
        );
        assert!(text.contains("requestId: req-1"), "{text}");
        assert_eq!(Failure::usage("x").exit_code(), 2);
    }
}
