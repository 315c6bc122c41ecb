//! Customer value (客户价值): grades, the portfolio views, retention and churn, and the grading
//! settings form.

mod page;
mod settings_form;
mod win_back;

pub use page::Grades;
