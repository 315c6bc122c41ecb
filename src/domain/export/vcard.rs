//! Contacts as vCard 3.0 (RFC 2426), the version every phone's address book imports.
//!
//! Name split for `N` (family; given): a name of 2–3 Chinese characters is one family character
//! and the given name (张伟 → 张 + 伟; the rare two-character family name of a 3-character name,
//! 欧阳修, is missed); 4 Chinese characters are a two-character family name and the given name
//! (欧阳娜娜 → 欧阳 + 娜娜). Spaces between Chinese characters are ignored (张 伟). Any other
//! name is split at its last space, the last word being the family name (John Smith → Smith +
//! John); a single word is all family name. `FN` keeps the name as written; phones show that.

use super::{push_escaped, push_line};
use crate::domain::model::Contact;

/// A contact with what its address book card shows of the company. Empty parts are left out.
#[derive(Clone, Copy, Debug)]
pub struct VcardEntry<'a> {
    pub contact: &'a Contact,
    pub company: &'a str,
    pub address: &'a str,
    pub city: &'a str,
    /// The province's name in the user's language.
    pub province: &'a str,
    /// The country's name in the user's language.
    pub country: &'a str,
}

/// One card per entry. `wechat_label` (“WeChat”, “微信”) introduces the WeChat id in the card's
/// note: phones ignore the `X-WECHAT` property, but show notes.
pub fn contacts_vcard(entries: &[VcardEntry], wechat_label: &str) -> String {
    let mut out = String::new();
    for entry in entries {
        let contact = entry.contact;
        let name = contact.name.trim();
        push_line(&mut out, "BEGIN:VCARD");
        push_line(&mut out, "VERSION:3.0");
        // FN is required: a contact without a name is shown by its company.
        property(&mut out, "FN", &[if name.is_empty() { entry.company } else { name }], true);
        let (family, given) = split_name(name);
        property(&mut out, "N", &[family, given, "", "", ""], true);
        property(&mut out, "ORG", &[entry.company], false);
        property(&mut out, "TITLE", &[&contact.title], false);
        let phone_type = if is_mobile(&contact.phone) { "TEL;TYPE=CELL" } else { "TEL;TYPE=WORK,VOICE" };
        property(&mut out, phone_type, &[&contact.phone], false);
        property(&mut out, "EMAIL;TYPE=INTERNET", &[&contact.email], false);
        property(
            &mut out,
            "ADR;TYPE=WORK",
            &["", "", entry.address, entry.city, entry.province, "", entry.country],
            false,
        );
        let wechat = contact.wechat.trim();
        if !wechat.is_empty() {
            property(&mut out, "X-WECHAT", &[wechat], false);
            property(&mut out, "NOTE", &[&format!("{wechat_label}: {wechat}")], false);
        }
        push_line(&mut out, "END:VCARD");
    }
    out
}

/// Appends `name:part;part;…`, each part trimmed and escaped; left out when every part is empty
/// unless `required`.
fn property(out: &mut String, name: &str, parts: &[&str], required: bool) {
    if !required && parts.iter().all(|p| p.trim().is_empty()) {
        return;
    }
    let mut line = format!("{name}:");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            line.push(';');
        }
        push_escaped(&mut line, part.trim());
    }
    push_line(out, &line);
}

/// (family name, given name), as the module docs describe.
fn split_name(name: &str) -> (&str, &str) {
    let compact: Vec<(usize, char)> = name.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
    if (2..=4).contains(&compact.len()) && compact.iter().all(|&(_, c)| is_han(c)) {
        let family_len = if compact.len() == 4 { 2 } else { 1 };
        let split = compact[family_len].0;
        return (name[..split].trim(), name[split..].trim());
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (family.trim(), given.trim()),
        None => (name, ""),
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// A mainland mobile number: 11 digits starting with 1, optionally after +86 / 0086, with any
/// spaces, dashes or brackets between.
fn is_mobile(phone: &str) -> bool {
    if !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')')) {
        return false;
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = digits.strip_prefix("0086").or_else(|| digits.strip_prefix("86")).filter(|d| d.len() == 11);
    let number = national.unwrap_or(&digits);
    number.len() == 11 && number.starts_with('1')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str) -> Contact {
        Contact { name: name.to_owned(), ..Contact::default() }
    }

    fn entry(contact: &Contact) -> VcardEntry<'_> {
        VcardEntry { contact, company: "", address: "", city: "", province: "", country: "" }
    }

    fn card(entry: VcardEntry) -> String {
        contacts_vcard(&[entry], "微信")
    }

    fn lines(text: &str) -> Vec<&str> {
        text.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    #[test]
    fn a_full_card() {
        let c = Contact {
            name: "张伟".into(),
            title: "采购经理".into(),
            phone: "138 0013 8000".into(),
            email: "zhang.wei@example.cn".into(),
            wechat: "zw_1988".into(),
            ..Contact::default()
        };
        let entry = VcardEntry {
            contact: &c,
            company: "徐工集团; 徐州分公司",
            address: "经济开发区驮蓝山路26号",
            city: "徐州",
            province: "江苏",
            country: "中国",
        };
        assert_eq!(
            lines(&card(entry)),
            [
                "BEGIN:VCARD",
                "VERSION:3.0",
                "FN:张伟",
                "N:张;伟;;;",
                r"ORG:徐工集团\; 徐州分公司",
                "TITLE:采购经理",
                "TEL;TYPE=CELL:138 0013 8000",
                "EMAIL;TYPE=INTERNET:zhang.wei@example.cn",
                "ADR;TYPE=WORK:;;经济开发区驮蓝山路26号;徐州;江苏;;中国",
                "X-WECHAT:zw_1988",
                "NOTE:微信: zw_1988",
                "END:VCARD",
            ]
        );
    }

    #[test]
    fn empty_fields_are_left_out() {
        let c = Contact { name: "Li Na".into(), title: "  ".into(), ..Contact::default() };
        assert_eq!(lines(&card(entry(&c))), ["BEGIN:VCARD", "VERSION:3.0", "FN:Li Na", "N:Na;Li;;;", "END:VCARD"]);
    }

    #[test]
    fn a_nameless_contact_is_shown_by_its_company() {
        let c = Contact { phone: "010-8888 6666".into(), ..Contact::default() };
        let card = card(VcardEntry { company: "三一重工", ..entry(&c) });
        assert!(card.contains("\r\nFN:三一重工\r\nN:;;;;\r\nORG:三一重工\r\nTEL;TYPE=WORK,VOICE:010-8888 6666\r\n"));
    }

    #[test]
    fn names_split_into_family_and_given() {
        for (name, family, given) in [
            ("张伟", "张", "伟"),
            ("王小明", "王", "小明"),
            ("欧阳娜娜", "欧阳", "娜娜"),
            ("张 伟", "张", "伟"),
            ("John Smith", "Smith", "John"),
            ("Mary Ann  Lee", "Lee", "Mary Ann"),
            ("Madonna", "Madonna", ""),
            ("张", "张", ""),
            ("诸葛孔明先生", "诸葛孔明先生", ""),
            ("张Wei", "张Wei", ""),
            ("", "", ""),
        ] {
            assert_eq!(split_name(name), (family, given), "{name:?}");
        }
    }

    #[test]
    fn mobile_numbers_are_cell_phones() {
        for (phone, mobile) in [
            ("13800138000", true),
            ("138-0013-8000", true),
            ("+86 138 0013 8000", true),
            ("0086 13800138000", true),
            ("(+86) 19912345678", true),
            ("010-12345678", false),
            ("0731-8888 6666", false),
            ("1380013800", false),
            ("23800138000", false),
            ("13800138000 ext 2", false),
            ("", false),
        ] {
            assert_eq!(is_mobile(phone), mobile, "{phone:?}");
        }
    }

    #[test]
    fn values_are_escaped() {
        let c = Contact { name: r"A\B, C; D".into(), title: "line one\nline two".into(), ..Contact::default() };
        let card = card(entry(&c));
        assert!(card.contains(r"FN:A\\B\, C\; D"), "{card}");
        assert!(card.contains(r"N:D;A\\B\, C\;;;;"), "{card}");
        assert!(card.contains(r"TITLE:line one\nline two"), "{card}");
    }

    #[test]
    fn long_values_fold_without_splitting_characters() {
        let c = Contact { name: "王小明".into(), ..Contact::default() };
        let address = "湖南省长沙市望城经济技术开发区金星北路三段一百二十八号中联重科工业园区东门";
        let card = card(VcardEntry { address, ..entry(&c) });
        let physical = lines(&card);
        assert!(physical.iter().all(|l| l.len() <= 75));
        let adr = physical.iter().position(|l| l.starts_with("ADR")).unwrap();
        assert!(physical[adr + 1].starts_with(' '));
        assert!(card.replace("\r\n ", "").contains(&format!("ADR;TYPE=WORK:;;{address};;;;\r\n")));
    }

    #[test]
    fn several_contacts_make_several_cards() {
        let (a, b) = (contact("张伟"), contact("李娜"));
        let text = contacts_vcard(&[entry(&a), entry(&b)], "WeChat");
        assert_eq!(text.matches("BEGIN:VCARD\r\n").count(), 2);
        assert_eq!(text.matches("END:VCARD\r\n").count(), 2);
        assert!(text.ends_with("END:VCARD\r\n"));
        assert_eq!(contacts_vcard(&[], "WeChat"), "");
    }
}
