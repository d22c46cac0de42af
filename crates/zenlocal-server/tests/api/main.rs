//! The real server on port 0 with a temporary SQLite file and a frozen clock, called over
//! real HTTP through zenlocal-client or hand-built requests.

mod addresses;
mod client;
mod clocks;
mod console;
mod control;
mod decoding;
mod describe;
mod disks;
mod gateway;
mod helpers;
mod images;
mod instances;
mod ips;
mod key_pairs;
mod operations;
mod plan;
mod registry;
mod resilience;
mod security_groups;
mod signature;
mod slow_clients;
mod subnets;
mod tools;
mod traffic;
mod vpcs;
