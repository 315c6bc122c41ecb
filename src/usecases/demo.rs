//! Filling a fresh Demo workspace: the generated records batch by batch, their month-end grade
//! history, and last the settings that mark the demo complete, so a half-loaded demo is never
//! taken for a whole one.

use super::{grades, Context};
use crate::demo::{DemoBatch, DemoGenerator, DemoSize};
use crate::domain::model::Setting;
use crate::store::{Batch, Store, StoreError};
use std::future::Future;

/// The settings key recording which size the demo was generated at; written last.
pub const SIZE_SETTING: &str = "demo.size";
/// The settings key recording the day the demo was generated (its data ends that day).
pub const DATE_SETTING: &str = "demo.generated";

/// The name a demo size is recorded under.
fn size_key(size: DemoSize) -> &'static str {
    match size {
        DemoSize::Demo => "demo",
        DemoSize::Bench => "bench",
    }
}

pub fn parse_size(key: &str) -> Option<DemoSize> {
    [DemoSize::Demo, DemoSize::Bench].into_iter().find(|s| size_key(*s) == key)
}

fn to_batch(ctx: &mut Context, b: DemoBatch) -> Batch {
    ctx.batch()
        .create_all(b.users)
        .create_all(b.customers)
        .create_all(b.contacts)
        .create_all(b.interactions)
        .create_all(b.orders)
        .create_all(b.opportunities)
        .create_all(b.parts)
        .create_all(b.part_demand)
        .create_all(b.stock)
        .create_all(b.machines)
        .create_all(b.tickets)
        .create_all(b.ratings)
        .create_all(b.sightings)
        .create_all(b.markets)
        .create_all(b.suppliers)
        .create_all(b.trade_partners)
}

/// Generates the demo of `size` from `seed` as of `ctx.today` into `store`, one transaction a
/// batch; after each, `between` hears the batches done of all (the page shows progress and
/// paints). The grade history follows, and the size and date settings come last.
pub async fn fill<Fut: Future<Output = ()>>(
    store: &impl Store,
    ctx: &mut Context,
    size: DemoSize,
    seed: u64,
    mut between: impl FnMut(usize, usize) -> Fut,
) -> Result<(), StoreError> {
    let mut generator = DemoGenerator::new(size, seed, ctx.today);
    while let Some(batch) = generator.next() {
        store.write(to_batch(ctx, batch)).await?;
        let (done, total) = generator.progress();
        between(done, total).await;
    }
    grades::write_history(store, ctx).await?;
    // Setting values are JSON: a quoted ASCII string is its own Debug rendering.
    let generated = Setting { key: DATE_SETTING.into(), value: format!("{:?}", ctx.today.to_string()) };
    let marker = Setting { key: SIZE_SETTING.into(), value: format!("{:?}", size_key(size)) };
    store.write(ctx.batch().put(generated).put(marker)).await
}
