//! The pooled connections' permits, shared fairly between accounts (D-242): a permit that
//! comes free goes to a write of the account holding fewest while it waits, the one that
//! waited longest among equals, rather than to the first in one line; and no account holds
//! more than its share at once. So one account's writes that wait long for their turn
//! (D-236) — holding a permit each, as they hold a connection in a transaction — take no
//! more of the permits that come free than another account that asks for them, and never
//! all of them: another account's writes find one free, or pass at the rate permits come
//! free, instead of behind every write of the busy account.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::oneshot;

/// Whom a permit is for: an account, or the writes of no account (the scheduler, the
/// control plane), which share one place in the line.
pub(crate) type Key = Option<Arc<str>>;

pub(crate) struct Permits {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    free: usize,
    /// The most one key holds at once.
    share: usize,
    closed: bool,
    /// Permits held, by key; a key holding none is not kept.
    held: HashMap<Key, usize>,
    /// Those waiting, by key, each line in the order they came.
    waiting: HashMap<Key, VecDeque<(u64, oneshot::Sender<()>)>>,
    /// Numbers the waiting in the order they came.
    arrivals: u64,
}

/// A permit, given back when dropped.
pub(crate) struct Permit {
    state: Arc<Mutex<State>>,
    key: Key,
}

/// The permits are closed: the store is shutting down.
#[derive(Debug)]
pub(crate) struct Closed;

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl Permits {
    /// `permits` in all, at most `share` of them held by one key at once.
    pub fn new(permits: usize, share: usize) -> Permits {
        Permits {
            state: Arc::new(Mutex::new(State {
                free: permits,
                share,
                ..State::default()
            })),
        }
    }

    /// A permit for `key`, at once where one is free and `key` holds less than its share,
    /// else once one is given to it.
    pub async fn acquire(&self, key: Key) -> Result<Permit, Closed> {
        let (given, arrival) = {
            let mut state = lock(&self.state);
            if state.closed {
                return Err(Closed);
            }
            if state.free > 0 && state.holds(&key) < state.share {
                state.free -= 1;
                *state.held.entry(key.clone()).or_default() += 1;
                return Ok(self.permit(key));
            }
            let (give, given) = oneshot::channel();
            state.arrivals += 1;
            let arrival = state.arrivals;
            state
                .waiting
                .entry(key.clone())
                .or_default()
                .push_back((arrival, give));
            (given, arrival)
        };
        // Given up before a permit came (its request gone): its place goes, or the permit
        // given meanwhile passes on.
        let mut waiting = Waiting {
            state: &self.state,
            key: Some(key.clone()),
            arrival,
            given,
        };
        let given = (&mut waiting.given).await;
        waiting.key = None;
        match given {
            Ok(()) => Ok(self.permit(key)),
            Err(_) => Err(Closed),
        }
    }

    fn permit(&self, key: Key) -> Permit {
        Permit {
            state: self.state.clone(),
            key,
        }
    }

    /// No permit is given from now on; those waiting are answered [`Closed`].
    pub fn close(&self) {
        let mut state = lock(&self.state);
        state.closed = true;
        state.waiting.clear();
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = lock(&self.state);
        state.give_back(&self.key);
    }
}

impl State {
    fn holds(&self, key: &Key) -> usize {
        self.held.get(key).copied().unwrap_or(0)
    }

    /// `key`'s permit comes free: it goes, as every free permit, to the key holding fewest
    /// of those waiting with less than their share (the first come among equals).
    fn give_back(&mut self, key: &Key) {
        if let Some(held) = self.held.get_mut(key) {
            *held -= 1;
            if *held == 0 {
                self.held.remove(key);
            }
        }
        self.free += 1;
        while self.free > 0 {
            let next = (self.waiting.iter())
                .filter_map(|(k, line)| Some((self.holds(k), line.front()?.0, k)))
                .filter(|(held, _, _)| *held < self.share)
                .min_by_key(|(held, arrival, _)| (*held, *arrival))
                .map(|(_, _, k)| k.clone());
            let Some((next, mut line)) = next.and_then(|k| self.waiting.remove_entry(&k)) else {
                return;
            };
            let given = line
                .pop_front()
                .is_some_and(|(_, give)| give.send(()).is_ok());
            if !line.is_empty() {
                self.waiting.insert(next.clone(), line);
            }
            // One whose request is gone is passed over.
            if given {
                self.free -= 1;
                *self.held.entry(next).or_default() += 1;
            }
        }
    }
}

/// A write waiting for a permit; dropped before it came, it leaves the line, and dropped
/// once given one it never took, it gives that one back.
struct Waiting<'p> {
    state: &'p Mutex<State>,
    /// `None` once the write took its permit, or was refused.
    key: Option<Key>,
    arrival: u64,
    given: oneshot::Receiver<()>,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else {
            return;
        };
        let mut state = lock(self.state);
        if self.given.try_recv().is_ok() {
            state.give_back(&key);
            return;
        }
        if let Some(line) = state.waiting.get_mut(&key) {
            line.retain(|(arrival, _)| *arrival != self.arrival);
            if line.is_empty() {
                state.waiting.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    fn key(name: &str) -> Key {
        Some(name.into())
    }

    /// Polls once: the permit if given by then.
    fn poll_once<F: Future>(f: std::pin::Pin<&mut F>) -> Option<F::Output> {
        match f.poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(out) => Some(out),
            Poll::Pending => None,
        }
    }

    #[test]
    fn a_permit_that_comes_free_goes_to_the_account_holding_fewest_d242() {
        let permits = Permits::new(2, 2);
        let busy = [key("busy"), key("busy")].map(|k| poll_once(pin!(permits.acquire(k))));
        let [Some(Ok(first)), Some(Ok(second))] = busy else {
            panic!("two permits free");
        };
        // The busy account asks again before the other one does.
        let mut busy_again = pin!(permits.acquire(key("busy")));
        let mut other = pin!(permits.acquire(key("other")));
        assert!(poll_once(busy_again.as_mut()).is_none());
        assert!(poll_once(other.as_mut()).is_none());
        drop(first);
        let kept = poll_once(other.as_mut());
        assert!(matches!(kept, Some(Ok(_))));
        assert!(poll_once(busy_again.as_mut()).is_none());
        drop(second);
        assert!(matches!(poll_once(busy_again.as_mut()), Some(Ok(_))));
    }

    #[test]
    fn among_accounts_holding_as_many_the_first_come_is_served_first_d242() {
        let permits = Permits::new(1, 1);
        let Some(Ok(held)) = poll_once(pin!(permits.acquire(None))) else {
            panic!("a permit free");
        };
        let mut b = pin!(permits.acquire(key("b")));
        let mut a = pin!(permits.acquire(key("a")));
        assert!(poll_once(b.as_mut()).is_none());
        assert!(poll_once(a.as_mut()).is_none());
        drop(held);
        let kept = poll_once(b.as_mut());
        assert!(matches!(kept, Some(Ok(_))));
        assert!(poll_once(a.as_mut()).is_none());
    }

    #[test]
    fn a_write_gone_while_waiting_takes_no_permit_with_it() {
        let permits = Permits::new(1, 1);
        let Some(Ok(held)) = poll_once(pin!(permits.acquire(key("a")))) else {
            panic!("a permit free");
        };
        {
            // Gone before its permit came.
            let mut gone = pin!(permits.acquire(key("b")));
            assert!(poll_once(gone.as_mut()).is_none());
        }
        let mut given = Box::pin(permits.acquire(key("c")));
        assert!(poll_once(given.as_mut()).is_none());
        drop(held);
        // Gone once its permit was given, before it took it: the permit comes free again.
        drop(given);
        assert!(matches!(
            poll_once(pin!(permits.acquire(key("d")))),
            Some(Ok(_))
        ));
    }

    #[test]
    fn no_account_holds_more_than_its_share_while_permits_are_free_d242() {
        let permits = Permits::new(3, 2);
        let busy = [key("busy"), key("busy")].map(|k| poll_once(pin!(permits.acquire(k))));
        let [Some(Ok(first)), Some(Ok(_second))] = busy else {
            panic!("two permits free");
        };
        let mut third = pin!(permits.acquire(key("busy")));
        assert!(poll_once(third.as_mut()).is_none(), "past its share");
        let other = poll_once(pin!(permits.acquire(key("other"))));
        assert!(matches!(other, Some(Ok(_))), "the one left");
        drop(first);
        assert!(matches!(poll_once(third.as_mut()), Some(Ok(_))));
    }

    #[test]
    fn closed_permits_answer_those_waiting_and_those_asking() {
        let permits = Permits::new(1, 1);
        let Some(Ok(_held)) = poll_once(pin!(permits.acquire(None))) else {
            panic!("a permit free");
        };
        let mut waiting = pin!(permits.acquire(key("a")));
        assert!(poll_once(waiting.as_mut()).is_none());
        permits.close();
        assert!(matches!(poll_once(waiting.as_mut()), Some(Err(Closed))));
        assert!(matches!(
            poll_once(pin!(permits.acquire(key("b")))),
            Some(Err(Closed))
        ));
    }
}
