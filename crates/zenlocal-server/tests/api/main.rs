//! The real server on port 0 with a temporary SQLite file and a frozen clock, called over
//! real HTTP through zenlocal-client or hand-built requests.

mod client;
mod clocks;
mod control;
mod decoding;
mod describe;
mod gateway;
mod helpers;
mod images;
mod instances;
mod key_pairs;
mod operations;
mod plan;
mod registry;
mod resilience;
mod signature;
mod slow_clients;
mod traffic;
