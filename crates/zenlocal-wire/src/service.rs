//! Services and their accepted versions, with the aliases official SDKs send (D-1,
//! D-101). The actions each one answers are the table of `api.rs`.

use crate::{codes, ApiError};
use serde::{Deserialize, Serialize};

/// A service of the API, named on the wire and in stored rows by [`Service::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Bmc,
    Vm,
    Zbc,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::Bmc, Service::Vm, Service::Zbc];

    pub fn from_path(segment: &str) -> Option<Service> {
        match segment {
            "bmc" => Some(Service::Bmc),
            "vm" => Some(Service::Vm),
            "zbc" => Some(Service::Zbc),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Service::Bmc => "bmc",
            Service::Vm => "vm",
            Service::Zbc => "zbc",
        }
    }

    /// Accepted versions, oldest first.
    pub fn versions(self) -> &'static [Version] {
        match self {
            Service::Bmc => &[Version::Bmc20221120, Version::Bmc20260201],
            Service::Vm => &[Version::Vm20230313, Version::Vm20260401],
            Service::Zbc => &[Version::Zbc20240809],
        }
    }

    pub fn newest(self) -> Version {
        *self.versions().last().expect("every service has a version")
    }

    /// The version named by `X-ZC-Version`, by its name or an alias; absent means the
    /// newest (D-1, D-101).
    pub fn version(self, header: Option<&str>) -> Result<Version, ApiError> {
        let Some(name) = header.map(str::trim) else {
            return Ok(self.newest());
        };
        self.versions()
            .iter()
            .copied()
            .find(|v| v.name() == name || v.aliases().contains(&name))
            .ok_or_else(|| {
                let accepted: Vec<&str> = self
                    .versions()
                    .iter()
                    .flat_map(|v| std::iter::once(v.name()).chain(v.aliases().iter().copied()))
                    .collect();
                ApiError::new(
                    codes::INVALID_VERSION_NOT_SUPPORT,
                    format!(
                        "X-ZC-Version `{name}` is not supported by {}; accepted: {}",
                        self.name(),
                        accepted.join(", ")
                    ),
                )
            })
    }
}

/// How a service is stored and shown: its path segment (`bmc`, `vm`, `zbc`).
impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Service {
    type Err = String;
    fn from_str(name: &str) -> Result<Service, String> {
        Service::from_path(name).ok_or_else(|| format!("unknown service `{name}`"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    Bmc20221120,
    Bmc20260201,
    Vm20230313,
    Vm20260401,
    Zbc20240809,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::Bmc20221120 => "2022-11-20",
            Version::Bmc20260201 => "2026-02-01",
            Version::Vm20230313 => "2023-03-13",
            Version::Vm20260401 => "2026-04-01",
            Version::Zbc20240809 => "2024-08-09",
        }
    }

    /// Other values of `X-ZC-Version` that name this version and answer exactly as it
    /// does (D-101): what an official SDK sends for it.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            // zenlayercloud-sdk-go's zbc20240809 package sends APIVersion "2024-08-08".
            Version::Zbc20240809 => &["2024-08-08"],
            _ => &[],
        }
    }

    pub fn service(self) -> Service {
        match self {
            Version::Bmc20221120 | Version::Bmc20260201 => Service::Bmc,
            Version::Vm20230313 | Version::Vm20260401 => Service::Vm,
            Version::Zbc20240809 => Service::Zbc,
        }
    }

    /// The 2026 versions: `PriceItem` instead of `Price`, and the fields they added
    /// (ZENLAYER-API.md §9).
    pub fn is_2026(self) -> bool {
        matches!(self, Version::Bmc20260201 | Version::Vm20260401)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_version_is_the_newest() {
        assert_eq!(Service::Bmc.version(None).unwrap(), Version::Bmc20260201);
        assert_eq!(Service::Vm.version(None).unwrap(), Version::Vm20260401);
        assert_eq!(Service::Zbc.version(None).unwrap(), Version::Zbc20240809);
    }

    #[test]
    fn versions_belong_to_their_service() {
        assert_eq!(
            Service::Bmc.version(Some("2023-03-13")).unwrap_err().code,
            codes::INVALID_VERSION_NOT_SUPPORT
        );
        for s in Service::ALL {
            for v in s.versions() {
                assert_eq!(v.service(), s);
                assert_eq!(s.version(Some(v.name())).unwrap(), *v);
            }
        }
    }

    #[test]
    fn aliases_name_their_version_and_no_other() {
        // D-101: the Go SDK's zbc version answers as 2024-08-09.
        assert_eq!(
            Service::Zbc.version(Some("2024-08-08")).unwrap(),
            Version::Zbc20240809
        );
        assert_eq!(
            Service::Bmc.version(Some("2024-08-08")).unwrap_err().code,
            codes::INVALID_VERSION_NOT_SUPPORT
        );
        for s in Service::ALL {
            for v in s.versions() {
                for alias in v.aliases() {
                    assert_eq!(s.version(Some(alias)).unwrap(), *v);
                    let others = Service::ALL.iter().filter(|o| **o != s);
                    for other in others.flat_map(|o| o.versions()) {
                        assert_ne!(other.name(), *alias, "{alias} names two versions");
                    }
                }
            }
        }
    }
}
