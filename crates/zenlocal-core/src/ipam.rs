//! Address management (docs/decisions.md D-140): CIDR text in and out, containment and
//! overlap, and handing out free addresses or blocks. The arithmetic is the `ipnet`
//! crate's; this module decides which range is free.
//!
//! Addresses are handed out within a [`Scope`]: the public addresses of a zone, the
//! addresses of a CIDR block, the private addresses of a subnet, the subnets of a VPC.
//! What a scope holds is a set of ranges (a single address is a `/32` or `/128`), and no
//! two of them overlap: [`allocate`] picks the first free aligned ranges of a [`Pool`],
//! [`claim`] checks a range asked for by value. The store keeps one row per held range,
//! unique on (scope, first address), and holds the scope's lock while a command reads
//! what is held and adds to it, so two commands — on two replicas too — never hand out
//! one address twice.

pub use ipnet::IpNet;
use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::net::IpAddr;
use zenlocal_wire::Service;

/// Where addresses are handed out from; held ranges are unique within it. Stored by its
/// text, e.g. `zone:SEL-A`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Scope(String);

impl Scope {
    /// The public addresses of a zone (its catalog pools, IPv4 and IPv6): elastic IPs and
    /// IP blocks.
    pub fn zone(zone_id: &str) -> Scope {
        Scope(format!("zone:{zone_id}"))
    }

    /// The public IPv4 addresses a zone gives its instances of a service, one each
    /// (D-232). bmc and vm zones are apart in the catalog, so the service is named.
    pub fn instances(service: Service, zone_id: &str) -> Scope {
        Scope(format!("zone-instances:{}:{zone_id}", service.name()))
    }

    /// The private addresses a zone gives its instances of a service that are in no
    /// subnet, one each (D-233). Named so that it sorts after a subnet's scope and after
    /// [`Scope::instances`] of the same zone: CreateInstances and leaving a subnet hold
    /// them in that order (D-110: scopes in ascending order).
    pub fn private(service: Service, zone_id: &str) -> Scope {
        Scope(format!("zone-private:{}:{zone_id}", service.name()))
    }

    /// Customers' own blocks (BYOIP), of every account: no two may overlap.
    pub fn byoip() -> Scope {
        Scope("byoip".to_owned())
    }

    /// The addresses of a CIDR block, bound one by one to instances.
    pub fn block(cidr_block_id: &str) -> Scope {
        Scope(format!("block:{cidr_block_id}"))
    }

    /// The private addresses of a subnet.
    pub fn subnet(subnet_id: &str) -> Scope {
        Scope(format!("subnet:{subnet_id}"))
    }

    /// The ranges of an account's subnets in a zone that are in no VPC (vm subnets).
    pub fn subnets(account_id: &str, zone_id: &str) -> Scope {
        Scope(format!("subnets:{account_id}:{zone_id}"))
    }

    /// The subnets of a VPC, ranges inside its CIDR.
    pub fn vpc(vpc_id: &str) -> Scope {
        Scope(format!("vpc:{vpc_id}"))
    }

    /// A scope as stored.
    pub fn from_stored(text: String) -> Scope {
        Scope(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Family {
    #[serde(rename = "IPv4")]
    V4,
    #[serde(rename = "IPv6")]
    V6,
}

impl Family {
    pub fn of(net: &IpNet) -> Family {
        match net {
            IpNet::V4(_) => Family::V4,
            IpNet::V6(_) => Family::V6,
        }
    }

    /// The prefix length of a single address.
    pub fn max_prefix(self) -> u8 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }
}

/// Why a range cannot be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IpamError {
    /// The text is not an address, or not a network address with its prefix.
    #[error("{0}")]
    Malformed(String),
    /// Fewer free ranges of the size asked for than asked.
    #[error("only {free} free range(s) of /{prefix} are left, {asked} asked")]
    Exhausted { prefix: u8, free: u64, asked: u64 },
    /// The range asked for is not inside the pool.
    #[error("{range} is not inside {within}")]
    Outside { range: IpNet, within: String },
    /// The range asked for overlaps one held.
    #[error("{range} overlaps {held}, which is taken")]
    Taken { range: IpNet, held: IpNet },
}

/// Reads a network in CIDR notation, `198.51.100.0/24` or `2001:db8::/32`: the address
/// must be the network's first (no host bits set), so that one range has one spelling.
pub fn parse_cidr(text: &str) -> Result<IpNet, IpamError> {
    let net: IpNet = text
        .trim()
        .parse()
        .map_err(|_| IpamError::Malformed(format!("`{text}` is not a CIDR block")))?;
    if net.trunc() != net {
        return Err(IpamError::Malformed(format!(
            "`{text}` has host bits set; the network is {}",
            net.trunc()
        )));
    }
    Ok(net)
}

/// Reads one address, IPv4 or IPv6.
pub fn parse_address(text: &str) -> Result<IpAddr, IpamError> {
    text.trim()
        .parse()
        .map_err(|_| IpamError::Malformed(format!("`{text}` is not an IP address")))
}

/// A single address as a range of one.
pub fn single(address: IpAddr) -> IpNet {
    match address {
        IpAddr::V4(a) => IpNet::V4(Ipv4Net::from(a)),
        IpAddr::V6(a) => IpNet::V6(Ipv6Net::from(a)),
    }
}

/// Whether two ranges share an address. Aligned ranges either nest or are apart.
pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Whether `inner` lies wholly inside `outer`.
pub fn contains(outer: &IpNet, inner: &IpNet) -> bool {
    outer.contains(inner)
}

/// The number of addresses of a range, saturating at `u64::MAX` (an IPv6 `/64` has
/// 2^64).
pub fn size(net: &IpNet) -> u64 {
    let bits = u32::from(net.max_prefix_len() - net.prefix_len());
    if bits >= 64 {
        u64::MAX
    } else {
        1u64 << bits
    }
}

/// The gateway of a network of more than two addresses: the first after the network
/// address.
pub fn gateway(net: &IpNet) -> Option<IpAddr> {
    (size(net) > 2).then(|| address(net, number(net.network()) + 1))
}

/// The ranges a scope hands out from, and the addresses in them that are never handed
/// out (a subnet's network, gateway and broadcast addresses).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pool {
    pub ranges: Vec<IpNet>,
    pub reserved: Vec<IpAddr>,
}

impl Pool {
    pub fn new(ranges: Vec<IpNet>) -> Pool {
        Pool {
            ranges,
            reserved: Vec::new(),
        }
    }

    /// The addresses of one network handed out one by one — a subnet's private addresses,
    /// a CIDR block's public ones: its network address, its gateway and (IPv4) its
    /// broadcast address are never handed out. A network of one or two addresses reserves
    /// none.
    pub fn hosts(net: IpNet) -> Pool {
        let mut reserved = Vec::new();
        if size(&net) > 2 {
            reserved.push(net.network());
            reserved.extend(gateway(&net));
            if let IpNet::V4(_) = net {
                reserved.push(net.broadcast());
            }
        }
        Pool {
            ranges: vec![net],
            reserved,
        }
    }

    /// The ranges of one family.
    pub fn of(&self, family: Family) -> Pool {
        Pool {
            ranges: self
                .ranges
                .iter()
                .filter(|r| Family::of(r) == family)
                .copied()
                .collect(),
            reserved: self.reserved.clone(),
        }
    }
}

/// Picks `count` free ranges of length `prefix` from `pool`, given what the scope holds:
/// the lowest first, each aligned to its size, none overlapping a held range, another
/// pick or a reserved address. All of them or none (D-21). The walk steps over a held
/// range wider than the ranges asked for, so a `/64` is found in a `/32` at once.
pub fn allocate(
    pool: &Pool,
    held: &[IpNet],
    prefix: u8,
    count: usize,
) -> Result<Vec<IpNet>, IpamError> {
    let mut taken: Vec<IpNet> = held.to_vec();
    let mut picked = Vec::with_capacity(count);
    for range in &pool.ranges {
        if prefix < range.prefix_len() || prefix > range.max_prefix_len() {
            continue;
        }
        let step = 1u128 << u32::from(range.max_prefix_len() - prefix);
        let end = number(range.broadcast());
        let mut at = number(range.network());
        while picked.len() < count && at <= end {
            let Ok(candidate) = IpNet::new(address(range, at), prefix) else {
                break;
            };
            let next = match taken.iter().find(|h| overlaps(h, &candidate)) {
                // Past a wider held range: it is aligned, so its end is a boundary.
                Some(h) if h.prefix_len() < prefix => number(h.broadcast()).checked_add(1),
                Some(_) => at.checked_add(step),
                None if pool.reserved.iter().any(|a| candidate.contains(a)) => at.checked_add(step),
                None => {
                    picked.push(candidate);
                    taken.push(candidate);
                    at.checked_add(step)
                }
            };
            match next {
                Some(n) => at = n,
                None => break,
            }
        }
    }
    if picked.len() == count {
        Ok(picked)
    } else {
        Err(IpamError::Exhausted {
            prefix,
            free: free_count(pool, held, prefix),
            asked: count as u64,
        })
    }
}

/// The addresses of some ranges handed out one by one, in order, as one ring (D-232): the
/// range's first and last address are left out of a range of more than two (its network
/// and broadcast addresses), every address of a `/31` or `/32` is in. Offset `k` names
/// the `k`-th address of the ranges taken in order, so a walk over the pool is a walk
/// over offsets `0..len`, wrapping at the end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ring {
    /// Each range's first address handed out, as a number, and how many it hands out.
    spans: Vec<(IpNet, u128, u64)>,
    len: u64,
}

impl Ring {
    pub fn hosts(ranges: &[IpNet]) -> Ring {
        let mut spans = Vec::with_capacity(ranges.len());
        let mut len: u64 = 0;
        for range in ranges {
            let all = size(range);
            let (first, count) = if all > 2 {
                (number(range.network()) + 1, all - 2)
            } else {
                (number(range.network()), all)
            };
            spans.push((*range, first, count));
            len = len.saturating_add(count);
        }
        Ring { spans, len }
    }

    /// How many addresses the ring hands out.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The address at `offset`, taken modulo the ring's length; `None` for an empty ring.
    pub fn address(&self, offset: u64) -> Option<IpAddr> {
        if self.len == 0 {
            return None;
        }
        let mut k = offset % self.len;
        for (range, first, count) in &self.spans {
            if k < *count {
                return Some(address(range, first + u128::from(k)));
            }
            k -= count;
        }
        None
    }
}

/// What a next-fit walk handed out: the addresses, in order, and the offset the next walk
/// starts at — just past the last one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub addresses: Vec<IpAddr>,
    pub next_offset: u64,
}

/// Most candidates one probe asks about: what one statement of the store looks up.
pub const PROBE: usize = 32;

/// Hands out `count` addresses of `ring` next-fit (D-232, D-233): from offset `cursor` on,
/// wrapping at the ring's end, each candidate whose address `held` does not name is
/// taken. `held` is asked about candidates a batch at a time (at most [`PROBE`]), and
/// answers which of them the scope holds — a point lookup each, so handing out costs what
/// it walks, never what the scope holds; while nothing is given back, a walk finds the
/// free addresses at once. A walk that comes round to where it started without finding
/// `count` answers `None`: the pool has too few free, and nothing is handed out.
pub fn next_fit<E>(
    ring: &Ring,
    cursor: u64,
    count: usize,
    mut held: impl FnMut(&[IpAddr]) -> Result<Vec<IpAddr>, E>,
) -> Result<Option<Drawn>, E> {
    let len = ring.len();
    let start = if len == 0 { 0 } else { cursor % len };
    let mut addresses = Vec::with_capacity(count);
    let mut walked: u64 = 0;
    let mut next_offset = start;
    while addresses.len() < count {
        let left = len - walked;
        if left == 0 {
            return Ok(None);
        }
        let need = (count - addresses.len()) as u64;
        let batch = need.saturating_mul(2).clamp(1, PROBE as u64).min(left);
        let candidates: Vec<IpAddr> = (0..batch)
            .filter_map(|i| ring.address(start + walked + i))
            .collect();
        let taken = held(&candidates)?;
        for (i, candidate) in candidates.iter().enumerate() {
            if addresses.len() == count {
                break;
            }
            if !taken.contains(candidate) {
                addresses.push(*candidate);
                next_offset = (start + walked + i as u64 + 1) % len;
            }
        }
        walked += batch;
    }
    Ok(Some(Drawn {
        addresses,
        next_offset,
    }))
}

/// An address as a number, for walking a range.
fn number(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// The address numbered `n` in `range`'s family (`n` lies within the range).
fn address(range: &IpNet, n: u128) -> IpAddr {
    match range {
        IpNet::V4(_) => IpAddr::V4(u32::try_from(n).unwrap_or(u32::MAX).into()),
        IpNet::V6(_) => IpAddr::V6(n.into()),
    }
}

/// Checks that `range`, asked for by value, may be held: inside one of the pool's ranges
/// and clear of every held range and reserved address.
pub fn claim(pool: &Pool, held: &[IpNet], range: &IpNet) -> Result<(), IpamError> {
    if !pool.ranges.iter().any(|r| r.contains(range)) {
        return Err(IpamError::Outside {
            range: *range,
            within: pool
                .ranges
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    if let Some(h) = held.iter().find(|h| overlaps(h, range)) {
        return Err(IpamError::Taken {
            range: *range,
            held: *h,
        });
    }
    if let Some(a) = pool.reserved.iter().find(|a| range.contains(*a)) {
        return Err(IpamError::Taken {
            range: *range,
            held: single(*a),
        });
    }
    Ok(())
}

/// How many aligned ranges of length `prefix` the pool still has free: what a zone can
/// still sell (its stock), saturating at `u64::MAX`.
pub fn free_count(pool: &Pool, held: &[IpNet], prefix: u8) -> u64 {
    let mut free: u64 = 0;
    for range in &pool.ranges {
        if prefix < range.prefix_len() || prefix > range.max_prefix_len() {
            continue;
        }
        let bits = u32::from(prefix - range.prefix_len());
        let total = if bits >= 64 { u64::MAX } else { 1u64 << bits };
        // Candidates hit: a held range at least as narrow blocks the one candidate it
        // lies in; a wider one blocks every candidate inside it (held ranges never
        // overlap each other).
        let mut hit: HashSet<IpNet> = HashSet::new();
        let mut wide: u64 = 0;
        for h in held.iter().filter(|h| overlaps(h, range)) {
            if h.prefix_len() >= prefix {
                if let Ok(outer) = IpNet::new(h.network(), prefix) {
                    hit.insert(outer.trunc());
                }
            } else if range.contains(h) {
                let inner = u32::from(prefix - h.prefix_len());
                wide = wide.saturating_add(if inner >= 64 { u64::MAX } else { 1u64 << inner });
            } else {
                // A held range around the whole pool range leaves nothing.
                wide = total;
            }
        }
        for a in &pool.reserved {
            if range.contains(a) {
                if let Ok(outer) = IpNet::new(*a, prefix) {
                    hit.insert(outer.trunc());
                }
            }
        }
        let blocked = wide.saturating_add(hit.len() as u64);
        free = free.saturating_add(total.saturating_sub(blocked));
    }
    free
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> IpNet {
        parse_cidr(text).unwrap()
    }

    fn nets(texts: &[&str]) -> Vec<IpNet> {
        texts.iter().map(|t| net(t)).collect()
    }

    /// D-140: a CIDR block is read with its network address only; addresses of both
    /// families are read; anything else is malformed.
    #[test]
    fn cidr_text_is_read_strictly() {
        assert_eq!(net("198.51.100.0/24").to_string(), "198.51.100.0/24");
        assert_eq!(net("2001:db8::/32").to_string(), "2001:db8::/32");
        for bad in ["198.51.100.1/24", "198.51.100.0/33", "10.0.0.0", "x/8", ""] {
            assert!(
                matches!(parse_cidr(bad), Err(IpamError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(
            parse_address("2001:db8::1").unwrap().to_string(),
            "2001:db8::1"
        );
        assert!(parse_address("198.51.100.256").is_err());
        assert_eq!(
            single(parse_address("10.0.0.7").unwrap()),
            net("10.0.0.7/32")
        );
    }

    /// D-140: containment and overlap of aligned ranges.
    #[test]
    fn ranges_nest_or_are_apart() {
        let vpc = net("10.0.0.0/16");
        assert!(contains(&vpc, &net("10.0.4.0/24")));
        assert!(!contains(&net("10.0.4.0/24"), &vpc));
        assert!(!contains(&vpc, &net("10.1.0.0/24")));
        assert!(overlaps(&vpc, &net("10.0.4.0/24")));
        assert!(overlaps(&net("10.0.4.0/24"), &vpc));
        assert!(!overlaps(&net("10.0.4.0/24"), &net("10.0.5.0/24")));
        assert!(!overlaps(&net("10.0.0.0/8"), &net("2001:db8::/32")));
        assert_eq!(size(&net("198.51.100.0/29")), 8);
        assert_eq!(size(&net("2001:db8::/64")), u64::MAX);
    }

    /// D-140: the lowest free addresses are handed out, never one held or reserved.
    #[test]
    fn allocation_takes_the_lowest_free_addresses() {
        let pool = Pool {
            ranges: nets(&["198.51.100.0/29"]),
            reserved: vec![parse_address("198.51.100.0").unwrap()],
        };
        let held = nets(&["198.51.100.1/32", "198.51.100.3/32"]);
        let got = allocate(&pool, &held, 32, 3).unwrap();
        assert_eq!(
            got,
            nets(&["198.51.100.2/32", "198.51.100.4/32", "198.51.100.5/32"])
        );
        assert_eq!(free_count(&pool, &held, 32), 5);
    }

    /// D-140: a block is aligned to its size and clear of every held address; a pool of
    /// several ranges is used in order.
    #[test]
    fn a_block_is_aligned_and_clear() {
        let pool = Pool::new(nets(&["203.0.113.0/28", "203.0.113.64/28"]));
        let held = nets(&["203.0.113.9/32", "203.0.113.0/30"]);
        assert_eq!(
            allocate(&pool, &held, 29, 2).unwrap(),
            nets(&["203.0.113.64/29", "203.0.113.72/29"])
        );
        assert_eq!(
            allocate(&pool, &held, 30, 1).unwrap(),
            nets(&["203.0.113.4/30"])
        );
        assert_eq!(free_count(&pool, &held, 29), 2);
        assert_eq!(free_count(&pool, &held, 30), 2 + 4);
        assert_eq!(free_count(&pool, &held, 32), 32 - 5);
    }

    /// D-140: more than the pool has left is refused whole, saying how many are free.
    #[test]
    fn an_exhausted_pool_hands_out_nothing() {
        let pool = Pool::new(nets(&["198.51.100.0/30"]));
        let held = nets(&["198.51.100.2/32"]);
        assert_eq!(
            allocate(&pool, &held, 32, 4),
            Err(IpamError::Exhausted {
                prefix: 32,
                free: 3,
                asked: 4
            })
        );
        assert_eq!(
            allocate(&pool, &held, 24, 1).unwrap_err().to_string(),
            "only 0 free range(s) of /24 are left, 1 asked"
        );
    }

    /// D-140: IPv6 blocks come from an IPv6 range of the pool; a /64 out of a /32 is
    /// found without walking the range.
    #[test]
    fn ipv6_blocks_come_from_ipv6_ranges() {
        let pool = Pool::new(nets(&["198.51.100.0/24", "2001:db8:1::/48"]));
        let v6 = pool.of(Family::V6);
        let held = nets(&["2001:db8:1::/64"]);
        assert_eq!(
            allocate(&v6, &held, 64, 1).unwrap(),
            nets(&["2001:db8:1:1::/64"])
        );
        assert_eq!(free_count(&v6, &held, 64), 65_535);
        assert_eq!(free_count(&pool.of(Family::V4), &[], 32), 256);
    }

    /// D-140: a range asked for by value must lie in the pool and clear of what is held
    /// and reserved — a subnet inside its VPC, an address inside its block.
    #[test]
    fn a_claim_must_be_inside_and_clear() {
        let vpc = Pool::new(nets(&["10.0.0.0/16"]));
        let subnets = nets(&["10.0.1.0/24"]);
        assert!(claim(&vpc, &subnets, &net("10.0.2.0/24")).is_ok());
        assert_eq!(
            claim(&vpc, &subnets, &net("10.0.0.0/23")),
            Err(IpamError::Taken {
                range: net("10.0.0.0/23"),
                held: net("10.0.1.0/24")
            })
        );
        assert!(matches!(
            claim(&vpc, &subnets, &net("10.1.0.0/24")),
            Err(IpamError::Outside { .. })
        ));
        let block = Pool {
            ranges: nets(&["203.0.113.0/29"]),
            reserved: vec![parse_address("203.0.113.1").unwrap()],
        };
        assert!(matches!(
            claim(&block, &[], &net("203.0.113.1/32")),
            Err(IpamError::Taken { .. })
        ));
    }

    /// D-140: a network handed out address by address keeps its network, gateway and
    /// broadcast addresses; IPv6 has no broadcast; a /31 reserves nothing.
    #[test]
    fn a_network_keeps_its_own_addresses() {
        let subnet = Pool::hosts(net("10.0.1.0/24"));
        let reserved: Vec<String> = subnet.reserved.iter().map(ToString::to_string).collect();
        assert_eq!(reserved, ["10.0.1.0", "10.0.1.1", "10.0.1.255"]);
        assert_eq!(
            allocate(&subnet, &[], 32, 1).unwrap(),
            nets(&["10.0.1.2/32"])
        );
        assert_eq!(free_count(&subnet, &[], 32), 253);
        assert_eq!(Pool::hosts(net("2001:db8::/64")).reserved.len(), 2);
        assert!(Pool::hosts(net("203.0.113.6/31")).reserved.is_empty());
        assert_eq!(
            gateway(&net("203.0.113.8/29")).unwrap().to_string(),
            "203.0.113.9"
        );
    }

    fn addrs(texts: &[&str]) -> Vec<IpAddr> {
        texts.iter().map(|t| parse_address(t).unwrap()).collect()
    }

    /// A probe over a set of held addresses, counting the candidates asked about.
    fn probe<'a>(
        held: &'a [IpAddr],
        asked: &'a mut usize,
    ) -> impl FnMut(&[IpAddr]) -> Result<Vec<IpAddr>, ()> + 'a {
        move |candidates| {
            *asked += candidates.len();
            Ok(candidates
                .iter()
                .filter(|c| held.contains(c))
                .copied()
                .collect())
        }
    }

    /// D-232: offset `k` is the `k`-th address of the ranges in order, each range without
    /// its network and broadcast addresses (a /31 or /32 keeps them), wrapping at the end.
    #[test]
    fn a_ring_numbers_the_addresses_of_its_ranges_in_order() {
        let ring = Ring::hosts(&nets(&["198.18.0.0/30", "198.18.1.0/31", "198.18.2.9/32"]));
        assert_eq!(ring.len(), 2 + 2 + 1);
        let all: Vec<IpAddr> = (0..6).filter_map(|k| ring.address(k)).collect();
        assert_eq!(
            all,
            addrs(&[
                "198.18.0.1",
                "198.18.0.2",
                "198.18.1.0",
                "198.18.1.1",
                "198.18.2.9",
                "198.18.0.1"
            ])
        );
        assert_eq!(Ring::hosts(&[]).address(0), None);
        assert_eq!(Ring::hosts(&nets(&["198.18.0.0/18"])).len(), 16_382);
    }

    /// D-232: next-fit hands out from the cursor on, skipping what is held, and moves the
    /// cursor just past the last address handed out; while nothing is held it asks about
    /// no more than twice the addresses it hands out.
    #[test]
    fn next_fit_hands_out_from_the_cursor_on() {
        let ring = Ring::hosts(&nets(&["198.18.0.0/29", "198.18.0.64/30"]));
        let held = addrs(&["198.18.0.3", "198.18.0.4"]);
        let mut asked = 0;
        let drawn = next_fit(&ring, 1, 3, probe(&held, &mut asked))
            .unwrap()
            .unwrap();
        assert_eq!(
            drawn,
            Drawn {
                addresses: addrs(&["198.18.0.2", "198.18.0.5", "198.18.0.6"]),
                next_offset: 6,
            }
        );
        let mut asked = 0;
        let fresh = Ring::hosts(&nets(&["198.18.0.0/18"]));
        let drawn = next_fit(&fresh, 1000, 100, probe(&[], &mut asked))
            .unwrap()
            .unwrap();
        assert_eq!(drawn.addresses.len(), 100);
        assert_eq!(drawn.next_offset, 1100);
        assert!(asked <= 200, "{asked}");
    }

    /// D-232: the walk wraps at the pool's end, so an address given back is handed out
    /// again only once the rest of the pool has been walked; the cursor of a pool grown
    /// smaller is taken modulo its length.
    #[test]
    fn next_fit_wraps_at_the_end_of_the_pool() {
        let ring = Ring::hosts(&nets(&["198.18.0.0/29", "198.18.0.64/30"]));
        assert_eq!(ring.len(), 8);
        let held = addrs(&["198.18.0.65", "198.18.0.1"]);
        let mut asked = 0;
        let drawn = next_fit(&ring, 6, 2, probe(&held, &mut asked))
            .unwrap()
            .unwrap();
        assert_eq!(
            drawn,
            Drawn {
                addresses: addrs(&["198.18.0.66", "198.18.0.2"]),
                next_offset: 2,
            }
        );
        let mut asked = 0;
        let drawn = next_fit(&ring, 8 + 3, 1, probe(&[], &mut asked))
            .unwrap()
            .unwrap();
        assert_eq!(drawn.addresses, addrs(&["198.18.0.4"]));
    }

    /// D-232: a walk round the whole pool that finds too few free hands out nothing;
    /// an empty pool has none.
    #[test]
    fn next_fit_refuses_more_than_the_pool_has_free() {
        let ring = Ring::hosts(&nets(&["198.18.0.0/30"]));
        let held = addrs(&["198.18.0.2"]);
        let mut asked = 0;
        assert_eq!(next_fit(&ring, 0, 2, probe(&held, &mut asked)), Ok(None));
        assert_eq!(asked, 2);
        let mut asked = 0;
        assert_eq!(
            next_fit(&ring, 0, 1, probe(&held, &mut asked))
                .unwrap()
                .unwrap()
                .addresses,
            addrs(&["198.18.0.1"])
        );
        let mut asked = 0;
        assert_eq!(
            next_fit(&Ring::default(), 0, 1, probe(&[], &mut asked)),
            Ok(None)
        );
    }

    /// D-140: scopes are named by what they hand out from.
    #[test]
    fn scopes_name_what_they_hand_out_from() {
        assert_eq!(Scope::zone("SEL-A").as_str(), "zone:SEL-A");
        assert_eq!(Scope::subnet("sub-1").to_string(), "subnet:sub-1");
        assert_eq!(Scope::vpc("vpc-1").as_str(), "vpc:vpc-1");
        assert_eq!(Scope::block("cb-1").as_str(), "block:cb-1");
        assert_eq!(Scope::byoip().as_str(), "byoip");
        let public = Scope::instances(Service::Bmc, "SEL-A");
        let private = Scope::private(Service::Bmc, "SEL-A");
        assert_eq!(public.as_str(), "zone-instances:bmc:SEL-A");
        assert_eq!(private.as_str(), "zone-private:bmc:SEL-A");
        // D-110: CreateInstances holds a subnet, then the public, then the private pool.
        assert!(Scope::subnet("sub-1") < public && public < private);
    }
}
