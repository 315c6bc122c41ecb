//! Writes the user starts (a save, a delete, a move): each is an `Action::new_local`, so its
//! `pending` disables what starts it and its value holds the failure to show.
//!
//! Every write runs through the one action type below, its work boxed: an `Action` per input
//! and output type would compile the action's machinery again for each of the app's writes.

use crate::state::StoreError;
use leptos::prelude::*;
use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

/// A finished run: its value (of the write's own type) or why it failed.
type Done = Result<Rc<dyn Any>, StoreError>;
/// A started run, handed to the action that awaits it.
type Job = Pin<Box<dyn Future<Output = Done>>>;

/// The job of one start; the action takes it out as it runs.
struct Started(Rc<Cell<Option<Job>>>);

/// A write and its last outcome. `Copy`, so every button and view can hold it.
pub struct Write<I: 'static, T: 'static = ()> {
    action: Action<Started, Done>,
    /// Made once: the action makes a new memo on every call of its own `pending`.
    pending: Memo<bool>,
    work: StoredValue<Box<dyn Fn(I) -> Job>, LocalStorage>,
    value: PhantomData<fn() -> T>,
}

impl<I, T> Clone for Write<I, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, T> Copy for Write<I, T> {}

/// The action every write runs through.
fn runner() -> Action<Started, Done> {
    Action::new_local(|started: &Started| started.0.take().expect("a started write's job runs once"))
}

impl<I: 'static, T: 'static> Write<I, T> {
    /// A write that runs `work` on the input it is started with.
    pub fn new<Fut>(work: impl Fn(I) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, StoreError>> + 'static,
    {
        let boxed = move |input: I| -> Job {
            let run = work(input);
            Box::pin(async move { run.await.map(|value| Rc::new(value) as Rc<dyn Any>) })
        };
        let action = runner();
        Write { action, pending: action.pending(), work: StoredValue::new_local(Box::new(boxed)), value: PhantomData }
    }

    /// Starts the write, unless it is running already (a double tap writes once).
    pub fn start(self, input: I) {
        if self.pending.get_untracked() {
            return;
        }
        if let Some(job) = self.work.try_with_value(|work| work(input)) {
            self.action.dispatch_local(Started(Rc::new(Cell::new(Some(job)))));
        }
    }

    /// Whether the write is running (tracked): disable what starts it meanwhile.
    pub fn pending(self) -> Memo<bool> {
        self.pending
    }

    /// Why the last run failed (tracked); nothing while a run is on its way, so a retry
    /// clears the old failure.
    pub fn failure(self) -> Signal<Option<StoreError>> {
        failure(self.action, self.pending)
    }
}

impl<I: 'static, T: Clone + 'static> Write<I, T> {
    /// The last run's outcome (tracked), `None` before the first run ends.
    pub fn outcome(self) -> Signal<Option<Result<T, StoreError>>, LocalStorage> {
        let value = self.action.value();
        Signal::derive_local(move || {
            value.with(|last| {
                last.as_ref().map(|done| match done {
                    Ok(value) => Ok(value.downcast_ref::<T>().cloned().expect("a write's value is of its type")),
                    Err(error) => Err(error.clone()),
                })
            })
        })
    }
}

fn failure(action: Action<Started, Done>, pending: Memo<bool>) -> Signal<Option<StoreError>> {
    let value = action.value();
    Signal::derive(move || {
        if pending.get() {
            return None;
        }
        value.with(|last| last.as_ref().and_then(|done| done.as_ref().err().cloned()))
    })
}
