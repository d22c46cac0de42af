//! Links `zenlocal` with its relative relocations packed (`-z pack-relative-relocs`,
//! DT_RELR) when the C library that will load it understands them (glibc 2.36 and
//! later). The loader reads every relocation entry at start, and the pages it read stay
//! resident for the server's whole life: packed, the 31,000 entries take 8 KB instead of
//! 740 KB (README, Performance). Elsewhere — another C library, an older glibc, a cross
//! build, whose target's C library this script cannot ask — the binary links as before.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native_glibc = var("TARGET") == var("HOST")
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if native_glibc && glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's glibc is `major.minor` or later: `getconf GNU_LIBC_VERSION`
/// answers e.g. `glibc 2.36`.
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(version) = text.trim().strip_prefix("glibc ") else {
        return false;
    };
    let mut numbers = version.split('.').map(|n| n.parse::<u32>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}
