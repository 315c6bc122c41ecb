//! Parts imports: a demand history, a parts master and stock on hand, each one transaction.

use super::{retrying, settings, Context, Saved};
use crate::domain::import::carparts::ImportedDemand;
use crate::domain::import::fold_case_and_width;
use crate::domain::import::records::{PartUpdate, StockRow};
use crate::domain::model::{Id, Part, PartDemand, StockLevel};
use crate::domain::parts::policy_form::{PolicyChoice, SETTING_KEY};
use crate::store::{Base, Entity, Put, Reads, Record, Revised, Store, StoreError};
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
/// updated in the row's cells, any other number becomes a new part. Stored parts are written
/// from the revisions read, so a part edited meanwhile in another tab keeps that edit in the
/// cells the file does not set.
pub async fn commit_parts(
    store: &impl Store,
    ctx: &mut Context,
    updates: &[PartUpdate],
) -> Result<RecordCounts, StoreError> {
    retrying(async || {
        let stored = all_revised::<Part>(store).await?;
        let by_number: HashMap<&str, &Revised<Part>> = stored.iter().map(|p| (p.record.number.as_str(), p)).collect();
        let mut counts = RecordCounts::default();
        let mut batch = ctx.batch();
        for update in updates {
            batch = match by_number.get(update.number.as_str()) {
                Some(part) => {
                    counts.updated += 1;
                    batch.update(update.apply(&part.record), part.base())
                }
                None => {
                    counts.created += 1;
                    batch.create(update.apply(&Part { id: ctx.new_id(), pack_size: 1, ..Part::default() }))
                }
            };
        }
        store.write(batch).await?;
        Ok(counts)
    })
    .await
}

/// Stores a stock file's rows in one transaction: the quantity on hand of a part at a location
/// (compared with case and width folded) replaces the stored one, or is a new stock level;
/// stored levels are written from the revisions read.
pub async fn commit_stock(
    store: &impl Store,
    ctx: &mut Context,
    rows: &[StockRow],
) -> Result<RecordCounts, StoreError> {
    retrying(async || {
        let stored = all_revised::<StockLevel>(store).await?;
        let mut by_place: HashMap<(Id, String), Revised<StockLevel>> =
            stored.into_iter().map(|s| ((s.record.part_id, fold_case_and_width(&s.record.location)), s)).collect();
        let mut counts = RecordCounts::default();
        let mut batch = ctx.batch();
        for row in rows {
            batch = match by_place.remove(&(row.part_id, fold_case_and_width(&row.location))) {
                Some(level) => {
                    counts.updated += 1;
                    let base = level.base();
                    batch.update(StockLevel { on_hand: row.on_hand, ..level.record }, base)
                }
                None => {
                    counts.created += 1;
                    let (part_id, location, on_hand) = (row.part_id, row.location.clone(), row.on_hand);
                    batch.create(StockLevel { id: ctx.new_id(), part_id, location, on_hand })
                }
            };
        }
        store.write(batch).await?;
        Ok(counts)
    })
    .await
}

/// Every record of kind `R` with its revision.
async fn all_revised<R: Record>(store: &impl Store) -> Result<Vec<Revised<R>>, StoreError> {
    let mut reads = Reads::new();
    let all = reads.all::<R>();
    let all = reads.with_revisions(all);
    Ok(store.read_many(&reads).await?.take_revised(all))
}

/// The workspace's stock-policy settings; the defaults when none are stored or they are damaged.
pub async fn policy(store: &impl Store) -> Result<PolicyChoice, StoreError> {
    Ok(settings::read(store, SETTING_KEY).await?.unwrap_or_default())
}

/// The stock-policy settings with their revision, as the form opens them (see [`settings::open`]).
pub async fn opened_policy(store: &impl Store) -> Result<Revised<PolicyChoice>, StoreError> {
    settings::open(store, SETTING_KEY).await
}

/// Stores the stock-policy settings from the revision the form opened (see
/// [`settings::save_opened`]): merged field by field with a change made since, or its clashes.
pub async fn save_policy(
    store: &impl Store,
    ctx: &mut Context,
    opened: &Revised<PolicyChoice>,
    choice: &PolicyChoice,
) -> Result<Saved<PolicyChoice>, StoreError> {
    settings::save_opened(store, ctx, SETTING_KEY, opened, choice).await
}
