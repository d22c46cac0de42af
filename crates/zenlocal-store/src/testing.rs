//! Support for the test suites of the workspace (not for production code): where the
//! PostgreSQL variants of the tests run.

use std::io::Write;
use std::sync::Once;

/// The variable naming the PostgreSQL server the tests may use; each test makes and
/// drops a database of its own on it.
pub const POSTGRES_URL_VAR: &str = "ZENLOCAL_TEST_POSTGRES_URL";

static SKIPPED: Once = Once::new();

/// The server for the PostgreSQL variants, from `ZENLOCAL_TEST_POSTGRES_URL`. When it is
/// unset the variants are skipped, and the first call of a test binary says so and how
/// to run them — written to the terminal itself, past the test harness's capture, so a
/// skip is never silent.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty());
    if url.is_none() {
        note_skipped(&SKIPPED, &mut std::io::stderr());
    }
    url
}

fn note_skipped(once: &Once, out: &mut dyn Write) {
    once.call_once(|| {
        let _ = writeln!(
            out,
            "\nnote: the PostgreSQL variants of these tests are skipped; run them with \
             {POSTGRES_URL_VAR}=postgres://postgres@127.0.0.1:5432/test"
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_is_said_once_with_how_to_run() {
        let once = Once::new();
        let mut out = Vec::new();
        note_skipped(&once, &mut out);
        note_skipped(&once, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("note:").count(), 1, "{text}");
        assert!(
            text.contains("ZENLOCAL_TEST_POSTGRES_URL=postgres://"),
            "{text}"
        );
    }
}
