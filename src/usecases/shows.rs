//! Trade-show writes: saving a show, capturing a lead at its booth, and closing the show, which
//! turns every lead into a follow-up (and an unmatched one into a customer with its contact and,
//! when it gave an interest, an opportunity) in one transaction.

use super::{save_opened, Context, Saved};
use crate::domain::audit;
use crate::domain::model::{
    AccountTeam, AuditAction, CommunicationStatus, Contact, Customer, FunnelStage, Id, Interaction, InteractionKind,
    LeadSource, Lifecycle, Opportunity, StageChange,
};
use crate::domain::shows::close::{self, Assignment, CloseError};
use crate::domain::shows::dedup::Match;
use crate::domain::shows::form::{LeadDraft, ShowDraft};
use crate::domain::shows::{Conversion, Lead, Show};
use crate::store::{Batch, Entity, Key, Reads, Revised, Store, StoreError};

/// Saves the show form (a new show when `opened` is `None`) from the revision it opened.
pub async fn save_show(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<Show>>,
    draft: &ShowDraft,
) -> Result<Saved<Show>, StoreError> {
    let by = ctx.author()?;
    let today = ctx.today;
    let stamped = |show: Show| Show { modified_by: by, modified_at: Some(today), ..show };
    let Some(opened) = opened else {
        let new = Show { id: ctx.new_id(), created_by: by, created_at: Some(today), ..Show::default() };
        let show = stamped(draft.apply(&new));
        store.write(ctx.batch().create(show.clone())).await?;
        return Ok(Saved::Stored { record: show, merged_with: None });
    };
    let mine = stamped(draft.apply(&opened.record));
    save_opened(store, opened.record.id, opened, &mine, async |over| {
        store.write(ctx.batch().update(over.record.clone(), over.base)).await
    })
    .await
}

/// Stores the lead `draft` captured now by the current user at open show `show_id`, attached to
/// the customer and contact it `matched`; refused when the show is closed.
pub async fn capture(
    store: &impl Store,
    ctx: &mut Context,
    show_id: Id,
    draft: &LeadDraft,
    matched: Option<&Match>,
) -> Result<Result<Lead, CloseError>, StoreError> {
    let by = ctx.author()?;
    let show =
        store.get::<Show>(Key::Id(show_id)).await?.ok_or_else(|| StoreError::not_found(Entity::Show, show_id))?;
    if show.closed.is_some() {
        return Ok(Err(CloseError::AlreadyClosed));
    }
    let lead = draft.to_lead(ctx.new_id(), show_id, by, ctx.now_ms, matched);
    store.write(ctx.batch().create(lead.clone())).await?;
    Ok(Ok(lead))
}

/// What a close wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closed {
    pub follow_ups: usize,
    pub customers: usize,
    pub opportunities: usize,
}

/// Closes show `opened` (as the confirm table showed it) with the follow-ups the user confirmed:
/// per lead a follow-up owned by its assignee, due as assigned, on the customer it matched or on
/// a new customer (lifecycle potential, source trade show) with its contact, and an opportunity
/// in the first stage when the lead gave an interest; every new record's history names the show.
/// All in one transaction; refused with nothing written when the show or a lead changed since
/// the table opened, or when the assignments do not fit the show ([`close::check`]).
pub async fn close_show(
    store: &impl Store,
    ctx: &mut Context,
    opened: &Revised<Show>,
    assignments: &[Assignment],
) -> Result<Result<Closed, CloseError>, StoreError> {
    let by = ctx.author()?;
    let id = opened.record.id;
    let mut reads = Reads::new();
    let show = reads.key::<Show>(id);
    let show = reads.with_revisions(show);
    let leads = reads.index::<Lead>("show_id", id);
    let leads = reads.with_revisions(leads);
    let customers = reads.all::<Customer>();
    let mut read = store.read_many(&reads).await?;
    let show = read.one_revised(show).ok_or_else(|| StoreError::not_found(Entity::Show, id))?;
    if show.revision != opened.revision {
        return Err(StoreError::changed(Entity::Show, &Key::Id(id)));
    }
    let leads = read.take_revised(leads);
    let customers = read.take(customers);
    let plain: Vec<Lead> = leads.iter().map(|l| l.record.clone()).collect();
    if let Err(error) = close::check(&show.record, &plain, assignments, ctx.today) {
        return Ok(Err(error));
    }
    let reason = show.record.name.clone();
    let today = ctx.today;
    let mut closed = Closed::default();
    let mut batch = ctx.batch().update(
        Show { closed: Some(today), modified_by: by, modified_at: Some(today), ..show.record.clone() },
        show.base(),
    );
    for assignment in assignments {
        let Some(lead) = leads.iter().find(|l| l.record.id == assignment.lead) else { continue };
        let (record, base) = (&lead.record, lead.base());
        let existing = record.customer_id.filter(|c| customers.iter().any(|customer| customer.id == *c));
        let (customer_id, contact_id) = match existing {
            Some(customer) => (customer, record.contact_id),
            None => {
                let (customer, contact) = new_customer(ctx, record, assignment.owner, by);
                batch = audited(batch, ctx, customer.id, None, Some(&customer), &reason).create(customer.clone());
                let contact_id = contact.map(|contact| {
                    batch = audited(std::mem::take(&mut batch), ctx, customer.id, None, Some(&contact), &reason)
                        .create(contact.clone());
                    contact.id
                });
                closed.customers += 1;
                (customer.id, contact_id)
            }
        };
        let opportunity_id = record.interest.is_given().then(|| {
            let opportunity = opportunity(ctx, record, customer_id, assignment.owner, &show.record);
            batch = audited(std::mem::take(&mut batch), ctx, customer_id, None, Some(&opportunity), &reason)
                .create(opportunity.clone());
            closed.opportunities += 1;
            opportunity.id
        });
        let follow_up = Interaction {
            id: ctx.new_id(),
            customer_id,
            contact_id,
            kind: InteractionKind::TradeShow,
            date: Some(today),
            by: assignment.owner,
            notes: record.note.clone(),
            follow_up: Some(assignment.due),
            follow_up_done: false,
        };
        batch = audited(batch, ctx, customer_id, None, Some(&follow_up), &reason).create(follow_up.clone());
        closed.follow_ups += 1;
        let conversion = Conversion {
            customer_id,
            contact_id,
            new_customer: existing.is_none(),
            opportunity_id,
            follow_up_id: follow_up.id,
            owner: assignment.owner,
        };
        batch = batch.update(Lead { converted: Some(conversion), ..record.clone() }, base);
    }
    store.write(batch).await?;
    Ok(Ok(closed))
}

/// `batch` with the audit entry of `before` → `after` in customer `customer`'s history, naming
/// the show as its reason.
fn audited<T: audit::Audited>(
    batch: Batch,
    ctx: &mut Context,
    customer: Id,
    before: Option<&T>,
    after: Option<&T>,
    show: &str,
) -> Batch {
    let changes = audit::diff(before, after);
    match audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, customer, AuditAction::Create, changes, show) {
        Some(entry) => batch.create(entry),
        None => batch,
    }
}

/// The customer an unmatched lead becomes, owned by `owner`, and its contact when the lead
/// named a person or a mobile number.
fn new_customer(ctx: &mut Context, lead: &Lead, owner: Id, by: Id) -> (Customer, Option<Contact>) {
    let company = [&lead.company, &lead.name, &lead.mobile].into_iter().find(|t| !t.is_empty()).cloned();
    let customer = Customer {
        id: ctx.new_id(),
        company: company.unwrap_or_default(),
        country: "CN".into(),
        province: lead.province.clone(),
        source: LeadSource::TradeShow,
        communication: CommunicationStatus::NotContacted,
        lifecycle: Lifecycle::Potential,
        team: AccountTeam { lead: owner, members: vec![] },
        created_by: by,
        created_at: Some(ctx.today),
        modified_by: by,
        modified_at: Some(ctx.today),
        ..Customer::default()
    };
    let contact = (!lead.name.is_empty() || !lead.mobile.is_empty()).then(|| Contact {
        id: ctx.new_id(),
        customer_id: customer.id,
        name: lead.name.clone(),
        phone: lead.mobile.clone(),
        primary: true,
        ..Contact::default()
    });
    (customer, contact)
}

/// The opportunity a lead's interest opens, in the first stage.
fn opportunity(ctx: &mut Context, lead: &Lead, customer_id: Id, owner: Id, show: &Show) -> Opportunity {
    let model = lead.interest.model.trim();
    Opportunity {
        id: ctx.new_id(),
        customer_id,
        title: if model.is_empty() { show.name.clone() } else { format!("{} · {model}", show.name) },
        product: model.to_owned(),
        owner,
        source: LeadSource::TradeShow,
        stage: FunnelStage::Identify,
        man: lead.man,
        created: Some(ctx.today),
        expected_close: lead.interest.timeline.and_then(|t| t.expected_close(ctx.today)),
        history: vec![StageChange { stage: FunnelStage::Identify, date: Some(ctx.today) }],
        ..Opportunity::default()
    }
}
