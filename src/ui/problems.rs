//! The user's-language text of every problem the domain's forms report, one `match` per error
//! type, so a new kind of problem without a text fails to compile.

use crate::domain::fields::FormError;
use crate::domain::interactions::form::InteractionError;
use crate::domain::money::{format_cny, format_int, AmountError, MAX_AMOUNT};
use crate::domain::orders::form::{Milestone, OrderError};
use crate::domain::parts::machine_form::MachineError;
use crate::domain::service::calendar::CalendarError;
use crate::domain::service::settings_form::{SettingsError, SettingsField};
use crate::domain::service::ticket::{TicketError, TicketField};
use crate::i18n::{args, Tr};

pub fn form(tr: Tr, error: FormError) -> String {
    match error {
        FormError::Required => tr.problem_required().to_owned(),
        FormError::TooLong { max } => tr.problem_too_long(args::ProblemTooLong { max }),
        FormError::InvalidEmail => tr.problem_email().to_owned(),
        FormError::InvalidPhone => tr.problem_phone().to_owned(),
        FormError::OutOfRange { min, max } => tr.problem_range(args::ProblemRange { min, max }),
        FormError::InvalidCountry => tr.problem_country().to_owned(),
        FormError::UnknownProvince => tr.problem_province().to_owned(),
        FormError::ControlCharacters => tr.problem_control_characters().to_owned(),
    }
}

/// The text of a problem with an order input (the opportunity form shares it).
pub fn order(tr: Tr, error: OrderError) -> String {
    match error {
        OrderError::Form(error) => form(tr, error),
        OrderError::Amount(AmountError::Empty) => tr.problem_required().to_owned(),
        OrderError::Amount(AmountError::Invalid) => tr.problem_amount().to_owned(),
        OrderError::Amount(AmountError::TooPrecise) => tr.problem_amount_decimals().to_owned(),
        OrderError::Amount(AmountError::Negative) => tr.problem_amount_negative().to_owned(),
        OrderError::Amount(AmountError::TooLarge) => {
            tr.problem_amount_too_large(args::ProblemAmountTooLarge { max: format_cny(MAX_AMOUNT) })
        }
        OrderError::InvalidDate => tr.problem_invalid_date().to_owned(),
        OrderError::DuplicateNumber => tr.problem_order_number_taken().to_owned(),
        OrderError::Before(Milestone::Ordered) => tr.problem_before_ordered().to_owned(),
        OrderError::Before(Milestone::Ready) => tr.problem_before_ready().to_owned(),
        OrderError::Before(Milestone::Shipped) => tr.problem_before_shipped().to_owned(),
        OrderError::NoLines => tr.problem_order_no_lines().to_owned(),
        OrderError::TooManyLines { max } => tr.problem_order_too_many_lines(args::ProblemOrderTooManyLines { max }),
    }
}

pub fn machine(tr: Tr, error: MachineError) -> String {
    match error {
        MachineError::Form(error) => form(tr, error),
        MachineError::DuplicateSerial => tr.problem_duplicate_serial().to_owned(),
        MachineError::UnknownCustomer => tr.problem_unknown_customer().to_owned(),
        MachineError::InvalidDate => tr.problem_date_format().to_owned(),
        MachineError::FutureDate => tr.problem_delivered_future().to_owned(),
        MachineError::UnknownStatus => tr.problem_machine_status().to_owned(),
    }
}

/// The text of a problem with a ticket's input: hours worked are typed in hours, though kept in
/// minutes.
pub fn ticket(tr: Tr, field: TicketField, error: TicketError) -> String {
    match error {
        TicketError::Form(FormError::OutOfRange { .. }) if field == TicketField::VisitHours => {
            tr.problem_worked_hours().to_owned()
        }
        TicketError::Form(error) => form(tr, error),
        TicketError::NotAllowed { .. } => tr.problem_ticket_move().to_owned(),
        TicketError::BeforeLastChange => tr.problem_ticket_before_last().to_owned(),
        TicketError::BelowLastReading { last } => {
            tr.problem_meter_below(args::ProblemMeterBelow { last: format_int(i64::from(last)) })
        }
        TicketError::FutureDate => tr.problem_date_in_future().to_owned(),
        TicketError::BeforeOpened => tr.problem_visit_before_opened().to_owned(),
        TicketError::BeforeResolved => tr.problem_callback_before_resolved().to_owned(),
        TicketError::AfterClosing => tr.problem_callback_after_closing().to_owned(),
        TicketError::Closed => tr.problem_ticket_closed().to_owned(),
        TicketError::UnknownCustomer => tr.problem_customer_gone().to_owned(),
        TicketError::UnknownMachine => tr.problem_machine_gone().to_owned(),
        TicketError::MaintenanceOpen => tr.problem_maintenance_open().to_owned(),
        TicketError::NotTheCustomers => tr.problem_not_the_customers().to_owned(),
        TicketError::SameTicket => tr.problem_complaint_same_ticket().to_owned(),
    }
}

/// The text of a problem with a date or notes input.
pub fn interaction(tr: Tr, error: InteractionError) -> String {
    match error {
        InteractionError::Required => tr.problem_required().to_owned(),
        InteractionError::InvalidDate => tr.problem_invalid_date().to_owned(),
        InteractionError::InFuture => tr.problem_date_in_future().to_owned(),
        InteractionError::BeforeInteraction => tr.problem_follow_up_before().to_owned(),
        InteractionError::InPast => tr.problem_date_past().to_owned(),
        InteractionError::TooLong { max } => tr.problem_too_long(args::ProblemTooLong { max }),
        InteractionError::ControlCharacters => tr.problem_control_characters().to_owned(),
    }
}

/// The text of a problem with a service desk setting: targets are typed in hours, though kept
/// in minutes.
pub fn service_settings(tr: Tr, field: SettingsField, error: SettingsError) -> String {
    match error {
        SettingsError::Form(FormError::OutOfRange { max, .. })
            if matches!(field, SettingsField::Target(..) | SettingsField::CustomerTarget(..)) =>
        {
            let max = format_int(i64::from(max / 60));
            tr.problem_target_hours(args::ProblemTargetHours { max })
        }
        SettingsError::Form(FormError::Required) if matches!(field, SettingsField::Customer(_)) => {
            tr.problem_choose_customer().to_owned()
        }
        SettingsError::Form(error) => form(tr, error),
        SettingsError::NotANumber => tr.problem_not_a_number().to_owned(),
        SettingsError::InvalidTime => tr.problem_time_of_day().to_owned(),
        SettingsError::InvalidDate => tr.problem_date_format().to_owned(),
        SettingsError::DuplicateContract => tr.problem_contract_twice().to_owned(),
        SettingsError::Calendar(error) => calendar(tr, field, error),
    }
}

fn calendar(tr: Tr, field: SettingsField, error: CalendarError) -> String {
    match error {
        CalendarError::Required if field == SettingsField::WorkingDays => tr.problem_no_working_day().to_owned(),
        CalendarError::Required if field == SettingsField::Periods => tr.problem_no_working_period().to_owned(),
        CalendarError::Required => tr.problem_required().to_owned(),
        CalendarError::InvalidPeriod => tr.problem_period_reversed().to_owned(),
        CalendarError::Overlap => tr.problem_periods_overlap().to_owned(),
        CalendarError::EndsBeforeStart => tr.problem_holiday_reversed().to_owned(),
        CalendarError::InHoliday(day) => {
            tr.problem_makeup_in_holiday(args::ProblemMakeupInHoliday { day: day.to_string() })
        }
    }
}

pub fn show(tr: Tr, error: crate::domain::shows::form::ShowError) -> String {
    use crate::domain::shows::form::ShowError;
    match error {
        ShowError::Form(error) => form(tr, error),
        ShowError::InvalidDate => tr.problem_invalid_date().to_owned(),
        ShowError::EndsBeforeStarts => tr.problem_show_ends_before().to_owned(),
        ShowError::Amount(error) => order(tr, OrderError::Amount(error)),
    }
}

pub fn lead(tr: Tr, error: crate::domain::shows::form::LeadError) -> String {
    use crate::domain::shows::form::LeadError;
    match error {
        LeadError::Form(error) => form(tr, error),
        LeadError::NotAMobile => tr.problem_not_mobile().to_owned(),
        LeadError::Nobody => tr.problem_lead_nobody().to_owned(),
    }
}

pub fn sighting(tr: Tr, error: crate::domain::market::form::SightingError) -> String {
    use crate::domain::market::form::SightingError;
    match error {
        SightingError::Form(error) => form(tr, error),
        SightingError::InvalidDate => tr.problem_invalid_date().to_owned(),
        SightingError::InFuture => tr.mkt_problem_seen_future().to_owned(),
    }
}

/// Why a show could not be closed (or take another lead).
pub fn close(tr: Tr, error: crate::domain::shows::close::CloseError) -> String {
    use crate::domain::shows::close::CloseError;
    match error {
        CloseError::AlreadyClosed => tr.show_close_already().to_owned(),
        CloseError::NoLeads => tr.show_close_no_leads().to_owned(),
        CloseError::UnknownLead(_) | CloseError::NoOwner(_) => tr.show_close_stale().to_owned(),
        CloseError::DueInPast(_) => tr.show_close_due_past().to_owned(),
    }
}
