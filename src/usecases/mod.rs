//! Use cases: every write of the app against the [`Store`](crate::store::Store) trait, with the
//! clock, new ids and the current user passed in as a [`Context`], so they run natively (tests
//! on `MemoryStore`) as well as in the browser. `state` builds the context and calls them.

pub mod customer_import;
pub mod customers;
pub mod demo;
pub mod grades;
pub mod interactions;
pub mod machines;
pub mod opportunities;
pub mod orders;
pub mod partners;
pub mod parts;
pub mod pipeline_import;
pub mod saved_filters;
pub mod settings;
pub mod users;

use crate::domain::date::Date;
use crate::domain::model::Id;
use crate::store::StoreError;

/// Who acts, and when, and where new ids come from: everything a use case would otherwise ask
/// the browser for.
pub struct Context {
    /// The device's current user, recorded as the author of every change.
    pub user: Option<Id>,
    /// Now, in milliseconds since the epoch (audit entries' time).
    pub now_ms: i64,
    /// Today in the user's time zone (created/modified dates, stage moves, checks).
    pub today: Date,
    ids: Box<dyn FnMut() -> Id>,
}

impl Context {
    pub fn new(user: Option<Id>, now_ms: i64, today: Date, ids: impl FnMut() -> Id + 'static) -> Context {
        Context { user, now_ms, today, ids: Box::new(ids) }
    }

    /// A new record id.
    pub fn new_id(&mut self) -> Id {
        (self.ids)()
    }

    /// The current user, for changes that must name their author.
    pub fn author(&self) -> Result<Id, StoreError> {
        self.user.ok_or_else(StoreError::no_current_user)
    }
}
