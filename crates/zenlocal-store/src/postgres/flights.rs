//! Identical point reads in flight together share one statement (D-238). A read that finds
//! the same statement already sent does not take that statement's answer — the statement
//! may have been sent before a commit the reader has seen acknowledged — but waits for the
//! next send, which leaves only once the one in flight has ended (answered, or given up by
//! all its readers), and which every such read arriving meanwhile shares. So each read
//! still sees every commit acknowledged before it began, and a row many ask for at once
//! costs the database one statement at a time instead of one per reader.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{oneshot, watch};

/// The reads in flight, by their statement and parameters. A key is present while one of its
/// sends is in flight; its value is the next send, once a reader waits for one.
pub(super) struct Flights<K, V> {
    sends: Arc<Mutex<HashMap<K, Option<Next<V>>>>>,
}

/// A send waiting for the one in flight to end, which `go` starts.
struct Next<V> {
    go: oneshot::Sender<()>,
    answer: watch::Receiver<Option<V>>,
}

impl<K, V> Default for Flights<K, V> {
    fn default() -> Self {
        Flights {
            sends: Arc::default(),
        }
    }
}

type Sends<K, V> = Mutex<HashMap<K, Option<Next<V>>>>;

fn lock<K, V>(sends: &Sends<K, V>) -> MutexGuard<'_, HashMap<K, Option<Next<V>>>> {
    sends.lock().unwrap_or_else(|p| p.into_inner())
}

/// A send's place in the line of its key: `started` until the send before it has ended
/// (none for a send that left at once). However the send ends — answered, its readers gone,
/// its task dropped before or after it left — the next send starts, or the key is
/// forgotten: no later read waits for a send that will never leave.
struct Turn<K: Hash + Eq, V> {
    sends: Arc<Sends<K, V>>,
    key: K,
    started: Option<oneshot::Receiver<()>>,
}

impl<K: Hash + Eq, V> Drop for Turn<K, V> {
    fn drop(&mut self) {
        let mut sends = lock(&self.sends);
        if let Some(mut started) = self.started.take() {
            match started.try_recv() {
                // Told to leave, it never did: the line goes on as if it had.
                Ok(()) => {}
                // Still waiting as the key's next send: that place is given up, and the
                // reads that waited for it are answered `Lost`.
                Err(oneshot::error::TryRecvError::Empty) => {
                    if let Some(next) = sends.get_mut(&self.key) {
                        *next = None;
                    }
                    return;
                }
                Err(oneshot::error::TryRecvError::Closed) => return,
            }
        }
        // The next send, if one waits and its task is still there to start, takes the line.
        let next = sends.get_mut(&self.key).and_then(Option::take);
        if next.is_none_or(|next| next.go.send(()).is_err()) {
            sends.remove(&self.key);
        }
    }
}

/// How a read was answered.
#[derive(Debug, PartialEq)]
pub(super) enum Answer<V> {
    /// By its own send.
    Own(V),
    /// By a send it shared with others.
    Shared(V),
    /// The send it shared ended without an answer (its task ended by a panic or at
    /// shutdown).
    Lost,
}

impl<K, V> Flights<K, V>
where
    K: Hash + Eq + Clone + Send + 'static,
    V: Clone + Send + Sync + 'static,
{
    /// Answers a read of `key` by `send`, run at once when no send of `key` is in flight,
    /// else by the next send of `key`, which the first reader to wait for it provides and
    /// which runs on a task of its own once the one in flight has ended.
    pub async fn read<S, F>(&self, key: K, send: S) -> Answer<V>
    where
        S: FnOnce() -> F + Send + 'static,
        F: Future<Output = V> + Send + 'static,
    {
        let role = {
            let mut sends = lock(&self.sends);
            match sends.get_mut(&key) {
                None => {
                    sends.insert(key.clone(), None);
                    Role::Send
                }
                Some(Some(next)) => Role::Wait(next.answer.clone()),
                Some(next @ None) => {
                    let (go, started) = oneshot::channel();
                    let (answered, answer) = watch::channel(None);
                    *next = Some(Next {
                        go,
                        answer: answer.clone(),
                    });
                    Role::Provide(started, answered, answer)
                }
            }
        };
        let mut answer = match role {
            Role::Send => {
                let _turn = Turn {
                    sends: self.sends.clone(),
                    key,
                    started: None,
                };
                return Answer::Own(send().await);
            }
            Role::Wait(answer) => answer,
            Role::Provide(started, answered, answer) => {
                let mut turn = Turn {
                    sends: self.sends.clone(),
                    key,
                    started: Some(started),
                };
                tokio::spawn(async move {
                    if let Some(started) = &mut turn.started {
                        if started.await.is_err() {
                            return;
                        }
                    }
                    turn.started = None;
                    // A send whose readers are all gone is dropped, and the next leaves:
                    // one that never returns holds up no later read.
                    tokio::select! {
                        value = send() => answered.send_replace(Some(value)),
                        () = answered.closed() => None,
                    };
                    drop(turn);
                });
                answer
            }
        };
        let value = match answer.wait_for(Option::is_some).await {
            Ok(value) => value.clone(),
            Err(_) => None,
        };
        value.map_or(Answer::Lost, Answer::Shared)
    }
}

/// What a read does: send its statement, wait for the next send, or provide that send.
enum Role<V> {
    Send,
    Wait(watch::Receiver<Option<V>>),
    Provide(
        oneshot::Receiver<()>,
        watch::Sender<Option<V>>,
        watch::Receiver<Option<V>>,
    ),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::task::Poll;

    /// A database of one value, whose sends read it when they leave and are answered when
    /// the test lets them.
    #[derive(Clone, Default)]
    struct Database {
        value: Arc<AtomicU64>,
        sent: Arc<AtomicU64>,
        held: Arc<Mutex<Vec<oneshot::Sender<()>>>>,
    }

    impl Database {
        fn send(&self) -> impl FnOnce() -> std::pin::Pin<Box<dyn Future<Output = u64> + Send>> {
            let db = self.clone();
            move || {
                let seen = db.value.load(Ordering::SeqCst);
                db.sent.fetch_add(1, Ordering::SeqCst);
                let (answer, held) = oneshot::channel();
                db.held.lock().unwrap().push(answer);
                Box::pin(async move {
                    let _ = held.await;
                    seen
                })
            }
        }

        /// Lets every send so far be answered.
        fn answer(&self) {
            self.held.lock().unwrap().clear();
        }
    }

    /// Polls `future` until nothing more can happen without the test.
    async fn settle<T>(future: &mut std::pin::Pin<Box<impl Future<Output = T>>>) -> Option<T> {
        for _ in 0..16 {
            tokio::task::yield_now().await;
        }
        match futures_poll(future) {
            Poll::Ready(v) => Some(v),
            Poll::Pending => None,
        }
    }

    fn futures_poll<T>(future: &mut std::pin::Pin<Box<impl Future<Output = T>>>) -> Poll<T> {
        let waker = std::task::Waker::noop();
        future
            .as_mut()
            .poll(&mut std::task::Context::from_waker(waker))
    }

    /// D-238: a read that arrives while the same statement is in flight is not answered by
    /// it — a commit may lie between that send and the read — but by the next send, which
    /// leaves once the first is answered and which every read waiting meanwhile shares.
    #[tokio::test]
    async fn a_read_arriving_during_a_send_waits_for_the_next_which_readers_share() {
        let flights = Flights::<&str, u64>::default();
        let db = Database::default();
        db.value.store(1, Ordering::SeqCst);
        let mut first = Box::pin(flights.read("a", db.send()));
        assert_eq!(settle(&mut first).await, None);
        assert_eq!(db.sent.load(Ordering::SeqCst), 1);
        // A commit acknowledged, then three reads of the same row and one of another.
        db.value.store(2, Ordering::SeqCst);
        let mut later: Vec<_> = (0..3)
            .map(|_| Box::pin(flights.read("a", db.send())))
            .collect();
        let mut other = Box::pin(flights.read("b", db.send()));
        for read in &mut later {
            assert_eq!(settle(read).await, None);
        }
        assert_eq!(settle(&mut other).await, None);
        assert_eq!(
            db.sent.load(Ordering::SeqCst),
            2,
            "the later reads wait unsent"
        );
        db.answer();
        assert_eq!(settle(&mut first).await, Some(Answer::Own(1)));
        assert_eq!(settle(&mut other).await, Some(Answer::Own(2)));
        assert_eq!(db.sent.load(Ordering::SeqCst), 3, "one send for the three");
        for read in &mut later {
            assert_eq!(settle(read).await, None);
        }
        db.answer();
        for read in &mut later {
            assert_eq!(settle(read).await, Some(Answer::Shared(2)));
        }
        assert!(lock(&flights.sends).is_empty(), "nothing left in flight");
    }

    /// A reader that goes away while its send is in flight does not strand the reads
    /// waiting for the next send; a shared send whose readers are all gone is given up
    /// unanswered and the next leaves: a send that never returns holds up nothing after it.
    #[tokio::test]
    async fn sends_left_by_their_readers_let_the_next_leave() {
        let flights = Flights::<&str, u64>::default();
        let db = Database::default();
        let mut first = Box::pin(flights.read("a", db.send()));
        assert_eq!(settle(&mut first).await, None);
        let mut second = Box::pin(flights.read("a", db.send()));
        assert_eq!(settle(&mut second).await, None);
        assert_eq!(db.sent.load(Ordering::SeqCst), 1);
        drop(first);
        assert_eq!(settle(&mut second).await, None);
        assert_eq!(db.sent.load(Ordering::SeqCst), 2, "the shared send left");
        let mut third = Box::pin(flights.read("a", db.send()));
        assert_eq!(settle(&mut third).await, None);
        drop(second);
        assert_eq!(settle(&mut third).await, None);
        assert_eq!(
            db.sent.load(Ordering::SeqCst),
            3,
            "the one left by all was given up"
        );
        db.answer();
        assert_eq!(settle(&mut third).await, Some(Answer::Shared(0)));
        assert!(lock(&flights.sends).is_empty());
    }

    /// A shared send that panics answers its readers `Lost`, and the key is free again.
    #[tokio::test]
    async fn a_shared_send_that_panics_answers_lost_and_frees_the_key() {
        let flights = Flights::<&str, u64>::default();
        let db = Database::default();
        let mut first = Box::pin(flights.read("a", db.send()));
        assert_eq!(settle(&mut first).await, None);
        let mut second = Box::pin(flights.read("a", || async { panic!("a send failed") }));
        let mut third = Box::pin(flights.read("a", db.send()));
        assert_eq!(settle(&mut second).await, None);
        assert_eq!(settle(&mut third).await, None);
        db.answer();
        assert_eq!(settle(&mut first).await, Some(Answer::Own(0)));
        assert_eq!(settle(&mut second).await, Some(Answer::Lost));
        assert_eq!(settle(&mut third).await, Some(Answer::Lost));
        assert!(lock(&flights.sends).is_empty());
        let mut fourth = Box::pin(flights.read("a", db.send()));
        assert_eq!(settle(&mut fourth).await, None);
        db.answer();
        assert_eq!(settle(&mut fourth).await, Some(Answer::Own(0)));
    }

    /// A next send whose task is dropped before it leaves (a runtime shutting down) gives
    /// up its place: its readers are answered `Lost` and the key is free once the send in
    /// flight ends.
    #[test]
    fn a_next_send_dropped_before_it_leaves_frees_the_key() {
        let flights = Flights::<&str, u64>::default();
        let db = Database::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut first = Box::pin(flights.read("a", db.send()));
        let mut second = Box::pin(flights.read("a", db.send()));
        runtime.block_on(async {
            assert_eq!(settle(&mut first).await, None);
            assert_eq!(settle(&mut second).await, None);
        });
        drop(runtime);
        assert_eq!(futures_poll(&mut second), Poll::Ready(Answer::Lost));
        assert!(matches!(lock(&flights.sends).get("a"), Some(None)));
        db.answer();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            assert_eq!(settle(&mut first).await, Some(Answer::Own(0)));
        });
        assert!(lock(&flights.sends).is_empty());
    }
}
