//! The threads the store's commands run on, shared fairly between accounts (D-242): each
//! runs one command at a time on a pooled connection, and one that comes free takes the
//! next command itself — of the account holding fewest threads while it waits, the one
//! that waited longest among equals — rather than waking another thread to run it. No
//! account holds more than its share at once. So one account's writes that wait long for
//! their turn (D-236), each holding a thread, as it holds a connection in a transaction,
//! take no more of the threads that come free than another account that asks for them,
//! and never all of them: another account's commands find one free, or pass at the rate
//! threads come free, instead of behind every write of the busy account.

use std::collections::{HashMap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use tokio::sync::oneshot;

/// Whom a command runs for: an account, or the commands of no account (the scheduler, the
/// control plane), which share one place in the line.
pub(crate) type Key = Option<Arc<str>>;

/// A command, as a thread runs it.
type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct Workers {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Wakes an idle thread: a command came, or the threads are closed.
    work: Condvar,
    /// What a thread does when it finds no command to take after running one, before it
    /// waits or ends: finish what its last command left for the next (D-244).
    settle: fn(),
}

#[derive(Default)]
struct State {
    /// The most threads there are; each starts when a command finds none idle.
    most: usize,
    started: usize,
    /// Threads waiting for a command, and of those asked to wake, how many have not yet.
    idle: usize,
    woken: usize,
    /// The most threads one key holds at once.
    share: usize,
    closed: bool,
    /// Threads held, by key; a key holding none is not kept.
    held: HashMap<Key, usize>,
    /// The commands waiting, by key, each line in the order they came.
    waiting: HashMap<Key, VecDeque<(u64, Job)>>,
    /// Numbers the commands in the order they came.
    arrivals: u64,
}

/// Why a command was not run.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The store is shutting down.
    Closed,
    /// The command panicked, with this message.
    Panicked(String),
    /// No thread could be started for it; why.
    NoThread(String),
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl Workers {
    /// At most `threads` threads, at most `share` of them held by one key at once; a
    /// thread finding no command after running one calls `settle`.
    pub fn new(threads: usize, share: usize, settle: fn()) -> Workers {
        Workers {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    most: threads,
                    share,
                    ..State::default()
                }),
                work: Condvar::new(),
                settle,
            }),
        }
    }

    /// Runs `work` on a thread in `key`'s turn and answers what it answered. A command
    /// whose caller is gone before a thread takes it is not run.
    pub async fn run<T: Send + 'static>(
        &self,
        key: Key,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Refused> {
        let (give, given) = oneshot::channel();
        self.submit(
            key,
            Box::new(move || {
                if !give.is_closed() {
                    let _ = give.send(catch_unwind(AssertUnwindSafe(work)));
                }
            }),
        )?;
        match given.await {
            Ok(Ok(out)) => Ok(out),
            Ok(Err(panic)) => Err(Refused::Panicked(
                (panic.downcast_ref::<&str>().map(|m| m.to_string()))
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default(),
            )),
            // Dropped unrun: the threads were closed.
            Err(_) => Err(Refused::Closed),
        }
    }

    fn submit(&self, key: Key, job: Job) -> Result<(), Refused> {
        let mut state = lock(&self.shared.state);
        if state.closed {
            return Err(Refused::Closed);
        }
        match state.arrive(key, job) {
            Wake::Idle => self.shared.work.notify_one(),
            Wake::Start => {
                let shared = self.shared.clone();
                let started = std::thread::Builder::new()
                    .name("zenlocal-store".into())
                    .spawn(move || shared.serve());
                if let Err(e) = started {
                    state.started -= 1;
                    // With a thread already started, the command waits for it.
                    if state.started == 0 {
                        state.waiting.clear();
                        return Err(Refused::NoThread(e.to_string()));
                    }
                    tracing::warn!(error = %e, "a thread for the store's commands");
                }
            }
            Wake::None => {}
        }
        Ok(())
    }

    /// No command is taken from now on: those waiting are answered [`Refused::Closed`], and
    /// each thread ends once its command has.
    pub fn close(&self) {
        let mut state = lock(&self.shared.state);
        state.closed = true;
        state.waiting.clear();
        self.shared.work.notify_all();
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.close();
    }
}

impl Shared {
    /// A thread's life: the next command it may take, or an idle wait for one.
    fn serve(&self) {
        let mut state = lock(&self.state);
        // Whether the thread's last command left nothing to finish.
        let mut settled = true;
        loop {
            if state.closed {
                drop(state);
                (self.settle)();
                return;
            }
            match state.next() {
                Some((key, job)) => {
                    drop(state);
                    job();
                    settled = false;
                    state = lock(&self.state);
                    state.done(&key);
                }
                None if !settled => {
                    drop(state);
                    (self.settle)();
                    settled = true;
                    state = lock(&self.state);
                }
                // Idle until asked to wake (a wait may end unasked) or closed.
                None => {
                    state.idle += 1;
                    loop {
                        state = self.work.wait(state).unwrap_or_else(|p| p.into_inner());
                        if state.closed {
                            return;
                        }
                        if state.woken > 0 {
                            state.woken -= 1;
                            break;
                        }
                    }
                }
            }
        }
    }
}

/// What a command's arrival asks of the threads.
#[derive(Debug, PartialEq, Eq)]
enum Wake {
    /// An idle thread is to wake.
    Idle,
    /// A thread is to start, counted started already.
    Start,
    /// Every thread there may be is busy, or waking already for a command before.
    None,
}

impl State {
    /// A command comes, to wait in `key`'s line. A thread asked to wake counts as busy
    /// from then on, so each command arriving wakes or starts one of its own.
    fn arrive(&mut self, key: Key, job: Job) -> Wake {
        self.arrivals += 1;
        let arrival = self.arrivals;
        self.waiting
            .entry(key)
            .or_default()
            .push_back((arrival, job));
        if self.idle > 0 {
            self.idle -= 1;
            self.woken += 1;
            Wake::Idle
        } else if self.started < self.most {
            self.started += 1;
            Wake::Start
        } else {
            Wake::None
        }
    }

    fn holds(&self, key: &Key) -> usize {
        self.held.get(key).copied().unwrap_or(0)
    }

    /// The command a thread coming free takes: that of the key holding fewest threads of
    /// those waiting with less than their share (the first come among equals).
    fn next(&mut self) -> Option<(Key, Job)> {
        let next = (self.waiting.iter())
            .filter_map(|(k, line)| Some((self.holds(k), line.front()?.0, k)))
            .filter(|(held, _, _)| *held < self.share)
            .min_by_key(|(held, arrival, _)| (*held, *arrival))
            .map(|(_, _, k)| k.clone())?;
        let (key, mut line) = self.waiting.remove_entry(&next)?;
        let (_, job) = line.pop_front()?;
        if !line.is_empty() {
            self.waiting.insert(key.clone(), line);
        }
        *self.held.entry(key.clone()).or_default() += 1;
        Some((key, job))
    }

    /// `key`'s command is done: its thread is free.
    fn done(&mut self, key: &Key) {
        if let Some(held) = self.held.get_mut(key) {
            *held -= 1;
            if *held == 0 {
                self.held.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    fn key(name: &str) -> Key {
        Some(name.into())
    }

    /// A state with `share` per key, and a command that says `name` when run.
    fn state(share: usize) -> (State, impl Fn(&str) -> Job, mpsc::Receiver<String>) {
        let (said, heard) = mpsc::channel();
        let command = move |name: &str| -> Job {
            let (said, name) = (said.clone(), name.to_owned());
            Box::new(move || said.send(name).unwrap())
        };
        let state = State {
            most: usize::MAX,
            share,
            ..State::default()
        };
        (state, command, heard)
    }

    fn push(state: &mut State, key: Key, job: Job) {
        state.arrive(key, job);
    }

    /// The key of the command a free thread takes next, having run it.
    fn take(state: &mut State, heard: &mpsc::Receiver<String>) -> Option<(Key, String)> {
        let (key, job) = state.next()?;
        job();
        Some((key, heard.try_recv().unwrap()))
    }

    #[test]
    fn a_thread_that_comes_free_takes_the_command_of_the_account_holding_fewest_d242() {
        let (mut s, command, heard) = state(3);
        push(&mut s, key("busy"), command("busy 1"));
        push(&mut s, key("busy"), command("busy 2"));
        let first = take(&mut s, &heard).unwrap();
        take(&mut s, &heard).unwrap();
        // The busy account asks again before the other one does.
        push(&mut s, key("busy"), command("busy 3"));
        push(&mut s, key("other"), command("other"));
        s.done(&first.0);
        assert_eq!(take(&mut s, &heard).unwrap().1, "other");
        assert_eq!(take(&mut s, &heard).unwrap().1, "busy 3");
    }

    #[test]
    fn among_accounts_holding_as_many_the_first_come_is_served_first_d242() {
        let (mut s, command, heard) = state(1);
        push(&mut s, key("b"), command("b"));
        push(&mut s, None, command("no account"));
        push(&mut s, key("a"), command("a"));
        let order: Vec<String> = std::iter::from_fn(|| take(&mut s, &heard).map(|t| t.1)).collect();
        assert_eq!(order, ["b", "no account", "a"]);
    }

    #[test]
    fn no_account_holds_more_than_its_share_while_threads_are_free_d242() {
        let (mut s, command, heard) = state(2);
        for n in 1..=3 {
            push(&mut s, key("busy"), command(&format!("busy {n}")));
        }
        let first = take(&mut s, &heard).unwrap();
        take(&mut s, &heard).unwrap();
        assert!(s.next().is_none(), "past its share");
        push(&mut s, key("other"), command("other"));
        assert_eq!(take(&mut s, &heard).unwrap().1, "other");
        s.done(&first.0);
        assert_eq!(take(&mut s, &heard).unwrap().1, "busy 3");
    }

    #[test]
    fn each_command_arriving_wakes_or_starts_a_thread_of_its_own() {
        let (mut s, command, _heard) = state(4);
        s.most = 2;
        assert_eq!(s.arrive(None, command("first")), Wake::Start);
        s.idle = 1;
        assert_eq!(s.arrive(None, command("second")), Wake::Idle);
        // The idle thread, asked to wake for the second, has not woken yet: the third
        // starts another rather than count on it.
        assert_eq!(s.arrive(None, command("third")), Wake::Start);
        assert_eq!(s.arrive(None, command("fourth")), Wake::None, "two at most");
        assert_eq!((s.started, s.idle, s.woken), (2, 0, 1));
    }

    #[tokio::test]
    async fn a_command_runs_on_a_thread_of_its_own_and_answers() {
        let workers = Workers::new(2, 2, || {});
        let here = std::thread::current().id();
        let there = workers
            .run(key("a"), || std::thread::current().id())
            .await
            .unwrap();
        assert_ne!(there, here);
    }

    /// The threads that settled, in order, for the test below.
    static SETTLED: (Mutex<Vec<std::thread::ThreadId>>, Condvar) =
        (Mutex::new(Vec::new()), Condvar::new());

    fn settled_here() {
        let (list, changed) = &SETTLED;
        list.lock().unwrap().push(std::thread::current().id());
        changed.notify_all();
    }

    #[tokio::test]
    async fn a_thread_with_no_command_left_settles_where_its_last_command_ran() {
        let workers = Workers::new(1, 1, settled_here);
        let ran_on = workers
            .run(None, || std::thread::current().id())
            .await
            .unwrap();
        let (list, changed) = &SETTLED;
        let (list, _) = changed
            .wait_timeout_while(list.lock().unwrap(), Duration::from_secs(10), |l| {
                l.is_empty()
            })
            .unwrap();
        assert_eq!(*list, [ran_on]);
    }

    #[tokio::test]
    async fn a_command_that_panics_is_answered_so_and_its_thread_goes_on() {
        let workers = Workers::new(1, 1, || {});
        let panicked = workers.run(None, || panic!("a command's bug")).await;
        assert_eq!(
            panicked.err(),
            Some(Refused::Panicked("a command's bug".into()))
        );
        assert_eq!(workers.run(None, || 7).await, Ok(7));
    }

    #[tokio::test]
    async fn a_command_whose_caller_is_gone_is_not_run() {
        let workers = Workers::new(1, 1, || {});
        let (release, hold) = mpsc::channel::<()>();
        let holding = workers.run(None, move || hold.recv().unwrap());
        let mut holding = Box::pin(holding);
        // The one thread takes the first command, which waits.
        assert!(futures_poll(holding.as_mut()).is_none());
        let ran = Arc::new(Mutex::new(false));
        let mut gone = Box::pin(workers.run(None, {
            let ran = ran.clone();
            move || *ran.lock().unwrap() = true
        }));
        assert!(futures_poll(gone.as_mut()).is_none(), "behind the first");
        drop(gone);
        release.send(()).unwrap();
        holding.await.unwrap();
        assert_eq!(workers.run(None, || 1).await, Ok(1));
        assert!(!*ran.lock().unwrap(), "the command of a caller gone");
    }

    #[tokio::test]
    async fn closed_threads_refuse_the_commands_waiting_and_those_asking() {
        let workers = Workers::new(1, 1, || {});
        let (release, hold) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        let mut holding = Box::pin(workers.run(None, move || {
            started.send(()).unwrap();
            hold.recv().unwrap()
        }));
        assert!(futures_poll(holding.as_mut()).is_none());
        running.recv().unwrap();
        let mut waiting = Box::pin(workers.run(key("a"), || ()));
        assert!(futures_poll(waiting.as_mut()).is_none());
        workers.close();
        assert_eq!(waiting.await, Err(Refused::Closed));
        assert_eq!(workers.run(key("b"), || ()).await, Err(Refused::Closed));
        // The command running when they closed ends as it would have.
        release.send(()).unwrap();
        assert_eq!(holding.await, Ok(()));
    }

    /// Polls once, submitting the command: its answer if already given.
    fn futures_poll<F: std::future::Future>(f: std::pin::Pin<&mut F>) -> Option<F::Output> {
        use std::task::{Context, Poll, Waker};
        match f.poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(out) => Some(out),
            Poll::Pending => None,
        }
    }
}
