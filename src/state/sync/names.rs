//! What the user calls the records the sync lists (conflicts, refusals, records held back), and
//! the page that settles each; who made each version of a conflict.

use super::{replica, usecase, AppState};
use crate::domain::model::Id;
use crate::state::route::Route;
use crate::store::{AnyRecord, Entity, Key, Record, Store};
use crate::usecases::sync::Replica;

/// A record as the user knows it: what they call it, and the page that shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Named {
    /// A company, a person, an order's number…; `None` for kinds named by their key alone, or a
    /// record no longer stored.
    pub title: Option<String>,
    /// The page that settles the record's conflicts field by field: its own, or its customer's.
    pub page: Option<Route>,
}

/// Each record named, read from the store, else (a record held back, never stored here) from
/// the replica.
pub async fn named(app: AppState, records: Vec<(Entity, Key)>) -> Vec<Named> {
    let Some(store) = app.store() else { return vec![Named::default(); records.len()] };
    let mut all = Vec::with_capacity(records.len());
    for (entity, key) in records {
        let record = match stored(&*store, entity, key.clone()).await {
            Some(record) => Some(record),
            None => in_replica(entity, &key).await,
        };
        all.push(record.as_ref().map(named_record).unwrap_or_default());
    }
    all
}

/// The record stored under `key`, of the kinds the user names.
async fn stored(store: &impl Store, entity: Entity, key: Key) -> Option<AnyRecord> {
    use crate::domain::grading::indicators::Ratings;
    use crate::domain::model::{
        Contact, Customer, Interaction, Machine, Opportunity, Order, Part, Supplier, TradePartner, User,
    };
    async fn read<R: Record>(store: &impl Store, key: Key) -> Option<AnyRecord> {
        store.get::<R>(key).await.ok().flatten().map(Record::into_any)
    }
    match entity {
        Entity::Customer => read::<Customer>(store, key).await,
        Entity::Contact => read::<Contact>(store, key).await,
        Entity::Interaction => read::<Interaction>(store, key).await,
        Entity::Order => read::<Order>(store, key).await,
        Entity::Opportunity => read::<Opportunity>(store, key).await,
        Entity::Ratings => read::<Ratings>(store, key).await,
        Entity::Machine => read::<Machine>(store, key).await,
        Entity::Supplier => read::<Supplier>(store, key).await,
        Entity::TradePartner => read::<TradePartner>(store, key).await,
        Entity::User => read::<User>(store, key).await,
        Entity::Part => read::<Part>(store, key).await,
        _ => None,
    }
}

/// The replica's winning version of the record, if it has a live one.
async fn in_replica(entity: Entity, key: &Key) -> Option<AnyRecord> {
    let leaves = replica().await.ok()?.leaves(&usecase::doc_id(entity, key)).await.ok()?;
    leaves.into_iter().filter(|doc| !doc.deleted).max_by(|a, b| a.rev.cmp(&b.rev))?.record
}

/// What the user calls `record`, and the page that settles its conflicts.
fn named_record(record: &AnyRecord) -> Named {
    let file =
        |title: Option<&String>, customer: Id| Named { title: title.cloned(), page: Some(Route::Customer(customer)) };
    let own = |title: String, page: Option<Route>| Named { title: Some(title), page };
    let named = match record {
        AnyRecord::Customer(r) => file(Some(&r.company), r.id),
        AnyRecord::Contact(r) => file(Some(&r.name), r.customer_id),
        AnyRecord::Interaction(r) => file(None, r.customer_id),
        AnyRecord::Order(r) => file(Some(&r.number), r.customer_id),
        AnyRecord::Opportunity(r) => file(Some(&r.title), r.customer_id),
        AnyRecord::Ratings(r) => file(None, r.customer_id),
        AnyRecord::Machine(r) => own(r.serial.clone(), Some(Route::EditMachine(r.id))),
        AnyRecord::Supplier(r) => own(r.name.clone(), Some(Route::EditSupplier(r.id))),
        AnyRecord::TradePartner(r) => own(r.name.clone(), Some(Route::EditTradePartner(r.id))),
        AnyRecord::User(r) => own(r.name.clone(), None),
        AnyRecord::Part(r) => own(format!("{} {}", r.number, r.name_zh), None),
        _ => Named::default(),
    };
    Named { title: named.title.filter(|t| !t.trim().is_empty()), ..named }
}

/// Every person of the workspace by id, to name who made each version of a conflict.
pub async fn people(app: AppState) -> std::collections::HashMap<Id, String> {
    use crate::domain::model::User;
    let Some(store) = app.store() else { return Default::default() };
    let mut reads = crate::store::Reads::new();
    let users = reads.all::<User>();
    let Ok(mut found) = store.read_many(&reads).await else { return Default::default() };
    found.take(users).into_iter().map(|user| (user.id, user.name)).collect()
}
