//! Two link options for `zenlocal`, each only where the linker that will run is known to
//! take it (a cross build, another C library or a linker of the user's choice links as
//! before):
//!
//! - Relative relocations packed (`-z pack-relative-relocs`, DT_RELR) when the C library
//!   that will load the binary understands them (glibc 2.36 and later). The loader reads
//!   every relocation entry at start, and the pages it read stay resident for the
//!   server's whole life: packed, the 31,000 entries take 8 KB instead of 740 KB.
//! - In release builds linked by LLD (Rust's default linker on x86_64 Linux since 1.90),
//!   the functions of `symbol-order.txt` placed first and side by side
//!   (`--symbol-ordering-file`): those that starting and the first requests run
//!   (`scripts/symbol-order`). The kernel maps code 64 KB around each page first
//!   touched, so start-up code spread over the binary keeps most of it resident: ordered,
//!   idle RSS falls from about 18 to 11 MiB.
//!
//! Both figures: README, Performance.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=symbol-order.txt");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native_glibc = var("TARGET") == var("HOST")
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if native_glibc && glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    let list = format!("{}/symbol-order.txt", var("CARGO_MANIFEST_DIR"));
    if var("PROFILE") == "release"
        && std::path::Path::new(&list).exists()
        && links_with_default_lld(&var)
    {
        println!("cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={list}");
        // A listed function the build no longer has (a name's hash changed) is skipped.
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// Whether the binary will be linked by the LLD that rustc uses by default on
/// x86_64-unknown-linux-gnu from 1.90 on: that target, that rustc, and neither a linker
/// nor linker flavour chosen in Cargo's configuration or the flags.
fn links_with_default_lld(var: &impl Fn(&str) -> String) -> bool {
    if var("TARGET") != "x86_64-unknown-linux-gnu"
        || !var("RUSTC_LINKER").is_empty()
        || var("CARGO_ENCODED_RUSTFLAGS").contains("link")
    {
        return false;
    }
    let Ok(out) = Command::new(var("RUSTC")).arg("-vV").output() else {
        return false;
    };
    // `release: 1.95.0`
    let text = String::from_utf8_lossy(&out.stdout);
    let release = text.lines().find_map(|line| line.strip_prefix("release: "));
    matches!(release.and_then(major_minor), Some(version) if version >= (1, 90))
}

/// Whether this machine's glibc is `major.minor` or later: `getconf GNU_LIBC_VERSION`
/// answers e.g. `glibc 2.36`.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.trim().strip_prefix("glibc ").and_then(major_minor);
    matches!(version, Some(version) if version >= (major, minor))
}

/// `2.36` or `1.95.0`: the first two numbers.
fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut numbers = version.trim().split('.').map(|n| n.parse::<u32>().ok());
    Some((numbers.next()??, numbers.next()??))
}
