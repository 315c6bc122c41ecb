//! The components every page draws the same way: a read's states, form fields and the form's
//! footer, writes started by the user, a save's clash dialog and changed-elsewhere banner, a synced record's conflict banner and dialog, a delete confirmation, a stored setting's form, a progress bar with Cancel,
//! a list page's search box and virtual list, and data tables. Reactive inputs are `Signal`s, outputs `Callback`s; every
//! prop says what it is.

pub mod clash;
mod confirm;
mod conflict;
mod field;
mod form;
mod list;
mod loader;
mod progress;
pub mod rows;
mod setting;
pub mod table;
mod write;

pub use clash::{record_clash, ChangedElsewhere, ClashDialog, ClashRow, DraftKept, Made};
pub use confirm::DeleteConfirmation;
pub use conflict::{made, one_per_clash, record_name, ConflictBanners, Resolver, Wording};
pub use field::{invalid, segments, FieldError, SaveFailure, TextInput, TextKind};
pub use form::{FormFooter, NoCurrentUser};
pub use list::{SearchBox, VirtualList};
pub use loader::{failed, loading, Loader, RecordLoader};
pub use progress::ProgressBar;
pub use setting::{SettingForm, SettingLoader, SettingWords};
pub use write::Write;
