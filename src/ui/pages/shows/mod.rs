//! Trade shows (展会): the list of shows and a new show's form (`list.rs`), a show's page with
//! its leads, its close and the queue of visitors not yet contacted (`show.rs`), and the quick
//! capture page built for a thumb on a tablet at the booth (`capture.rs`); the show report, by
//! show and by person, on a show's page and over every show (`report.rs`).

mod capture;
mod list;
mod report;
mod show;

pub use capture::Capture;
pub use list::Shows;
pub use report::ShowsReport;
pub use show::ShowPage;
