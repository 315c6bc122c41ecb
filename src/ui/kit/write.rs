//! Writes the user starts (a save, a delete, a move): each is one `Action::new_local`, so
//! its `pending` disables what starts it and its value holds the failure to show.

use crate::state::StoreError;
use leptos::prelude::*;
use std::future::Future;

/// A write and its last outcome. `Copy`, so every button and view can hold it.
pub struct Write<I: 'static, T: 'static = ()> {
    action: Action<I, Result<T, StoreError>>,
}

impl<I, T> Clone for Write<I, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, T> Copy for Write<I, T> {}

impl<I: Clone + 'static, T: 'static> Write<I, T> {
    /// A write that runs `work` on the input it is started with.
    pub fn new<Fut>(work: impl Fn(I) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, StoreError>> + 'static,
    {
        Write { action: Action::new_local(move |input: &I| work(input.clone())) }
    }

    /// Starts the write, unless it is running already (a double tap writes once).
    pub fn start(self, input: I) {
        if !self.action.pending().get_untracked() {
            self.action.dispatch_local(input);
        }
    }

    /// Whether the write is running (tracked): disable what starts it meanwhile.
    pub fn pending(self) -> Memo<bool> {
        self.action.pending()
    }

    /// The last run's outcome (tracked), `None` before the first run ends.
    pub fn outcome(self) -> MappedSignal<Option<Result<T, StoreError>>> {
        self.action.value()
    }

    /// Why the last run failed (tracked); nothing while a run is on its way, so a retry
    /// clears the old failure.
    pub fn failure(self) -> Signal<Option<StoreError>>
    where
        T: Send + Sync,
        I: Send + Sync,
    {
        let pending = self.pending();
        let outcome = self.outcome();
        Signal::derive(move || {
            if pending.get() {
                return None;
            }
            outcome.with(|last| last.as_ref().and_then(|result| result.as_ref().err().cloned()))
        })
    }
}
