//! The workspace's data as files: the records exports are made from (read in one transaction,
//! so a file never mixes two moments), and backup and restore of the whole workspace.

use super::browser;
use super::AppState;
use crate::domain::model::{Contact, Customer, Interaction, Order, User};
use crate::store::backup;
use crate::store::{EntityCounts, Reads, Store, StoreError, StoreErrorKind};
pub use crate::usecases::sync::Restored;
use leptos::prelude::GetUntracked;

pub use crate::store::backup::{Backup, BackupError, Compression};
pub use crate::store::schema::VERSION as SCHEMA_VERSION;

/// How many records of each kind the active workspace holds, read in one transaction; `None`
/// while no workspace is open.
pub async fn counts(app: AppState) -> Option<Result<EntityCounts, StoreError>> {
    let store = app.store()?;
    Some(store.counts().await)
}

/// Everything an export may need, from one snapshot.
pub struct ExportData {
    pub customers: Vec<Customer>,
    pub contacts: Vec<Contact>,
    pub users: Vec<User>,
    pub interactions: Vec<Interaction>,
    pub orders: Vec<Order>,
}

pub async fn export_data(app: AppState) -> Result<ExportData, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (customers, contacts, users) = (reads.all(), reads.all(), reads.all());
    let (interactions, orders) = (reads.all(), reads.all());
    let mut found = store.read_many(&reads).await?;
    Ok(ExportData {
        customers: found.take(customers),
        contacts: found.take(contacts),
        users: found.take(users),
        interactions: found.take(interactions),
        orders: found.take(orders),
    })
}

/// Downloads a backup of the active workspace; returns its file name and size in bytes.
pub async fn download_backup(app: AppState, compression: Compression) -> Result<(String, usize), StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let workspace = app.workspace.get_untracked().db_name();
    let bytes = backup::export(&*store, workspace, browser::now_ms(), compression).await?;
    let extension = match compression {
        Compression::None => "json",
        Compression::Gzip => "json.gz",
    };
    let name = format!("{workspace}-backup-{}.{extension}", browser::today());
    let mime = match compression {
        Compression::None => "application/json",
        Compression::Gzip => "application/gzip",
    };
    browser::download(&name, mime, &bytes).map_err(|e| StoreError::new(StoreErrorKind::Other, e))?;
    Ok((name, bytes.len()))
}

/// Why a picked backup file cannot be restored.
#[derive(Clone, Debug, PartialEq)]
pub enum RestoreError {
    /// The browser could not read the file.
    Unreadable(String),
    Invalid(BackupError),
}

/// Reads and validates a backup file the user picked; nothing is stored yet.
pub async fn read_backup(file: &web_sys::File) -> Result<Backup, RestoreError> {
    let bytes = browser::file_bytes(file).await.map_err(RestoreError::Unreadable)?;
    backup::parse_backup(&bytes).map_err(RestoreError::Invalid)
}

/// Restores into a workspace that syncs with a team: only what it no longer holds comes back
/// (`usecases::sync::restore_missing`), in one transaction.
pub async fn restore_missing(app: AppState, backup: Backup) -> Result<Restored, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let result = crate::usecases::sync::restore_missing(&*store, &mut app.context(), backup.into_records()).await;
    app.changed();
    result
}

/// Replaces everything in the active workspace with the backup, in one transaction.
pub async fn restore(app: AppState, backup: Backup) -> Result<(), StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let stamp = app.context().stamp();
    let result = backup::restore(&*store, stamp, backup).await;
    app.changed();
    result
}
