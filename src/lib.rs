//! Kehu 客户 — an offline-first CRM for industrial-goods companies.
//!
//! Layers, one direction: `ui → state → usecases → store → domain` (see ARCHITECTURE.md); `demo`
//! generates the demo workspace's records from domain types.

pub mod demo;
pub mod domain;
pub mod i18n;
pub mod state;
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod usecases;
