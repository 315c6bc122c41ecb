//! Interactions with customers (往来) and the follow-ups they promise.

pub mod follow_up;
pub mod form;
pub mod win_back;
