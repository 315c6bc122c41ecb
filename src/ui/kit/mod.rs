//! The components every page draws the same way: a read's states, a delete confirmation, a
//! progress bar with Cancel, a field's error line, virtual lists and data tables. Reactive
//! inputs are `Signal`s, outputs `Callback`s; every prop says what it is.

mod confirm;
mod field;
mod loader;
mod progress;
pub mod rows;
pub mod table;

pub use confirm::DeleteConfirmation;
pub use field::{invalid, FieldError, SaveFailure};
pub use loader::{failed, loading, Loader, RecordLoader};
pub use progress::ProgressBar;
