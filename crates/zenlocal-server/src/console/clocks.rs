//! The test clocks page (D-181 to D-183): each clock, where it stands, its accounts and its
//! next event, with the advances `POST /_zenlocal/clocks/{id}/advance` makes — the endpoint
//! `zenlocal clocks advance` calls.

use super::page::{advance_form_to, frame, instant};
use super::views::{account_link, encode, head};
use super::{clock, html, Answer};
use crate::App;
use axum::extract::State;
use maud::{html, Markup};
use std::sync::Arc;
use zenlocal_core::clock::TestClock;
use zenlocal_core::Timestamp;
use zenlocal_store::ops::console::{ClockOverview, ClocksPage};

/// The advances of one test clock: +1 hour, +1 day and, when one is due, to its next event.
pub fn advances(c: &TestClock, next: Option<Timestamp>) -> Markup {
    let endpoint = format!("/_zenlocal/clocks/{}/advance", encode(&c.id));
    html! {
        span.advances role="group" aria-label={ "Advance test clock " (c.name) } {
            (advance_form_to(&endpoint, &format!("{}: +1 hour", c.name), "seconds", "3600", true))
            (advance_form_to(&endpoint, &format!("{}: +1 day", c.name), "seconds", "86400", true))
            @if let Some(next) = next {
                (advance_form_to(&endpoint, &format!("{}: to next event ({next})", c.name), "to", &next.to_string(), false))
            }
        }
    }
}

fn clock_row(o: &ClockOverview) -> Markup {
    let c = &o.clock;
    html! {
        tr id=(c.id) data-clock=(c.id) {
            th scope="row" { (c.name) br; span.muted { (c.id) } }
            td.clock-now { (instant(c.now)) }
            td.next { @if let Some(at) = o.next_due { (instant(at)) } @else { "—" } }
            td.accounts { @for (n, id) in o.accounts.iter().enumerate() {
                @if n > 0 { ", " }
                a href=(account_link(id)) { (id) }
            } }
            td { (advances(c, o.next_due)) }
        }
    }
}

pub async fn clocks(State(app): State<Arc<App>>) -> Answer {
    let clock = clock(&app).await?;
    let all = app.store.read(ClocksPage).await?;
    let body = html! {
        h1 { "Test clocks" }
        p.muted { "Each stands still until advanced; an advance applies only its own accounts' events. "
            a href="/_zenlocal/clocks" { "The test clocks as JSON" } }
        @if all.is_empty() {
            p #no-clocks { "No test clock yet." }
        } @else {
            table #clocks {
                (head(&["Clock", "Now", "Next event", "Accounts", "Advance"], &[]))
                tbody { @for o in &all { (clock_row(o)) } }
            }
        }
        h2 #create-clock-heading { "Create a test clock" }
        form.panel #create-clock data-endpoint="/_zenlocal/clocks" aria-labelledby="create-clock-heading" {
            label { "Name" input name="name" required autocomplete="off"; }
            label { "Frozen at (RFC 3339, optional)" input name="frozenTime" autocomplete="off"; }
            button type="submit" { "Create test clock" }
            output aria-live="polite" {}
        }
    };
    Ok(html(200, frame("Test clocks", &clock, body)))
}
