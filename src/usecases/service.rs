//! Service desk writes, each one transaction: a call taken as a new ticket numbered in its year's
//! series (with the machine's hours when the meter was read), each step of the work applied to
//! the ticket as stored now — so two people working one ticket never undo each other's steps —
//! and the work order's details saved from the revision their form opened (merged with a change
//! made since, or handed back to decide).

use super::{get_revised, retrying, save_opened, Context, Saved};
use crate::domain::fields::FormError;
use crate::domain::model::{Customer, Id, Machine, Order, Part, ServiceTicket};
use crate::domain::service::calendar::local_time;
use crate::domain::service::form::{meter_reading, next_number, Details, NewTicket, Subjects};
use crate::domain::service::maintenance::{is_done, is_for};
use crate::domain::service::record::TicketKind;
use crate::domain::service::record::Visit;
use crate::domain::service::ticket::{Move, TicketError, TicketField, TicketProblem};
use crate::store::{Base, Entity, Reads, Revised, Store, StoreError};

/// A ticket as written, or every problem with nothing written.
pub type Outcome<T> = Result<Result<T, Vec<TicketProblem>>, StoreError>;

/// One step of the work on a ticket.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// An engineer joins the ticket.
    Assign(Id),
    /// A move through the status flow, now.
    Step(Move),
    Visit(Visit),
    /// An hour-meter reading of the ticket's machine, as typed.
    Meter(String),
}

/// Takes the call: a new ticket owned by the current user (首问负责制), checked against the
/// customer and machine as stored now; a meter reading updates the machine's hours in the same
/// write. A planned-maintenance interval already open on the machine is refused.
pub async fn open(store: &impl Store, ctx: &mut Context, call: &NewTicket) -> Outcome<ServiceTicket> {
    let taken_by = ctx.author()?;
    retrying(async || {
        let mut reads = Reads::new();
        let tickets = reads.all::<ServiceTicket>();
        let customer = reads.key::<Customer>(call.customer_id);
        let machine = call.machine_id.map(|id| {
            let handle = reads.key::<Machine>(id);
            reads.with_revisions(handle)
        });
        let mut read = store.read_many(&reads).await?;
        let tickets = read.take(tickets);
        let interval = call.interval.trim();
        if let (Some(machine), false) = (call.machine_id, interval.is_empty()) {
            if tickets.iter().any(|t| is_for(t, machine, interval) && !is_done(t)) {
                return Ok(Err(vec![(TicketField::Interval, TicketError::MaintenanceOpen)]));
            }
        }
        let numbers: Vec<String> = tickets.into_iter().map(|t| t.number).collect();
        let customer_exists = read.one(customer).is_some();
        let machine = machine.and_then(|handle| read.one_revised(handle));
        let (mut ticket, updated) =
            match call.check(customer_exists, machine.as_ref().map(|m| &m.record), taken_by, ctx.now_ms) {
                Ok(checked) => checked,
                Err(problems) => return Ok(Err(problems)),
            };
        ticket.id = ctx.new_id();
        let year = ticket.opened.map_or(ctx.today.year(), |d| d.year());
        ticket.number = next_number(&numbers, year);
        let mut batch = ctx.batch().create(ticket.clone());
        if let (Some(updated), Some(machine)) = (updated, &machine) {
            batch = batch.update(updated, machine.base());
        }
        store.write(batch).await?;
        Ok(Ok(ticket))
    })
    .await
}

/// Applies `action` to ticket `id` as stored now, by the current user now; a meter reading
/// updates the machine's hours in the same write. An action that changes nothing writes nothing.
pub async fn act(store: &impl Store, ctx: &mut Context, id: Id, action: &Action) -> Outcome<ServiceTicket> {
    ctx.author()?;
    retrying(async || {
        let stored = get_revised::<ServiceTicket>(store, id)
            .await?
            .ok_or_else(|| StoreError::not_found(Entity::ServiceTicket, id))?;
        let mut ticket = stored.record.clone();
        let mut machine_update = None;
        let outcome = match action {
            Action::Assign(engineer) => ticket.assign(*engineer).map_err(|problem| vec![problem]),
            Action::Step(step) => ticket.apply(step.clone(), ctx.now_ms),
            // The desk keeps China's calendar, as its SLA clock does, whatever the device's zone.
            Action::Visit(visit) => ticket.add_visit(visit.clone(), local_time(ctx.now_ms).0),
            Action::Meter(typed) => match read_meter(store, &mut ticket, typed).await? {
                Ok(update) => {
                    machine_update = Some(update);
                    Ok(())
                }
                Err(problem) => Err(vec![problem]),
            },
        };
        if let Err(problems) = outcome {
            return Ok(Err(problems));
        }
        if ticket == stored.record {
            return Ok(Ok(ticket));
        }
        let mut batch = ctx.batch().update(ticket.clone(), stored.base());
        if let Some((machine, base)) = machine_update {
            batch = batch.update(machine, base);
        }
        store.write(batch).await?;
        Ok(Ok(ticket))
    })
    .await
}

/// The ticket's machine as stored now with the reading `typed` on `ticket`, and the base to
/// write it from; or the reading's problem.
async fn read_meter(
    store: &impl Store,
    ticket: &mut ServiceTicket,
    typed: &str,
) -> Result<Result<(Machine, Base), TicketProblem>, StoreError> {
    let reading = match meter_reading(typed) {
        Ok(Some(reading)) => reading,
        Ok(None) => return Ok(Err((TicketField::Meter, TicketError::Form(FormError::Required)))),
        Err(problem) => return Ok(Err(problem)),
    };
    let Some(machine_id) = ticket.machine_id else {
        return Ok(Err((TicketField::Machine, TicketError::Form(FormError::Required))));
    };
    let machine = get_revised::<Machine>(store, machine_id).await?;
    let Some(machine) = machine.filter(|m| m.record.customer_id == ticket.customer_id) else {
        return Ok(Err((TicketField::Machine, TicketError::UnknownMachine)));
    };
    Ok(ticket.record_meter(reading, machine.record.hours).map(|hours| {
        let base = machine.base();
        (Machine { hours, ..machine.record }, base)
    }))
}

/// What a complaint of `customer` may point at, as stored now: its orders, the parts that fit
/// its machines' models, its tickets.
pub async fn subjects(store: &impl Store, customer: Id) -> Result<Subjects, StoreError> {
    let mut reads = Reads::new();
    let orders = reads.index::<Order>("customer_id", customer);
    let machines = reads.index::<Machine>("customer_id", customer);
    let tickets = reads.index::<ServiceTicket>("customer_id", customer);
    let parts = reads.all::<Part>();
    let mut read = store.read_many(&reads).await?;
    let models: Vec<String> = read.take(machines).into_iter().map(|m| m.model).filter(|m| !m.is_empty()).collect();
    Ok(Subjects {
        orders: read.take(orders).into_iter().map(|o| o.id).collect(),
        parts: read
            .take(parts)
            .into_iter()
            .filter(|p| p.fits_models.iter().any(|m| models.contains(m)))
            .map(|p| p.id)
            .collect(),
        tickets: read.take(tickets).into_iter().map(|t| t.id).collect(),
    })
}

/// Saves the work order's details over the ticket as its form opened it (see [`save_opened`]);
/// a complaint's subjects are checked against the customer's records as stored now.
pub async fn save_details(
    store: &impl Store,
    ctx: &mut Context,
    opened: &Revised<ServiceTicket>,
    details: &Details,
) -> Outcome<Saved<ServiceTicket>> {
    let subjects = match details.kind {
        TicketKind::Complaint => subjects(store, opened.record.customer_id).await?,
        _ => Subjects::default(),
    };
    let mine = match details.apply(&opened.record, &subjects) {
        Ok(mine) => mine,
        Err(problems) => return Ok(Err(problems)),
    };
    let saved = save_opened(store, mine.id, opened, &mine, async |over| {
        store.write(ctx.batch().update(over.record.clone(), over.base)).await
    })
    .await?;
    Ok(Ok(saved))
}
