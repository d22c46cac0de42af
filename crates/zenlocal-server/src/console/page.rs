//! The frame every console page shares, and the small pieces pages are made of: money
//! with its currency, instants, pagination, and the forms that call the control plane.

use super::Clock;
use maud::{html, Markup, DOCTYPE};
use rust_decimal::Decimal;
use zenlocal_core::Timestamp;

/// Where the console is served.
pub const ROOT: &str = "/_zenlocal/console";

/// A whole page: the header with the clock and its advances, then `body`.
pub fn frame(title: &str, clock: &Clock, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    span.brand { "zenlocal" }
                    nav aria-label="Console" {
                        ul {
                            li { a href=(ROOT) { "Accounts" } }
                            li { a href={ (ROOT) "/orders" } { "Orders" } }
                            li { a href={ (ROOT) "/ledger" } { "Ledger" } }
                            li { a href={ (ROOT) "/clocks" } { "Test clocks" } }
                            li { a href={ (ROOT) "/requests" } { "Requests" } }
                            li { a href={ (ROOT) "/faults" } { "Faults" } }
                            li { a href={ (ROOT) "/snapshots" } { "Snapshots" } }
                            li { a href={ (ROOT) "/catalog" } { "Catalog" } }
                        }
                    }
                    (clock_panel(clock))
                }
                main #main { (body) }
            }
        }
    }
}

/// A page's head: its title, the style sheet and the script, all from the binary.
fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="color-scheme" content="light dark";
            title { (title) " · zenlocal console" }
            link rel="stylesheet" href={ (ROOT) "/assets/console.css" };
            script src={ (ROOT) "/assets/console.js" } defer {}
        }
    }
}

/// The simulated clock and the advances every page offers (D-196).
fn clock_panel(clock: &Clock) -> Markup {
    html! {
        section.clock aria-label="Simulated clock" {
            span { "Now " time.now #clock-now datetime=(clock.now) { (clock.now) } }
            span.muted { "(" (clock.mode) ")" }
            (advance_form("+1 hour", "seconds", "3600", true))
            (advance_form("+1 day", "seconds", "86400", true))
            @match clock.next_event {
                Some(next) => {
                    (advance_form(&format!("To next event ({next})"), "to", &next.to_string(), false))
                }
                None => {
                    button type="button" disabled { "No event ahead" }
                }
            }
        }
    }
}

/// The control-plane endpoint advancing the global clock.
pub const ADVANCE: &str = "/_zenlocal/clock/advance";

/// A one-button form advancing the global clock by `POST /_zenlocal/clock/advance`.
fn advance_form(label: &str, field: &str, value: &str, number: bool) -> Markup {
    advance_form_to(ADVANCE, label, field, value, number)
}

/// A one-button form advancing a clock by `POST` to `endpoint` (the global clock's, or a
/// test clock's `/_zenlocal/clocks/{id}/advance`) with `{field: value}`.
pub fn advance_form_to(
    endpoint: &str,
    label: &str,
    field: &str,
    value: &str,
    number: bool,
) -> Markup {
    html! {
        form.inline data-endpoint=(endpoint) {
            input type="hidden" name=(field) value=(value) data-type=[number.then_some("number")];
            button type="submit" { (label) }
            output aria-live="polite" {}
        }
    }
}

/// An amount with its currency, exact (D-7): `USD 12.345`.
pub fn money(amount: Decimal) -> Markup {
    html! { data.money value=(amount) { "USD " (amount) } }
}

/// An instant, machine-readable too.
pub fn instant(at: Timestamp) -> Markup {
    html! { time datetime=(at) { (at) } }
}

/// Items per page unless `size` asks otherwise, and the most it may ask.
pub const PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 500;

/// A page of a list: 1-based `number`, `size` items each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub number: u32,
    pub size: u32,
}

impl Paging {
    pub fn limit(self) -> i64 {
        i64::from(self.size)
    }

    pub fn offset(self) -> i64 {
        i64::from(self.number - 1) * i64::from(self.size)
    }

    /// This page's part of a whole list.
    pub fn slice<T>(self, items: &[T]) -> &[T] {
        let start = usize::try_from(self.offset())
            .unwrap_or(usize::MAX)
            .min(items.len());
        let end = start.saturating_add(self.size as usize).min(items.len());
        &items[start..end]
    }

    /// Links to the previous and next pages of `total` items; `query` is the rest of the
    /// page's query string, `&`-joined and already encoded.
    pub fn nav(self, path: &str, query: &str, total: i64) -> Markup {
        let pages = u32::try_from((total + i64::from(self.size) - 1) / i64::from(self.size))
            .unwrap_or(u32::MAX)
            .max(1);
        let link = |n: u32| format!("{path}?{query}page={n}&size={}", self.size);
        html! {
            nav.pager aria-label="Pages" {
                @if self.number > 1 {
                    a rel="prev" href=(link(self.number - 1)) { "Previous page" }
                }
                span { "Page " (self.number) " of " (pages) " (" (total) " in all)" }
                @if self.number < pages {
                    a rel="next" href=(link(self.number + 1)) { "Next page" }
                }
            }
        }
    }
}

/// A one-button form sending `method` to a control-plane endpoint, e.g. removing a fault
/// rule with `DELETE /_zenlocal/faults/{id}`.
/// `name` is what a screen reader says: the label and what it acts on.
pub fn action_button(endpoint: &str, method: &str, label: &str, name: &str) -> Markup {
    html! {
        form.inline data-endpoint=(endpoint) data-method=(method) {
            button type="submit" aria-label=(name) { (label) }
            output aria-live="polite" {}
        }
    }
}

/// A page that could not be shown: what was wrong, in words.
pub fn problem(title: &str, message: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                main #main {
                    h1 { (title) }
                    p role="alert" { (message) }
                    p { a href=(ROOT) { "Back to the accounts" } }
                }
            }
        }
    }
}
