//! Search, filter and sort for the customer list.
//!
//! The list answers every keystroke over 10,000 customers, so all text work happens once in
//! [`CustomerIndex::build`]; [`CustomerIndex::query`] is a linear scan over prepared lowercase
//! strings that allocates nothing per customer.
//!
//! Search semantics:
//! - Stored text and query are normalised alike: full-width ASCII (U+FF01–U+FF5E) folds to ASCII,
//!   letters are lowercased, and runs of whitespace (the ideographic space U+3000 included)
//!   collapse to one space.
//! - The query splits on whitespace into terms. A customer matches when every term is a substring
//!   of its haystack, so each term narrows ("三一 长沙").
//! - The haystack holds the company, city, address, province name in Chinese and English, email
//!   and WeChat ID, and each of the customer's contacts' name, email and WeChat ID.
//! - Adjacent terms made only of digits, `+`, `-`, `(` and `)` that hold at least three digits
//!   between them are a phone term. Its digits are looked for in the digits of the customer's and
//!   its contacts' phone numbers, so "138 0013", "138-0013" and "1380013" all find
//!   "+86 138-0013-8000". A leading mainland country code is dropped from the term when written
//!   `+86` or `0086`, or as a bare `86` before a mobile number's leading 1, provided three digits
//!   remain: "+86 731 8888" finds "0731-8888 1234", while "86881" still means those five digits.
//!   A phone term also matches when its terms match as text (a house number in the address).
//! - Empty or whitespace-only text matches everything.
//!
//! Sorting: by the caller's collation rank of the company name; by province code; or by credit
//! index, modification or creation date. Ties fall back to the company rank (always ascending),
//! then to input position, so the order is deterministic. Missing values (no date, no province)
//! sort last in both directions: they are unknown, not extreme.

use crate::domain::grading::grade::Grade;
use crate::domain::model::{Application, BuyerRole, Concern, Contact, Customer, CustomerType, Id, Lifecycle};
use crate::domain::region::{self, MarketType, MarketTypes};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Fewer digits are too common to mean a phone number (a "12" in an address).
const MIN_PHONE_DIGITS: usize = 3;

/// What the customer list shows: a text search plus one optional value per classification
/// dimension. Saved filters are stored as JSON, so every field is optional when read back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerFilter {
    pub text: String,
    pub lifecycle: Option<Lifecycle>,
    pub customer_type: Option<CustomerType>,
    pub buyer_role: Option<BuyerRole>,
    pub concern: Option<Concern>,
    pub application: Option<Application>,
    pub market: Option<MarketType>,
    /// ISO 3166-2:CN code, as in [`Customer::province`].
    pub province: Option<String>,
    /// Matches customers whose account team this user leads or belongs to.
    pub team_member: Option<Id>,
    /// The computed value grade (客户分级).
    pub grade: Option<Grade>,
}

impl CustomerFilter {
    /// Whether the filter lets every customer through.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.active_dimensions() == 0
    }

    /// How many dimensions are restricted, the text search not counted (for a badge).
    pub fn active_dimensions(&self) -> usize {
        [
            self.lifecycle.is_some(),
            self.customer_type.is_some(),
            self.buyer_role.is_some(),
            self.concern.is_some(),
            self.application.is_some(),
            self.market.is_some(),
            self.province.is_some(),
            self.team_member.is_some(),
            self.grade.is_some(),
        ]
        .into_iter()
        .filter(|&active| active)
        .count()
    }

    /// Whether `c`, of market type `market`, passes every dimension (the text is matched
    /// separately, against the index).
    fn admits(&self, c: &Customer, market: Option<MarketType>) -> bool {
        self.lifecycle.is_none_or(|v| c.lifecycle == v)
            && self.customer_type.is_none_or(|v| c.customer_type == v)
            && self.buyer_role.is_none_or(|v| c.buyer_role == v)
            && self.concern.is_none_or(|v| c.concern == v)
            && self.application.is_none_or(|v| c.application == v)
            && self.market.is_none_or(|v| market == Some(v))
            && self.province.as_deref().is_none_or(|v| c.province == v)
            && self.team_member.is_none_or(|id| c.team.lead == id || c.team.members.contains(&id))
    }
}

/// The column the customer list is ordered by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    #[default]
    Company,
    Province,
    CreditIndex,
    ModifiedAt,
    CreatedAt,
}

impl SortKey {
    pub const ALL: &'static [SortKey] =
        &[SortKey::Company, SortKey::Province, SortKey::CreditIndex, SortKey::ModifiedAt, SortKey::CreatedAt];

    /// The stable name stored in saved filters.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Company => "company",
            SortKey::Province => "province",
            SortKey::CreditIndex => "credit_index",
            SortKey::ModifiedAt => "modified_at",
            SortKey::CreatedAt => "created_at",
        }
    }

    pub fn parse(text: &str) -> Option<SortKey> {
        SortKey::ALL.iter().copied().find(|key| key.as_str() == text)
    }
}

impl Serialize for SortKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SortKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SortKey::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown SortKey {text:?}")))
    }
}

/// The list order: `descending` reverses `key` only; ties stay in ascending company order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerSort {
    pub key: SortKey,
    pub descending: bool,
}

/// Search text prepared once per customer list, so a keystroke only scans.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerIndex {
    /// One per customer, in the order of the slice given to `build`.
    entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    /// Normalised searchable fields, separated by spaces (terms never contain one).
    haystack: Box<str>,
    /// Digits of every phone number, numbers separated by spaces.
    phones: Box<str>,
    /// Position in the locale's collation of company names.
    rank: u32,
    /// The market type the customer is judged by.
    market: Option<MarketType>,
}

impl CustomerIndex {
    /// `company_rank[i]` is customer i's position in the locale's collation of company names
    /// (computed by the caller with the browser's collator, e.g. pinyin order for Chinese).
    /// Contacts of customers not in `customers` are ignored. `markets` is the dealer's table of
    /// market types, which the market filter reads with each customer's override.
    ///
    /// Panics if `company_rank` and `customers` differ in length.
    pub fn build(
        customers: &[Customer],
        contacts: &[Contact],
        company_rank: &[u32],
        markets: &MarketTypes,
    ) -> CustomerIndex {
        assert_eq!(customers.len(), company_rank.len(), "one company rank per customer");
        let mut texts: Vec<(String, String)> = customers
            .iter()
            .map(|c| {
                let province = region::province(&c.province);
                let (name_zh, name_en) = province.map_or(("", ""), |p| (p.name_zh, p.name_en));
                let mut haystack = String::new();
                for field in [&c.company, &c.city, &c.address, name_zh, name_en, &c.email, &c.wechat] {
                    push_normalised(&mut haystack, field);
                }
                let mut phones = String::new();
                push_phone_digits(&mut phones, &c.phone);
                (haystack, phones)
            })
            .collect();
        let position: HashMap<Id, usize> = customers.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        for contact in contacts {
            if let Some(&i) = position.get(&contact.customer_id) {
                let (haystack, phones) = &mut texts[i];
                for field in [&contact.name, &contact.email, &contact.wechat] {
                    push_normalised(haystack, field);
                }
                push_phone_digits(phones, &contact.phone);
            }
        }
        let entries = texts
            .into_iter()
            .zip(company_rank)
            .zip(customers)
            .map(|(((haystack, phones), &rank), customer)| Entry {
                haystack: haystack.into_boxed_str(),
                phones: phones.into_boxed_str(),
                rank,
                market: markets.of(customer),
            })
            .collect();
        CustomerIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Positions (indices into the `customers` slice given to `build`, which must be passed
    /// again) of the customers matching `filter`, in `sort` order. `grades[i]` is customer i's
    /// grade; it is empty while the grades are being computed, and a grade filter then matches
    /// no one yet.
    pub fn query(
        &self,
        customers: &[Customer],
        grades: &[Option<Grade>],
        filter: &CustomerFilter,
        sort: CustomerSort,
    ) -> Vec<usize> {
        debug_assert_eq!(customers.len(), self.entries.len(), "query the customers the index was built from");
        let terms = parse_terms(&filter.text);
        let graded = |i: usize| filter.grade.is_none_or(|g| grades.get(i).copied().flatten() == Some(g));
        let mut hits: Vec<usize> = customers
            .iter()
            .zip(&self.entries)
            .enumerate()
            .filter(|(i, (customer, entry))| {
                filter.admits(customer, entry.market) && graded(*i) && terms.iter().all(|t| t.matches(entry))
            })
            .map(|(i, _)| i)
            .collect();
        self.sort(customers, &mut hits, sort);
        hits
    }

    fn sort(&self, customers: &[Customer], hits: &mut [usize], sort: CustomerSort) {
        let CustomerSort { key, descending } = sort;
        let rank = |i: usize| self.entries[i].rank;
        hits.sort_unstable_by(|&a, &b| {
            let (x, y) = (&customers[a], &customers[b]);
            let primary = match key {
                SortKey::Company => directed(rank(a).cmp(&rank(b)), descending),
                SortKey::Province => missing_last(present(&x.province), present(&y.province), descending),
                SortKey::CreditIndex => directed(x.credit_index.cmp(&y.credit_index), descending),
                SortKey::ModifiedAt => missing_last(x.modified_at, y.modified_at, descending),
                SortKey::CreatedAt => missing_last(x.created_at, y.created_at, descending),
            };
            primary.then(rank(a).cmp(&rank(b))).then(a.cmp(&b))
        });
    }
}

fn directed(order: Ordering, descending: bool) -> Ordering {
    if descending {
        order.reverse()
    } else {
        order
    }
}

fn missing_last<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b), descending),
        (a, b) => a.is_none().cmp(&b.is_none()),
    }
}

fn present(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// One search term: plain text, or a run of terms that spells (part of) a phone number.
#[derive(Debug, PartialEq)]
enum Term {
    Text(String),
    Phone { digits: String, words: Vec<String> },
}

impl Term {
    fn matches(&self, entry: &Entry) -> bool {
        match self {
            Term::Text(text) => entry.haystack.contains(text.as_str()),
            Term::Phone { digits, words } => {
                entry.phones.contains(digits.as_str()) || words.iter().all(|w| entry.haystack.contains(w.as_str()))
            }
        }
    }
}

fn parse_terms(text: &str) -> Vec<Term> {
    let normal = normalise(text);
    let mut words = normal.split_whitespace().peekable();
    let mut terms = Vec::new();
    while let Some(word) = words.next() {
        if !is_phone_word(word) {
            terms.push(Term::Text(word.to_string()));
            continue;
        }
        // People type numbers in groups ("138 0013 8000"): the groups form one number.
        let mut run = vec![word.to_string()];
        while let Some(next) = words.next_if(|w| is_phone_word(w)) {
            run.push(next.to_string());
        }
        let joined = run.concat();
        if joined.chars().filter(char::is_ascii_digit).count() >= MIN_PHONE_DIGITS {
            terms.push(Term::Phone { digits: national_digits(&joined), words: run });
        } else {
            terms.extend(run.into_iter().map(Term::Text));
        }
    }
    terms
}

fn is_phone_word(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit() || is_phone_punctuation(c))
}

fn is_phone_punctuation(c: char) -> bool {
    matches!(c, '+' | '-' | '(' | ')')
}

/// The digits of a phone term without a leading mainland country code, which stored numbers
/// often lack. A bare 86 counts as the code only before a mobile number's leading 1, since
/// landline numbers may start with 86.
fn national_digits(term: &str) -> String {
    let mut digits: String = term.chars().filter(char::is_ascii_digit).collect();
    let international = term.trim_start_matches('(').starts_with('+');
    let code = if digits.starts_with("0086") {
        4
    } else if digits.starts_with("86") && (international || digits[2..].starts_with('1')) {
        2
    } else {
        0
    };
    if digits.len() - code >= MIN_PHONE_DIGITS {
        digits.drain(..code);
    }
    digits
}

/// `text` width-folded, lower-cased, with single spaces, as terms and haystacks are compared;
/// public so the other lists search as this one does.
pub fn normalise(text: &str) -> String {
    let mut out = String::new();
    push_normalised(&mut out, text);
    out
}

/// Appends `text` normalised (see the module docs) to `out`, space-separated from what is
/// already there, with no leading, trailing or doubled spaces.
fn push_normalised(out: &mut String, text: &str) {
    let mut gap = !out.is_empty();
    for c in text.chars().map(fold_width) {
        if c.is_whitespace() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.extend(c.to_lowercase());
        }
    }
}

/// Appends the digits of `phone` to `out` as a new number. Anything but digits, whitespace and
/// phone punctuation also starts a new number, so "0731-8888 1234 / 139…" is not read as one.
fn push_phone_digits(out: &mut String, phone: &str) {
    let mut gap = !out.is_empty();
    for c in phone.chars().map(fold_width) {
        if c.is_ascii_digit() {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        } else if !(c.is_whitespace() || is_phone_punctuation(c)) {
            gap = !out.is_empty();
        }
    }
}

/// Full-width ASCII (as typed with a Chinese input method) to ASCII. The ideographic space
/// needs no folding: it is Unicode whitespace, collapsed with the rest.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::model::AccountTeam;
    use crate::domain::region::PROVINCES;

    fn date(text: &str) -> Option<Date> {
        Some(Date::parse(text).expect("valid date"))
    }

    fn team(lead: Id, members: &[Id]) -> AccountTeam {
        AccountTeam { lead, members: members.to_vec() }
    }

    /// Five customers, listed here by id; `RANK` puts them in pinyin-like order
    /// Komatsu (5), Sany (3), 三一 (1), 山西 (4), 中联 (2).
    fn customers() -> Vec<Customer> {
        vec![
            Customer {
                id: 1,
                company: "三一重工长沙分公司".into(),
                country: "CN".into(),
                province: "CN-HN".into(),
                city: "长沙".into(),
                address: "长沙市岳麓区麓谷大道 627 号".into(),
                phone: "+86 138-0013-8000".into(),
                email: "Sales@Sany.com".into(),
                wechat: "sany_cs".into(),
                credit_index: 80,
                lifecycle: Lifecycle::Existing,
                customer_type: CustomerType::LargeContractor,
                buyer_role: BuyerRole::Owner,
                concern: Concern::Performance,
                application: Application::HeavyConstruction,
                market: Some(MarketType::Enterprise),
                team: team(10, &[11]),
                created_at: date("2021-03-01"),
                modified_at: date("2024-05-01"),
                ..Customer::default()
            },
            Customer {
                id: 2,
                company: "中联重科".into(),
                country: "CN".into(),
                province: "CN-HN".into(),
                city: "株洲".into(),
                address: "株洲市天元区".into(),
                phone: "0731-8888 1234".into(),
                credit_index: 60,
                lifecycle: Lifecycle::Target,
                customer_type: CustomerType::StateOwned,
                buyer_role: BuyerRole::Purchaser,
                concern: Concern::Price,
                application: Application::GeneralConstruction,
                market: Some(MarketType::Enterprise),
                team: team(11, &[]),
                created_at: date("2022-06-15"),
                ..Customer::default()
            },
            Customer {
                id: 3,
                company: "Ｓａｎｙ Heavy Machinery".into(),
                country: "CN".into(),
                province: "CN-JS".into(),
                city: "南京".into(),
                phone: "025-5881 0000".into(),
                email: "INFO@SANY-HEAVY.COM".into(),
                credit_index: 60,
                lifecycle: Lifecycle::Potential,
                customer_type: CustomerType::Government,
                concern: Concern::Reputation,
                application: Application::Excavation,
                market: Some(MarketType::Construction),
                team: team(12, &[10]),
                modified_at: date("2023-01-10"),
                ..Customer::default()
            },
            Customer {
                id: 4,
                company: "山西煤矿机械".into(),
                country: "CN".into(),
                province: "CN-SX".into(),
                city: "太原".into(),
                phone: "0351-8688 1000".into(),
                credit_index: 95,
                lifecycle: Lifecycle::Lost,
                customer_type: CustomerType::SelfUse,
                concern: Concern::Productivity,
                application: Application::Mining,
                market: Some(MarketType::Resource),
                team: team(12, &[]),
                created_at: date("2020-01-01"),
                modified_at: date("2024-05-01"),
                ..Customer::default()
            },
            Customer { id: 5, company: "Komatsu Dealer".into(), country: "JP".into(), ..Customer::default() },
        ]
    }

    const RANK: [u32; 5] = [2, 4, 1, 3, 0];

    fn contacts() -> Vec<Contact> {
        vec![
            Contact {
                id: 100,
                customer_id: 1,
                name: "王伟".into(),
                phone: "139 1234 5678".into(),
                email: "wang.wei@sany.com".into(),
                wechat: "WangWei88".into(),
                ..Contact::default()
            },
            Contact {
                id: 101,
                customer_id: 3,
                name: "Li Na".into(),
                phone: "+86 186 0000 1111".into(),
                email: "li.na@example.cn".into(),
                ..Contact::default()
            },
            // Its customer is not in the list (deleted, or not loaded): it must not match anything.
            Contact {
                id: 102,
                customer_id: 99,
                name: "Ghost".into(),
                phone: "13900000000".into(),
                ..Contact::default()
            },
        ]
    }

    /// Ids of the customers `filter` finds, in company order.
    fn find(filter: &CustomerFilter) -> Vec<Id> {
        find_sorted(filter, CustomerSort::default())
    }

    fn find_sorted(filter: &CustomerFilter, sort: CustomerSort) -> Vec<Id> {
        let customers = customers();
        let index = CustomerIndex::build(&customers, &contacts(), &RANK, &MarketTypes::default());
        index.query(&customers, &[], filter, sort).into_iter().map(|i| customers[i].id).collect()
    }

    fn text(text: &str) -> CustomerFilter {
        CustomerFilter { text: text.into(), ..CustomerFilter::default() }
    }

    #[test]
    fn normalisation_folds_width_case_and_spaces() {
        for (input, expected) in [
            ("", ""),
            ("ＡＢＣ１２３", "abc123"),
            ("Sany\u{3000}Heavy", "sany heavy"),
            ("  Sany \t\n Heavy  ", "sany heavy"),
            ("三一重工（长沙）", "三一重工(长沙)"),
            ("＋８６　１３８－００１３", "+86 138-0013"),
            ("ÄÖ Straße", "äö straße"),
        ] {
            assert_eq!(normalise(input), expected, "{input:?}");
        }
    }

    #[test]
    fn phone_terms_join_groups_and_drop_the_country_code() {
        let phone = |digits: &str, words: &[&str]| Term::Phone {
            digits: digits.into(),
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        for (input, expected) in [
            ("138 0013", vec![phone("1380013", &["138", "0013"])]),
            ("+86 138-0013", vec![phone("1380013", &["+86", "138-0013"])]),
            ("8613800138000", vec![phone("13800138000", &["8613800138000"])]),
            ("0086 731", vec![phone("731", &["0086", "731"])]),
            ("(+86) 731", vec![phone("731", &["(+86)", "731"])]),
            // A bare 86 not followed by a mobile's 1 may be part of a landline number.
            ("86881", vec![phone("86881", &["86881"])]),
            // Stripping would leave too few digits to search by.
            ("+86 12", vec![phone("8612", &["+86", "12"])]),
            ("12", vec![Term::Text("12".into())]),
            ("长沙 0731", vec![Term::Text("长沙".into()), phone("0731", &["0731"])]),
            ("138号", vec![Term::Text("138号".into())]),
        ] {
            assert_eq!(parse_terms(input), expected, "{input:?}");
        }
    }

    #[test]
    fn text_terms_must_all_match() {
        for (query, expected) in [
            ("", vec![5, 3, 1, 4, 2]),
            ("\u{3000} \t", vec![5, 3, 1, 4, 2]),
            ("三一", vec![1]),
            ("三一 长沙", vec![1]),
            ("三一 株洲", vec![]),
            ("重", vec![1, 2]),
            ("湖南", vec![1, 2]),
            ("hunan", vec![1, 2]),
            ("HuNan", vec![1, 2]),
            ("ｈｕｎａｎ", vec![1, 2]),
            ("jiangsu 南京", vec![3]),
            ("sany", vec![3, 1]),
            ("sany heavy", vec![3]),
            ("SALES@sany", vec![1]),
            ("麓谷大道 627", vec![1]),
            ("王伟", vec![1]),
            ("wang.wei@", vec![1]),
            ("wangwei88", vec![1]),
            ("li na", vec![3]),
            ("li.na@example", vec![3]),
            ("ghost", vec![]),
            ("komatsu", vec![5]),
        ] {
            assert_eq!(find(&text(query)), expected, "{query:?}");
        }
    }

    #[test]
    fn phone_terms_match_digits_whatever_the_separators() {
        for (query, expected) in [
            ("138 0013", vec![1]),
            ("1380013", vec![1]),
            ("138-0013-8000", vec![1]),
            ("+86 138 0013 8000", vec![1]),
            ("8613800138000", vec![1]),
            ("0086 138 0013 8000", vec![1]),
            ("（139）１２３４", vec![1]),
            ("18600001111", vec![3]),
            ("+86 731 8888", vec![2]),
            ("0731-8888-1234", vec![2]),
            ("86881", vec![4]),
            ("881", vec![3, 4, 2]),
            ("13900000000", vec![]),
            // Numbers stay apart: the end of one and the start of the next are not a match.
            ("8000 139", vec![]),
            ("627", vec![1]),
            ("三一 138 0013", vec![1]),
            ("中联 138 0013", vec![]),
        ] {
            assert_eq!(find(&text(query)), expected, "{query:?}");
        }
    }

    #[test]
    fn each_dimension_filter_selects_its_customers() {
        let empty = CustomerFilter::default;
        for (filter, expected) in [
            (CustomerFilter { lifecycle: Some(Lifecycle::Existing), ..empty() }, vec![1]),
            (CustomerFilter { lifecycle: Some(Lifecycle::Potential), ..empty() }, vec![5, 3]),
            (CustomerFilter { customer_type: Some(CustomerType::StateOwned), ..empty() }, vec![2]),
            (CustomerFilter { buyer_role: Some(BuyerRole::Purchaser), ..empty() }, vec![2]),
            (CustomerFilter { concern: Some(Concern::Productivity), ..empty() }, vec![4]),
            (CustomerFilter { application: Some(Application::Excavation), ..empty() }, vec![3]),
            (CustomerFilter { market: Some(MarketType::Enterprise), ..empty() }, vec![1, 2]),
            (CustomerFilter { market: Some(MarketType::Resource), ..empty() }, vec![4]),
            (CustomerFilter { province: Some("CN-HN".into()), ..empty() }, vec![1, 2]),
            (CustomerFilter { province: Some("CN-XX".into()), ..empty() }, vec![]),
            (
                CustomerFilter {
                    lifecycle: Some(Lifecycle::Target),
                    market: Some(MarketType::Enterprise),
                    province: Some("CN-HN".into()),
                    ..empty()
                },
                vec![2],
            ),
        ] {
            assert_eq!(find(&filter), expected, "{filter:?}");
        }
    }

    /// The market filter reads the dealer's table and each customer's override, not the type
    /// stored with the customer.
    #[test]
    fn the_market_filter_follows_the_dealers_table_and_overrides() {
        let mut customers = customers();
        // 山西煤矿机械 is a mining customer whatever its province is judged.
        customers[3].market_override = Some(MarketType::Resource);
        let mut markets = MarketTypes::default();
        markets.set("CN-HN", MarketType::Construction);
        markets.set("CN-SX", MarketType::Enterprise);
        let index = CustomerIndex::build(&customers, &contacts(), &RANK, &markets);
        for (market, expected) in [
            (MarketType::Construction, vec![3, 1, 2]),
            (MarketType::Enterprise, vec![]),
            (MarketType::Resource, vec![4]),
        ] {
            let filter = CustomerFilter { market: Some(market), ..CustomerFilter::default() };
            let ids: Vec<Id> = index
                .query(&customers, &[], &filter, CustomerSort::default())
                .into_iter()
                .map(|i| customers[i].id)
                .collect();
            assert_eq!(ids, expected, "{market:?}");
        }
    }

    #[test]
    fn team_member_matches_the_lead_or_any_member() {
        for (user, expected) in [(10, vec![3, 1]), (11, vec![1, 2]), (12, vec![3, 4]), (99, vec![])] {
            let filter = CustomerFilter { team_member: Some(user), ..CustomerFilter::default() };
            assert_eq!(find(&filter), expected, "user {user}");
        }
    }

    #[test]
    fn grade_filter_reads_the_grades_given_by_position() {
        let customers = customers();
        let index = CustomerIndex::build(&customers, &contacts(), &RANK, &MarketTypes::default());
        let grades = [Some(Grade::A), None, Some(Grade::B), Some(Grade::A), Some(Grade::D)];
        let ids = |grades: &[Option<Grade>], grade: Option<Grade>, text: &str| -> Vec<Id> {
            let filter = CustomerFilter { grade, text: text.into(), ..CustomerFilter::default() };
            index
                .query(&customers, grades, &filter, CustomerSort::default())
                .into_iter()
                .map(|i| customers[i].id)
                .collect()
        };
        assert_eq!(ids(&grades, Some(Grade::A), ""), [1, 4]);
        assert_eq!(ids(&grades, Some(Grade::A), "sany"), [1]);
        assert_eq!(ids(&grades, Some(Grade::C), ""), Vec::<Id>::new());
        assert_eq!(ids(&grades, None, "").len(), 5);
        // Grades not computed yet: a grade filter matches no one, no filter everyone.
        assert_eq!(ids(&[], Some(Grade::A), ""), Vec::<Id>::new());
        assert_eq!(ids(&[], None, "").len(), 5);
    }

    #[test]
    fn text_and_dimensions_combine() {
        let empty = CustomerFilter::default;
        for (filter, expected) in [
            (CustomerFilter { text: "长沙".into(), province: Some("CN-HN".into()), ..empty() }, vec![1]),
            (CustomerFilter { text: "hunan".into(), lifecycle: Some(Lifecycle::Target), ..empty() }, vec![2]),
            (CustomerFilter { text: "三一".into(), lifecycle: Some(Lifecycle::Target), ..empty() }, vec![]),
            (CustomerFilter { text: "sany".into(), team_member: Some(10), ..empty() }, vec![3, 1]),
            (CustomerFilter { text: "0731".into(), market: Some(MarketType::Enterprise), ..empty() }, vec![2]),
        ] {
            assert_eq!(find(&filter), expected, "{filter:?}");
        }
    }

    #[test]
    fn sorts_both_ways_with_missing_values_last() {
        let all = CustomerFilter::default();
        for (key, ascending, descending) in [
            (SortKey::Company, vec![5, 3, 1, 4, 2], vec![2, 4, 1, 3, 5]),
            // Same province: company order both ways; no province: last.
            (SortKey::Province, vec![1, 2, 3, 4, 5], vec![4, 3, 1, 2, 5]),
            (SortKey::CreditIndex, vec![5, 3, 2, 1, 4], vec![4, 1, 3, 2, 5]),
            (SortKey::ModifiedAt, vec![3, 1, 4, 5, 2], vec![1, 4, 3, 5, 2]),
            (SortKey::CreatedAt, vec![4, 1, 2, 5, 3], vec![2, 1, 4, 5, 3]),
        ] {
            let sort = |descending| CustomerSort { key, descending };
            assert_eq!(find_sorted(&all, sort(false)), ascending, "{key:?} ascending");
            assert_eq!(find_sorted(&all, sort(true)), descending, "{key:?} descending");
        }
    }

    #[test]
    fn equal_ranks_fall_back_to_input_order() {
        let customers = customers();
        let index = CustomerIndex::build(&customers, &[], &[0; 5], &MarketTypes::default());
        let sort = CustomerSort { key: SortKey::Company, descending: true };
        assert_eq!(index.query(&customers, &[], &CustomerFilter::default(), sort), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn counts_active_dimensions() {
        assert!(CustomerFilter::default().is_empty());
        assert!(text(" \u{3000}").is_empty());
        assert!(!text("三一").is_empty());
        assert_eq!(text("三一").active_dimensions(), 0);
        let filter = CustomerFilter {
            lifecycle: Some(Lifecycle::Lost),
            market: Some(MarketType::Resource),
            province: Some("CN-SX".into()),
            team_member: Some(12),
            grade: Some(Grade::D),
            ..CustomerFilter::default()
        };
        assert!(!filter.is_empty());
        assert_eq!(filter.active_dimensions(), 5);
    }

    #[test]
    fn index_has_one_entry_per_customer() {
        let index = CustomerIndex::build(&customers(), &contacts(), &RANK, &MarketTypes::default());
        assert_eq!(index.len(), 5);
        assert!(!index.is_empty());
        assert!(CustomerIndex::build(&[], &contacts(), &[], &MarketTypes::default()).is_empty());
    }

    #[test]
    fn sort_key_names_round_trip_and_are_distinct() {
        for key in SortKey::ALL {
            assert_eq!(SortKey::parse(key.as_str()), Some(*key));
        }
        let mut names: Vec<_> = SortKey::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SortKey::ALL.len());
        assert_eq!(SortKey::parse("Company"), None);
    }

    #[test]
    fn filter_and_sort_round_trip_through_serde() {
        use serde_json::{from_value, json, to_value};
        let filter = CustomerFilter {
            text: "三一 长沙".into(),
            lifecycle: Some(Lifecycle::Existing),
            customer_type: Some(CustomerType::LargeContractor),
            buyer_role: Some(BuyerRole::Owner),
            concern: Some(Concern::Price),
            application: Some(Application::Mining),
            market: Some(MarketType::Resource),
            province: Some("CN-HN".into()),
            team_member: Some(12),
            grade: Some(Grade::B),
        };
        let stored = to_value(&filter).unwrap();
        assert_eq!(stored["grade"], json!("b"));
        assert_eq!(stored["lifecycle"], json!("existing"));
        assert_eq!(stored["market"], json!("resource"));
        assert_eq!(from_value::<CustomerFilter>(stored).unwrap(), filter);
        let default = to_value(CustomerFilter::default()).unwrap();
        assert_eq!(from_value::<CustomerFilter>(default).unwrap(), CustomerFilter::default());

        // A filter saved before a field existed reads with that field unset.
        let expected = CustomerFilter { province: Some("CN-SX".into()), ..CustomerFilter::default() };
        assert_eq!(from_value::<CustomerFilter>(json!({ "province": "CN-SX" })).unwrap(), expected);
        assert!(from_value::<CustomerFilter>(json!({ "market": "ocean" })).is_err());

        let sort = CustomerSort { key: SortKey::ModifiedAt, descending: true };
        let stored = to_value(sort).unwrap();
        assert_eq!(stored["key"], json!("modified_at"));
        assert_eq!(from_value::<CustomerSort>(stored).unwrap(), sort);
    }

    #[test]
    fn ten_thousand_customers() {
        let customers: Vec<Customer> = (0..10_000u32)
            .map(|i| Customer {
                id: u64::from(i) + 1,
                company: format!("客户{i:05}"),
                province: PROVINCES[i as usize % PROVINCES.len()].code.into(),
                lifecycle: Lifecycle::ALL[i as usize % Lifecycle::ALL.len()],
                phone: format!("138{i:08}"),
                ..Customer::default()
            })
            .collect();
        // Reverse collation, so the output order shows the ranks were followed.
        let rank: Vec<u32> = (0..10_000).rev().collect();
        let index = CustomerIndex::build(&customers, &[], &rank, &MarketTypes::default());
        let hunan = PROVINCES.iter().position(|p| p.code == "CN-HN").expect("Hunan");
        let in_hunan = |i: &usize| i % PROVINCES.len() == hunan;
        let existing = |i: &usize| customers[*i].lifecycle == Lifecycle::Existing;
        let count = |keep: &dyn Fn(&usize) -> bool| (0..10_000).filter(keep).count();

        let all = index.query(&customers, &[], &CustomerFilter::default(), CustomerSort::default());
        assert_eq!(all, (0..10_000).rev().collect::<Vec<_>>());
        for (filter, expected) in [
            (text("hunan"), count(&in_hunan)),
            (text("湖南 客户00"), count(&|i| in_hunan(i) && *i < 1_000)),
            (text("客户0999"), 10),
            (text("138 0000 012"), 10),
            (
                CustomerFilter {
                    text: "hunan".into(),
                    lifecycle: Some(Lifecycle::Existing),
                    ..CustomerFilter::default()
                },
                count(&|i| in_hunan(i) && existing(i)),
            ),
        ] {
            assert_eq!(index.query(&customers, &[], &filter, CustomerSort::default()).len(), expected, "{filter:?}");
        }
    }
}
