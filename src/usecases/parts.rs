//! Parts imports: a demand history, a parts master and stock on hand, each one transaction.

use super::{settings, Context};
use crate::domain::import::carparts::ImportedDemand;
use crate::domain::import::fold_case_and_width;
use crate::domain::import::parts_records::{PartUpdate, StockRow};
use crate::domain::model::{Id, Part, PartDemand, StockLevel};
use crate::domain::parts::policy_form::{PolicyChoice, SETTING_KEY};
use crate::store::{Base, Entity, Put, Record, Store, StoreError};
use std::collections::HashMap;

/// What a demand import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DemandCounts {
    /// Parts created for series no stored part has as its number.
    pub created: usize,
    /// Stored parts whose history the file replaced.
    pub updated: usize,
}

/// Stores the histories of a demand file, one `put_stream` transaction: a part whose number is
/// the file's series (`numbers`: stored part ids by number) gets the file's history; a series
/// without such a part gets a new part, numbered by the series. `progress` hears records sent
/// so far.
pub async fn commit_demand(
    store: &impl Store,
    ctx: &mut Context,
    series: Vec<ImportedDemand>,
    numbers: &HashMap<String, Id>,
    progress: impl FnMut(usize),
) -> Result<DemandCounts, StoreError> {
    let mut counts = DemandCounts::default();
    let mut records = Vec::with_capacity(series.len() * 2);
    for imported in series {
        let part_id = match numbers.get(&imported.part) {
            Some(id) => {
                counts.updated += 1;
                *id
            }
            None => {
                counts.created += 1;
                let id = ctx.new_id();
                let part = Part { id, number: imported.part, pack_size: 1, ..Part::default() };
                records.push(Put { record: part.into_any(), base: Base::New });
                id
            }
        };
        // A demand history is recomputed from the file whoever wrote the last one.
        records.push(Put { record: PartDemand { part_id, ..imported.demand }.into_any(), base: Base::Latest });
    }
    let stamp = ctx.stamp();
    store.put_stream(stamp, &[Entity::Part, Entity::PartDemand], records.into_iter(), progress).await?;
    Ok(counts)
}

/// What a parts-master or stock import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordCounts {
    pub created: usize,
    pub updated: usize,
}

/// Stores a parts-master file's rows in one transaction: a stored part of the row's number is
/// updated in the row's cells, any other number becomes a new part.
pub async fn commit_parts(
    store: &impl Store,
    ctx: &mut Context,
    updates: &[PartUpdate],
) -> Result<RecordCounts, StoreError> {
    let stored: Vec<Part> = store.get_all().await?;
    let by_number: HashMap<String, Part> = stored.into_iter().map(|p| (p.number.clone(), p)).collect();
    let mut counts = RecordCounts::default();
    let parts: Vec<Part> = updates
        .iter()
        .map(|update| {
            let base = match by_number.get(&update.number) {
                Some(part) => {
                    counts.updated += 1;
                    part.clone()
                }
                None => {
                    counts.created += 1;
                    Part { id: ctx.new_id(), pack_size: 1, ..Part::default() }
                }
            };
            update.apply(&base)
        })
        .collect();
    store.write(ctx.batch().put_all(parts)).await?;
    Ok(counts)
}

/// Stores a stock file's rows in one transaction: the quantity on hand of a part at a location
/// (compared with case and width folded) replaces the stored one, or is a new stock level.
pub async fn commit_stock(
    store: &impl Store,
    ctx: &mut Context,
    rows: &[StockRow],
) -> Result<RecordCounts, StoreError> {
    let stored: Vec<StockLevel> = store.get_all().await?;
    let mut by_place: HashMap<(Id, String), StockLevel> =
        stored.into_iter().map(|s| ((s.part_id, fold_case_and_width(&s.location)), s)).collect();
    let mut counts = RecordCounts::default();
    let levels: Vec<StockLevel> = rows
        .iter()
        .map(|row| match by_place.remove(&(row.part_id, fold_case_and_width(&row.location))) {
            Some(level) => {
                counts.updated += 1;
                StockLevel { on_hand: row.on_hand, ..level }
            }
            None => {
                counts.created += 1;
                StockLevel {
                    id: ctx.new_id(),
                    part_id: row.part_id,
                    location: row.location.clone(),
                    on_hand: row.on_hand,
                }
            }
        })
        .collect();
    store.write(ctx.batch().put_all(levels)).await?;
    Ok(counts)
}

/// The workspace's stock-policy settings; the defaults when none are stored or they are damaged.
pub async fn policy(store: &impl Store) -> Result<PolicyChoice, StoreError> {
    Ok(settings::read(store, SETTING_KEY).await?.unwrap_or_default())
}

/// Stores the stock-policy settings.
pub async fn save_policy(store: &impl Store, ctx: &mut Context, choice: &PolicyChoice) -> Result<(), StoreError> {
    settings::write(store, ctx, SETTING_KEY, choice).await
}
