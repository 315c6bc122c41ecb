use super::*;

fn defaults() -> ServiceSettings {
    ServiceSettings::default()
}

#[test]
fn times_parse_and_format() {
    let cases: [(&str, Option<u32>); 10] = [
        ("08:30", Some(510)),
        ("8:30", Some(510)),
        (" 13:30 ", Some(810)),
        ("17：30", Some(1050)),
        ("24:00", Some(1440)),
        ("00:00", Some(0)),
        ("24:01", None),
        ("12:60", None),
        ("1230", None),
        ("8:3", None),
    ];
    for (text, minute) in cases {
        assert_eq!(parse_time(text), minute, "{text}");
    }
    assert_eq!(format_time(510), "08:30");
    assert_eq!(format_time(1440), "24:00");
}

#[test]
fn hours_parse_and_format_to_the_minute() {
    let cases: [(&str, Result<u32, SettingsError>); 8] = [
        ("1.5", Ok(90)),
        ("0.5", Ok(30)),
        ("15", Ok(900)),
        (" 0.25 ", Ok(15)),
        ("0", Ok(0)),
        ("", Err(SettingsError::Form(FormError::Required))),
        ("-1", Err(SettingsError::NotANumber)),
        ("1h", Err(SettingsError::NotANumber)),
    ];
    for (text, minutes) in cases {
        assert_eq!(parse_hours(text), minutes, "{text}");
    }
    for (minutes, text) in [(90, "1.5"), (30, "0.5"), (900, "15"), (20, "0.33"), (1, "0.02")] {
        assert_eq!(format_hours(minutes), text);
        assert_eq!(parse_hours(text), Ok(minutes), "{text} round trip");
    }
    assert_eq!(parse_hours("1..5"), Err(SettingsError::NotANumber));
}

#[test]
fn the_defaults_round_trip() {
    let settings = defaults();
    let shown = draft(&settings);
    assert_eq!(shown.periods[0], PeriodDraft { start: "08:30".into(), end: "12:00".into() });
    assert_eq!(shown.targets[Priority::High as usize].resolution, "15");
    assert_eq!(shown.validate(&settings), Ok(settings));
}

#[test]
fn changes_are_stored() {
    let mut typed = draft(&defaults());
    typed.working_days.push(Weekday::Saturday);
    typed.periods.push(PeriodDraft { start: "18:00".into(), end: "19:30".into() });
    typed.holidays.push(HolidayDraft {
        festival: Festival::Company,
        first: "2027-01-04".into(),
        last: "2027-01-05".into(),
    });
    typed.makeup_days.push("2027-01-10".into());
    typed.targets[Priority::High as usize].resolution = "7.5".into();
    typed.contracts.push(ContractDraft {
        customer_id: Some(7),
        priority: Priority::Urgent,
        targets: TargetsDraft { first_response: "0.25".into(), resolution: "4".into() },
    });
    typed.at_risk_percent = "80".into();
    typed.repeat_visits = "4".into();
    let saved = typed.validate(&defaults()).unwrap();
    assert_eq!(saved.calendar.working_days.len(), 6);
    assert_eq!(saved.calendar.hours[2], WorkPeriod { start: 1080, end: 1170 });
    assert_eq!(saved.calendar.holidays.last().unwrap().first, Date::from_ymd(2027, 1, 4));
    assert_eq!(saved.calendar.makeup_days.last(), Date::from_ymd(2027, 1, 10).as_ref());
    assert_eq!(saved.sla.targets(Priority::High, 1).resolution_minutes, 450);
    assert_eq!(
        saved.sla.targets(Priority::Urgent, 7),
        SlaTargets { first_response_minutes: 15, resolution_minutes: 240 }
    );
    assert_eq!(saved.sla.at_risk_percent, 80);
    assert_eq!(saved.tickets.repeat_visit_threshold, 4);
    assert_eq!(draft(&saved), typed);
}

/// A case's name, the edit to the default draft, and the problems it gives.
type Case = (&'static str, Box<dyn Fn(&mut SettingsDraft)>, Vec<SettingsProblem>);

#[test]
fn each_problem_is_at_its_input() {
    use SettingsError::*;
    use SettingsField as F;
    let range = FormError::OutOfRange { min: 1, max: 112_500 };
    let contract = ContractDraft {
        customer_id: Some(7),
        priority: Priority::High,
        targets: TargetsDraft { first_response: "1".into(), resolution: "8".into() },
    };
    let holiday =
        |first: &str, last: &str| HolidayDraft { festival: Festival::Company, first: first.into(), last: last.into() };
    let cases: Vec<Case> = vec![
        ("no weekday", Box::new(|d| d.working_days.clear()), vec![(F::WorkingDays, Calendar(CalendarError::Required))]),
        ("no period", Box::new(|d| d.periods.clear()), vec![(F::Periods, Calendar(CalendarError::Required))]),
        (
            "period ends before it starts",
            Box::new(|d| d.periods[1].end = "13:00".into()),
            vec![(F::Period(1, End::End), Calendar(CalendarError::InvalidPeriod))],
        ),
        (
            "period typed wrong, no extra problem for the periods",
            Box::new(|d| d.periods[0].start = "8h30".into()),
            vec![(F::Period(0, End::Start), InvalidTime)],
        ),
        (
            "periods overlap",
            Box::new(|d| d.periods[1].start = "11:00".into()),
            vec![(F::Periods, Calendar(CalendarError::Overlap))],
        ),
        (
            "holiday dates",
            Box::new(move |d| {
                d.holidays.push(holiday("2027-13-01", ""));
                d.holidays.push(holiday("2027-05-03", "2027-05-01"));
            }),
            vec![
                (F::HolidayFirst(13), InvalidDate),
                (F::HolidayLast(13), Form(FormError::Required)),
                (F::HolidayLast(14), Calendar(CalendarError::EndsBeforeStart)),
            ],
        ),
        (
            "make-up day inside a holiday",
            Box::new(|d| d.makeup_days.push("2026-10-02".into())),
            vec![(F::Makeup(11), Calendar(CalendarError::InHoliday(Date::from_ymd(2026, 10, 2).unwrap())))],
        ),
        (
            "make-up day typed wrong",
            Box::new(|d| d.makeup_days[0] = "26/1/2025".into()),
            vec![(F::Makeup(0), InvalidDate)],
        ),
        (
            "targets of 0 and too long",
            Box::new(|d| {
                d.targets[Priority::High as usize].resolution = "0".into();
                d.targets[Priority::Low as usize].first_response = "1876".into();
                d.targets[Priority::Normal as usize].first_response = "x".into();
            }),
            vec![
                (F::Target(Priority::Normal, Target::FirstResponse), NotANumber),
                (F::Target(Priority::Low, Target::FirstResponse), Form(range)),
                (F::Target(Priority::High, Target::Resolution), Form(range)),
            ],
        ),
        (
            "contracts",
            Box::new(move |d| {
                let mut zero = contract.clone();
                zero.targets.first_response = "0".into();
                d.contracts = vec![ContractDraft::default(), zero, contract.clone()];
            }),
            vec![
                (F::CustomerTarget(0, Target::FirstResponse), Form(FormError::Required)),
                (F::CustomerTarget(0, Target::Resolution), Form(FormError::Required)),
                (F::Customer(0), Form(FormError::Required)),
                (F::Customer(2), DuplicateContract),
                (F::CustomerTarget(1, Target::FirstResponse), Form(range)),
            ],
        ),
        (
            "at risk and repeat visits",
            Box::new(|d| {
                d.at_risk_percent = "100".into();
                d.repeat_visits = "1".into();
            }),
            vec![
                (F::AtRisk, Form(FormError::OutOfRange { min: 1, max: 99 })),
                (F::RepeatVisits, Form(FormError::OutOfRange { min: 2, max: 10 })),
            ],
        ),
        (
            "numbers typed wrong",
            Box::new(|d| {
                d.at_risk_percent = "75%".into();
                d.repeat_visits = String::new();
            }),
            vec![(F::AtRisk, NotANumber), (F::RepeatVisits, Form(FormError::Required))],
        ),
    ];
    for (name, edit, expected) in cases {
        let mut typed = draft(&defaults());
        edit(&mut typed);
        assert_eq!(typed.validate(&defaults()), Err(expected), "{name}");
    }
}
