//! The test kit the API suite shares with the workspace's other suites.

pub use zenlocal_testkit::*;
