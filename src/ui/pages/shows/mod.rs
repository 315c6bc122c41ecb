//! Trade shows (展会): the list of shows and a new show's form (`list.rs`), a show's page with
//! its leads, its close and the queue of visitors not yet contacted (`show.rs`), and the quick
//! capture page built for a thumb on a tablet at the booth (`capture.rs`).

mod capture;
mod list;
mod show;

pub use capture::Capture;
pub use list::Shows;
pub use show::ShowPage;
