//! Printing answers: pretty JSON, or tables that fit an 80-column terminal. `--query`
//! (JMESPath) is applied first; a queried answer is rendered generically.

use crate::failure::Failure;
use clap::ValueEnum;
use serde_json::{Map, Value};

/// The width every table is fitted to.
pub const WIDTH: usize = 80;
const GAP: &str = "  ";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// The answer as indented JSON.
    Json,
    /// Columns fitted to 80 characters.
    #[value(alias = "text")]
    Table,
}

impl OutputFormat {
    pub fn parse(text: &str) -> Option<OutputFormat> {
        OutputFormat::from_str(text, true).ok()
    }

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Table => "table",
        }
    }
}

/// The table layout an answer gets when not queried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Generic,
    Instances,
    InternetStatus,
    TypeStatus,
    Orders,
    Transactions,
}

/// Checks a `--query` expression when the flag is parsed, so a typo is a usage error.
pub fn parse_query(text: &str) -> Result<String, String> {
    compile(text)
        .map(|_| text.to_owned())
        .map_err(|e| format!("not a JMESPath expression: {e}"))
}

pub fn query(expression: &str, value: &Value) -> Result<Value, Failure> {
    let compiled = compile(expression).map_err(|e| Failure::usage(format!("--query: {e}")))?;
    let found = compiled
        .search(value)
        .map_err(|e| Failure::usage(format!("--query: {e}")))?;
    serde_json::to_value(&*found).map_err(|e| Failure::other(format!("--query: {e}")))
}

fn compile(expression: &str) -> Result<jmespath::Expression<'static>, jmespath::JmespathError> {
    jmespath::compile(&with_legacy_literals(expression))
}

/// JMESPath's legacy literal form: a `` `ByTrafficPackage` `` whose text is not JSON is the
/// string it spells. jmespath.py — and so the aws CLI, whose habits users bring — accepts
/// it (`loads('"%s"' % lexeme.lstrip())`); the Rust crate does not. Rewrites each such
/// literal to its JSON form; JSON literals, raw strings and quoted names stay as written.
fn with_legacy_literals(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len() + 8);
    let mut chars = expression.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        out.extend(chars.next());
                    } else if d == c {
                        break;
                    }
                }
            }
            '`' => {
                let mut raw = String::new();
                let mut text = String::new();
                let mut closed = false;
                while let Some(d) = chars.next() {
                    if d == '\\' && chars.peek() == Some(&'`') {
                        chars.next();
                        raw.push_str("\\`");
                        text.push('`');
                    } else if d == '`' {
                        closed = true;
                        break;
                    } else {
                        raw.push(d);
                        text.push(d);
                    }
                }
                out.push('`');
                if closed && serde_json::from_str::<Value>(&text).is_err() {
                    let json = Value::String(text.trim_start().to_owned()).to_string();
                    out.push_str(&json.replace('`', "\\`"));
                } else {
                    out.push_str(&raw);
                }
                if closed {
                    out.push('`');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The text to print for `value`.
pub fn render(
    value: &Value,
    format: OutputFormat,
    query_expr: Option<&str>,
    view: View,
) -> Result<String, Failure> {
    let (value, view) = match query_expr {
        Some(q) => (query(q, value)?, View::Generic),
        None => (value.clone(), view),
    };
    Ok(match format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&value).map_err(|e| Failure::other(e.to_string()))?
        }
        OutputFormat::Table => match view {
            View::Instances => instances(&value),
            View::InternetStatus => internet_status(&value),
            View::TypeStatus => type_status(&value),
            View::Orders => orders(&value),
            View::Transactions => transactions(&value),
            View::Generic => generic(&value),
        }
        .trim_end()
        .to_owned(),
    })
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "-".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) if items.iter().all(is_scalar) => {
            items.iter().map(scalar).collect::<Vec<_>>().join(",")
        }
        other => other.to_string(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn field(item: &Value, name: &str) -> String {
    item.get(name).map_or_else(|| "-".to_owned(), scalar)
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// A column minimum that keeps the column whole: identifiers are pasted into the next
/// command, so a table never cuts one.
const WHOLE: usize = usize::MAX;

/// Whether a field holds identifiers (`instanceId`, `instanceIdSet`, `orderNumber`,
/// `orderSn`, `requestId`), which are never cut.
fn is_identifier(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    last == "id"
        || ["Id", "Ids", "IdSet", "Number", "Sn"]
            .iter()
            .any(|suffix| last.ends_with(suffix))
}

/// Cuts `text` to `max` columns, marking the cut with `…`.
fn clip(text: &str, max: usize) -> String {
    // A value with a line break would break the table's rows.
    let text = text.replace(['\n', '\r', '\t'], " ");
    if width(&text) <= max {
        return text;
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// A table fitted to `WIDTH`: the widest columns give up characters first; trailing
/// columns are dropped when even their minimum widths do not fit.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    table_with_minimums(headers, rows, &[])
}

/// Like `table`, with a minimum width per column (4 where not given; `WHOLE` for a
/// column of identifiers, which keeps its full width while others shrink).
pub fn table_with_minimums(headers: &[&str], rows: &[Vec<String>], minimums: &[usize]) -> String {
    const MIN: usize = 4;
    let natural: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |v| width(v)))
                .chain([width(headers[c])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let minimum = |c: usize| natural[c].min(minimums.get(c).copied().unwrap_or(MIN).max(1));
    let mut columns = headers.len();
    while columns > 1
        && (0..columns).map(minimum).sum::<usize>() + (columns - 1) * GAP.len() > WIDTH
    {
        columns -= 1;
    }
    let mut widths: Vec<usize> = natural[..columns].to_vec();
    let total = |w: &[usize]| w.iter().sum::<usize>() + w.len().saturating_sub(1) * GAP.len();
    while total(&widths) > WIDTH {
        // Each pass takes one column from the widest column still above its minimum.
        let Some((widest, _)) = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| **w > minimum(*i))
            .max_by_key(|(i, w)| (**w, usize::MAX - i))
        else {
            break;
        };
        widths[widest] -= 1;
    }
    let line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut out = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            let cell = clip(&cell, widths[i]);
            if i == last {
                out.push_str(&cell);
            } else {
                out.push_str(&format!("{cell:<w$}{GAP}", w = widths[i]));
            }
        }
        out.trim_end().to_owned() + "\n"
    };
    let mut out = line(headers[..columns].iter().map(|h| (*h).to_owned()).collect());
    for row in rows {
        out.push_str(&line(
            (0..columns)
                .map(|c| row.get(c).cloned().unwrap_or_default())
                .collect(),
        ));
    }
    out
}

/// `key  value` lines, fitted to `WIDTH`.
fn key_values(pairs: &[(String, String)]) -> String {
    let key_width = pairs
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        .min(32);
    let value_width = WIDTH - key_width - GAP.len();
    pairs
        .iter()
        .map(|(k, v)| {
            let v = if is_identifier(k) {
                v.replace(['\n', '\r', '\t'], " ")
            } else {
                clip(v, value_width)
            };
            format!("{:<key_width$}{GAP}{v}", clip(k, key_width))
                .trim_end()
                .to_owned()
                + "\n"
        })
        .collect()
}

fn flatten(
    prefix: &str,
    map: &Map<String, Value>,
    pairs: &mut Vec<(String, String)>,
    tables: &mut Vec<(String, Vec<Value>)>,
) {
    for (key, value) in map {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) => flatten(&name, inner, pairs, tables),
            Value::Array(items) if !items.is_empty() && !items.iter().all(is_scalar) => {
                tables.push((name, items.clone()));
            }
            other => pairs.push((name, scalar(other))),
        }
    }
}

/// A table of a list of objects: one column per scalar field, in order of appearance.
fn list(items: &[Value]) -> String {
    if !items.iter().all(Value::is_object) {
        return items
            .iter()
            .map(|v| clip(&scalar(v), WIDTH) + "\n")
            .collect();
    }
    let mut headers: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(map) = item {
            for (key, value) in map {
                let flat =
                    is_scalar(value) || matches!(value, Value::Array(a) if a.iter().all(is_scalar));
                if flat && !headers.contains(key) {
                    headers.push(key.clone());
                }
            }
        }
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| headers.iter().map(|h| field(item, h)).collect())
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    // Fewer readable columns beat many cut to three letters.
    let minimums: Vec<usize> = headers
        .iter()
        .map(|h| if is_identifier(h) { WHOLE } else { 10 })
        .collect();
    table_with_minimums(&headers, &rows, &minimums)
}

fn generic(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut pairs = Vec::new();
            let mut tables = Vec::new();
            flatten("", map, &mut pairs, &mut tables);
            let mut out = key_values(&pairs);
            for (name, items) in tables {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&clip(&format!("{name}:"), WIDTH));
                out.push('\n');
                out.push_str(&list(&items));
            }
            out
        }
        Value::Array(items) => list(items),
        other => clip(&scalar(other), WIDTH) + "\n",
    }
}

/// DescribeInstances of either service.
fn instances(value: &Value) -> String {
    let empty = Vec::new();
    let items = value
        .get("dataSet")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            // bmc names the model instanceTypeId and the cap bandwidthOutMbps; vm
            // instanceType (a string there) and internetMaxBandwidthOut.
            let model = match i.get("instanceType") {
                Some(Value::String(s)) => s.clone(),
                _ => field(i, "instanceTypeId"),
            };
            let network = match i.get("internetChargeType").and_then(Value::as_str) {
                Some("ByTrafficPackage") => match i.get("trafficPackageSize") {
                    Some(size) if !size.is_null() => format!("{} TB", scalar(size)),
                    _ => "by traffic".to_owned(),
                },
                Some(_) => {
                    let mbps = i
                        .get("bandwidthOutMbps")
                        .or_else(|| i.get("internetMaxBandwidthOut"))
                        .map_or_else(|| "-".to_owned(), scalar);
                    format!("{mbps} Mbps")
                }
                None => "-".to_owned(),
            };
            vec![
                field(i, "instanceId"),
                field(i, "instanceName"),
                field(i, "instanceStatus"),
                field(i, "zoneId"),
                model,
                field(i, "instanceChargeType"),
                network,
            ]
        })
        .collect();
    let mut out = table_with_minimums(
        &["ID", "NAME", "STATUS", "ZONE", "TYPE", "CHARGE", "NETWORK"],
        &rows,
        &[WHOLE, 6, 7, 5, 5, 4, 6],
    );
    let total = value
        .get("totalCount")
        .map_or_else(|| "?".to_owned(), scalar);
    out.push_str(&format!("{} shown, {total} in total\n", rows.len()));
    out
}

fn instance_line(value: &Value) -> String {
    clip(
        &format!(
            "instance {} ({})",
            field(value, "instanceId"),
            field(value, "instanceName")
        ),
        WIDTH,
    ) + "\n"
}

/// DescribeInstanceInternetStatus: the two network items, current and scheduled.
fn internet_status(value: &Value) -> String {
    let rows = vec![
        vec![
            "bandwidth (Mbps)".to_owned(),
            field(value, "internetMaxBandwidthOut"),
            field(value, "modifiedInternetMaxBandwidthOut"),
            field(value, "modifiedBandwidthStatus"),
        ],
        vec![
            "traffic package (TB)".to_owned(),
            field(value, "trafficPackageSize"),
            field(value, "modifiedTrafficPackageSize"),
            field(value, "modifiedTrafficPackageStatus"),
        ],
    ];
    instance_line(value) + &table(&["ITEM", "CURRENT", "MODIFIED", "STATUS"], &rows)
}

/// vm DescribeInstanceTypeStatus.
fn type_status(value: &Value) -> String {
    let rows = vec![vec![
        "model".to_owned(),
        field(value, "instanceType"),
        field(value, "modifiedInstanceType"),
        field(value, "modifiedInstanceTypeStatus"),
    ]];
    instance_line(value) + &table(&["ITEM", "CURRENT", "MODIFIED", "STATUS"], &rows)
}

/// The control plane's order list.
fn orders(value: &Value) -> String {
    let empty = Vec::new();
    let items = value
        .get("orders")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|o| {
            vec![
                field(o, "orderNumber"),
                field(o, "instanceId"),
                field(o, "kind"),
                format!("{} → {}", field(o, "from"), field(o, "to")),
                field(o, "amount"),
                field(o, "status"),
                // The day is enough to read the list; --output json has the instant.
                field(o, "effectiveAt").chars().take(10).collect(),
            ]
        })
        .collect();
    table_with_minimums(
        &[
            "ORDER",
            "INSTANCE",
            "KIND",
            "CHANGE",
            "AMOUNT",
            "STATUS",
            "EFFECTIVE",
        ],
        &rows,
        &[WHOLE, WHOLE, 6, 6, 6, 6, 10],
    )
}

/// zbc DescribeTransactionHistory: the ledger, one line per entry.
fn transactions(value: &Value) -> String {
    let empty = Vec::new();
    let items = value
        .get("dataSet")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|t| {
            vec![
                field(t, "transactionTime").chars().take(19).collect(),
                field(t, "transactionType"),
                field(t, "amount"),
                field(t, "cashBalance"),
                field(t, "orderSn"),
                field(t, "description"),
            ]
        })
        .collect();
    let mut out = table_with_minimums(
        &["TIME", "TYPE", "AMOUNT", "BALANCE", "ORDER", "DESCRIPTION"],
        &rows,
        &[19, 7, 6, 7, WHOLE, 8],
    );
    out.push_str(&format!(
        "{} shown, {} in total; income {}, expenditure {}\n",
        rows.len(),
        field(value, "totalCount"),
        field(value, "incomeSum"),
        field(value, "expenditureSum")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fits(text: &str) {
        for line in text.lines() {
            assert!(width(line) <= WIDTH, "{} columns: {line:?}", width(line));
        }
    }

    #[test]
    fn wide_tables_are_fitted_to_80_columns() {
        let long = "x".repeat(200);
        let rows = vec![vec![long.clone(), long.clone(), "short".into()]; 3];
        let text = table(&["A", "B", "C"], &rows);
        fits(&text);
        assert!(text.contains('…'));
        assert!(text.contains("short"));
        let many: Vec<String> = (0..30).map(|i| format!("column{i}")).collect();
        let headers: Vec<&str> = many.iter().map(String::as_str).collect();
        fits(&table(&headers, std::slice::from_ref(&many)));
    }

    #[test]
    fn identifiers_are_never_cut() {
        let ids: Vec<String> = (0..6).map(|i| format!("98356153{i:011}")).collect();
        // A list of objects with more columns than fit.
        let answer = json!({"dataSet": ids.iter().map(|id| json!({
            "instanceId": id, "instanceName": "x".repeat(30), "zoneId": "SEL-A",
            "description": "y".repeat(40), "orderNumber": "1234567890123456"
        })).collect::<Vec<_>>()});
        let text = render(&answer, OutputFormat::Table, None, View::Generic).unwrap();
        for id in &ids {
            assert!(text.contains(id.as_str()), "{id} cut in\n{text}");
        }
        assert!(text.contains("1234567890123456"), "{text}");
        // A list of ids as a value, wider than the terminal.
        let answer = json!({"instanceIdSet": ids});
        let text = render(&answer, OutputFormat::Table, None, View::Generic).unwrap();
        assert!(text.contains(&ids.join(",")), "{text}");
        // The order list's instance column.
        let answer = json!({"orders": [{"orderNumber": "1234567890123456",
            "instanceId": ids[0], "kind": "TRAFFIC_PACKAGE", "from": "2.0", "to": "100.0",
            "amount": "1234.56", "status": "PAID", "effectiveAt": "2026-01-01T00:00:00Z"}]});
        let text = render(&answer, OutputFormat::Table, None, View::Orders).unwrap();
        assert!(text.contains(ids[0].as_str()), "{text}");
    }

    #[test]
    fn instances_show_model_charge_and_network_per_service() {
        let answer = json!({"totalCount": 2, "dataSet": [
            {"instanceId": "bmc-1", "instanceName": "web", "instanceStatus": "RUNNING",
             "zoneId": "SEL-A", "instanceTypeId": "M6C", "instanceType": {"cpuCores": 8},
             "instanceChargeType": "PREPAID", "internetChargeType": "ByTrafficPackage",
             "trafficPackageSize": 2.5},
            {"instanceId": "vm-2", "instanceName": "db", "instanceStatus": "STOPPED",
             "zoneId": "FRA-A", "instanceType": "c.2c4g", "instanceChargeType": "POSTPAID",
             "internetChargeType": "ByBandwidth", "internetMaxBandwidthOut": 100}
        ]});
        let text = render(&answer, OutputFormat::Table, None, View::Instances).unwrap();
        fits(&text);
        assert!(text.contains("M6C"), "{text}");
        assert!(text.contains("2.5 TB"), "{text}");
        assert!(text.contains("c.2c4g"), "{text}");
        assert!(text.contains("100 Mbps"), "{text}");
        assert!(text.contains("2 shown, 2 in total"), "{text}");
    }

    #[test]
    fn generic_tables_show_scalars_and_lists() {
        let answer = json!({"requestId": "r", "nested": {"a": 1},
            "zoneSet": [{"zoneId": "SEL-A", "cityName": "Seoul", "x": {"y": 1}}]});
        let text = render(&answer, OutputFormat::Table, None, View::Generic).unwrap();
        fits(&text);
        assert!(text.contains("nested.a"), "{text}");
        assert!(text.contains("zoneSet:"), "{text}");
        assert!(text.contains("Seoul"), "{text}");
    }

    #[test]
    fn legacy_literals_are_strings_as_the_aws_cli_reads_them() {
        let answer = json!({"dataSet": [
            {"instanceId": "1", "internetChargeType": "ByBandwidth"},
            {"instanceId": "2", "internetChargeType": "ByTrafficPackage", "n": 1}
        ]});
        let ids = |q: &str| query(q, &answer).unwrap();
        assert_eq!(
            ids("dataSet[?internetChargeType==`ByTrafficPackage`].instanceId"),
            json!(["2"])
        );
        assert_eq!(
            ids("dataSet[?internetChargeType=='ByTrafficPackage'].instanceId"),
            json!(["2"])
        );
        // JSON literals keep their type.
        assert_eq!(ids("dataSet[?n==`1`].instanceId"), json!(["2"]));
        assert_eq!(ids(r#"dataSet[?n==`"1"`].instanceId"#), json!([]));
        assert_eq!(with_legacy_literals("`a b`"), r#"`"a b"`"#);
        assert_eq!(with_legacy_literals(r"`it\`s`"), r#"`"it\`s"`"#);
        assert_eq!(with_legacy_literals("'raw `x`'"), "'raw `x`'");
        assert_eq!(with_legacy_literals("`[1, 2]`"), "`[1, 2]`");
        assert!(parse_query("dataSet[?k==`unclosed").is_err());
    }

    #[test]
    fn queries_select_and_bad_ones_are_usage_errors() {
        let answer = json!({"dataSet": [{"instanceStatus": "RUNNING"}]});
        let text = render(
            &answer,
            OutputFormat::Json,
            Some("dataSet[0].instanceStatus"),
            View::Instances,
        )
        .unwrap();
        assert_eq!(text, "\"RUNNING\"");
        let table = render(
            &answer,
            OutputFormat::Table,
            Some("dataSet[0].instanceStatus"),
            View::Generic,
        )
        .unwrap();
        assert_eq!(table, "RUNNING");
        assert!(parse_query("dataSet[").is_err());
    }
}
