//! Application state between the UI and the store: navigation, language, the active
//! workspace and its database, app-level alerts, and the browser services around them.

pub mod cache;
pub mod route;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod cockpit;
#[cfg(target_arch = "wasm32")]
pub mod customers;
#[cfg(target_arch = "wasm32")]
pub mod data;
#[cfg(target_arch = "wasm32")]
pub mod demo;
#[cfg(target_arch = "wasm32")]
pub mod drafts;
#[cfg(target_arch = "wasm32")]
pub mod grades;
#[cfg(target_arch = "wasm32")]
pub mod import;
#[cfg(target_arch = "wasm32")]
pub mod interactions;
#[cfg(target_arch = "wasm32")]
pub mod kiosk;
#[cfg(target_arch = "wasm32")]
pub mod machines;
#[cfg(target_arch = "wasm32")]
pub mod market;
#[cfg(target_arch = "wasm32")]
pub mod opportunities;
#[cfg(target_arch = "wasm32")]
pub mod orders;
#[cfg(target_arch = "wasm32")]
pub mod partners;
#[cfg(target_arch = "wasm32")]
pub mod parts;
#[cfg(target_arch = "wasm32")]
pub mod pipeline_import;
#[cfg(target_arch = "wasm32")]
pub mod saved_filters;
#[cfg(target_arch = "wasm32")]
pub mod service;
#[cfg(target_arch = "wasm32")]
pub mod shows;
#[cfg(target_arch = "wasm32")]
pub mod stored_setting;
#[cfg(target_arch = "wasm32")]
pub mod sync;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
pub mod users;

/// The store's types the pages name (errors, record kinds): pages reach the store only here.
pub use crate::store::{Entity, Key, Revised, Revision, StoreError, StoreErrorKind};
pub use crate::usecases::{Clashed, Decision, Saved};

#[cfg(target_arch = "wasm32")]
pub use app::{provide_app_state, use_app, Alert, AppState, Notice, Progress};
