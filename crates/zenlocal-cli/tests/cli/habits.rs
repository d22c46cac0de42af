//! Habits users bring from other cloud CLIs: a typo gets the closest name or two, the
//! aws CLI's JMESPath literals work, a table never cuts an id, an error says its code once.

use super::Server;

#[test]
fn a_typo_gets_the_closest_one_or_two_names_in_kebab_case() {
    let server = Server::start(&[]);
    let out = server.cli(&["bmc", "describe-instance"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tip = stderr
        .lines()
        .find(|l| l.contains("tip:"))
        .unwrap_or_else(|| panic!("no tip in {stderr}"));
    let names: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    assert_eq!(names.first(), Some(&"describe-instances"), "{tip}");
    assert!((1..=2).contains(&names.len()), "{tip}");
    assert!(
        names
            .iter()
            .all(|n| !n.chars().any(|c| c.is_ascii_uppercase())),
        "{tip}"
    );
}

#[test]
fn queries_take_the_aws_clis_legacy_literals() {
    let server = Server::start(&[]);
    let legacy = server.json(&[
        "bmc",
        "describe-instances",
        "--query",
        "dataSet[?internetChargeType==`ByTrafficPackage`].instanceId",
    ]);
    let quoted = server.json(&[
        "bmc",
        "describe-instances",
        "--query",
        "dataSet[?internetChargeType=='ByTrafficPackage'].instanceId",
    ]);
    assert_eq!(legacy, quoted);
    assert_eq!(legacy.as_array().map(Vec::len), Some(2), "{legacy}");
}

#[test]
fn tables_never_cut_an_id() {
    let server = Server::start(&[]);
    let ids = server.json(&[
        "vm",
        "describe-instances",
        "--query",
        "dataSet[].instanceId",
    ]);
    let ids: Vec<&str> = ids
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    for args in [
        &["orders", "--output", "table"][..],
        &["vm", "describe-instances", "--output", "table"],
        &[
            "vm",
            "describe-instances",
            "--output",
            "table",
            "--query",
            "dataSet[].{instanceId: instanceId, instanceName: instanceName, zoneId: zoneId, \
             instanceType: instanceType, status: instanceStatus, charge: instanceChargeType}",
        ],
    ] {
        let table = server.ok(args);
        for id in &ids {
            assert!(table.contains(id), "{args:?}: {id} cut in\n{table}");
        }
    }
}
