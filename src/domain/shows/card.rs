//! A business card's QR text: a vCard (2.1, 3.0 or 4.0) or a MECARD (`MECARD:N:…;TEL:…;;`, the
//! format Chinese card apps print). Anything else is not a business card.

/// What a card says, each field as written (the mobile number still to be checked).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    pub name: String,
    pub company: String,
    pub title: String,
    /// The mobile number if one is marked as such (CELL), else the first number.
    pub phone: String,
    pub email: String,
    pub address: String,
}

/// A text that is neither a vCard nor a MECARD, or one that names nobody.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotACard;

/// Reads a vCard or MECARD.
pub fn parse(text: &str) -> Result<Card, NotACard> {
    let text = text.trim_start_matches('\u{feff}').trim();
    let card = if text.get(..7).is_some_and(|head| head.eq_ignore_ascii_case("MECARD:")) {
        mecard(&text[7..])
    } else if text.get(..11).is_some_and(|head| head.eq_ignore_ascii_case("BEGIN:VCARD")) {
        vcard(text)?
    } else {
        return Err(NotACard);
    };
    if card.name.is_empty() && card.company.is_empty() && card.phone.is_empty() {
        return Err(NotACard);
    }
    Ok(card)
}

/// Splits `text` at unescaped `separator`s, unescaping `\x` to `x` (and `\n` to a new line).
fn split_escaped(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => parts.last_mut().unwrap().push('\n'),
                Some(other) => parts.last_mut().unwrap().push(other),
                None => {}
            },
            _ if c == separator => parts.push(String::new()),
            _ => parts.last_mut().unwrap().push(c),
        }
    }
    parts
}

fn mecard(body: &str) -> Card {
    let mut card = Card::default();
    for field in split_escaped(body, ';') {
        let Some((name, value)) = field.split_once(':') else { continue };
        let value = value.trim().to_owned();
        match name.trim().to_ascii_uppercase().as_str() {
            // MECARD's N is "family,given".
            "N" => card.name = person_name(&value.split(',').map(str::trim).collect::<Vec<_>>()),
            "ORG" => card.company = value,
            "TITLE" => card.title = value,
            "TEL" if card.phone.is_empty() => card.phone = value,
            "EMAIL" if card.email.is_empty() => card.email = value,
            "ADR" => card.address = value,
            _ => {}
        }
    }
    card
}

/// Family and given name in the order their script writes them: 王芳, but Fang Wang.
fn person_name(parts: &[&str]) -> String {
    let family = parts.first().copied().unwrap_or_default();
    let given = parts.get(1).copied().unwrap_or_default();
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if cjk(family) || cjk(given) {
        format!("{family}{given}")
    } else {
        [given, family].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
    }
}

/// The physical lines of a vCard joined where folded: a line starting with a space or tab
/// continues the previous one, and a quoted-printable line ending in `=` continues on the next.
fn unfolded(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut soft_break = false;
    for line in text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)) {
        if soft_break {
            let last = lines.last_mut().unwrap();
            last.pop();
            last.push_str(line);
        } else if let (Some(rest), Some(last)) = (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            last.push_str(rest);
        } else {
            lines.push(line.to_owned());
        }
        let last = lines.last().map(String::as_str).unwrap_or_default();
        soft_break = last.ends_with('=') && is_quoted_printable(last);
    }
    lines
}

fn is_quoted_printable(line: &str) -> bool {
    line.split_once(':').is_some_and(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

/// Decodes quoted-printable `=E7=8E=8B` bytes as UTF-8.
fn quoted_printable(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'=', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn vcard(text: &str) -> Result<Card, NotACard> {
    let lines = unfolded(text);
    if !lines.iter().any(|l| l.trim().eq_ignore_ascii_case("END:VCARD")) {
        return Err(NotACard);
    }
    let mut card = Card::default();
    let mut family_given = String::new();
    let mut mobile_found = false;
    for line in &lines {
        let Some((head, raw)) = line.split_once(':') else { continue };
        let mut params = head.split(';');
        let name = params.next().unwrap_or_default();
        // A property may carry a group prefix: `item1.TEL`.
        let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
        let params: Vec<String> = params.map(str::to_ascii_uppercase).collect();
        let value =
            if params.iter().any(|p| p.contains("QUOTED-PRINTABLE")) { quoted_printable(raw) } else { raw.to_owned() };
        let parts = split_escaped(&value, ';');
        let first = parts.first().map(|s| s.trim().to_owned()).unwrap_or_default();
        match name.as_str() {
            "FN" => card.name = first,
            "N" => family_given = person_name(&parts.iter().map(|s| s.trim()).collect::<Vec<_>>()),
            "ORG" => card.company = first,
            "TITLE" => card.title = first,
            "EMAIL" if card.email.is_empty() => card.email = first,
            "ADR" => {
                // PO box; extended; street; locality; region; postal code; country.
                let place: Vec<&str> = parts.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
                card.address = place.join(" ");
            }
            "TEL" => {
                let cell = params.iter().any(|p| p.contains("CELL"));
                let number = first.strip_prefix("tel:").unwrap_or(&first).to_owned();
                if (cell && !mobile_found) || card.phone.is_empty() {
                    card.phone = number;
                    mobile_found |= cell;
                }
            }
            _ => {}
        }
    }
    if card.name.is_empty() {
        card.name = family_given;
    }
    Ok(card)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str, company: &str, phone: &str, email: &str, address: &str) -> Card {
        Card {
            name: name.into(),
            company: company.into(),
            phone: phone.into(),
            email: email.into(),
            address: address.into(),
            ..Card::default()
        }
    }

    #[test]
    fn reads_vcards_and_mecards() {
        let cases: &[(&str, &str, Result<Card, NotACard>)] = &[
            (
                "vCard 3.0 with a mobile after a work number",
                "BEGIN:VCARD\r\nVERSION:3.0\r\nN:王;芳;;;\r\nFN:王芳\r\nORG:徐州恒达机械有限公司;销售部\r\nTITLE:经理\r\nTEL;TYPE=WORK:0516-8888888\r\nTEL;TYPE=CELL:+86 138 0000 0001\r\nEMAIL:wf@hengda.cn\r\nADR;TYPE=WORK:;;解放路1号;徐州;江苏;221000;中国\r\nEND:VCARD",
                Ok(Card { title: "经理".into(), ..card("王芳", "徐州恒达机械有限公司", "+86 138 0000 0001", "wf@hengda.cn", "解放路1号 徐州 江苏 221000 中国") }),
            ),
            (
                "vCard 2.1 in quoted-printable UTF-8 with a soft line break, no FN",
                "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E;=E5=BC=BA\nORG;CHARSET=UTF-8;QUOTED-PRINTABLE:=E9=95=BF=E6=B2=99=E8=BF=9C=E5=A4=A7=\n=E8=B7=AF=E6=A1=A5\nTEL;CELL:13900000002\nEND:VCARD",
                Ok(card("李强", "长沙远大路桥", "13900000002", "", "")),
            ),
            (
                "vCard 4.0 with a folded line, a tel: URI and a group",
                "BEGIN:VCARD\nVERSION:4.0\nFN:Fang\n  Wang\nitem1.ORG:Hengda Machinery Co.\\, Ltd.\nTEL;VALUE=uri;TYPE=\"cell,voice\":tel:+86-139-0000-0003\nEMAIL;TYPE=work:fang@hengda.cn\nEND:VCARD",
                Ok(card("Fang Wang", "Hengda Machinery Co., Ltd.", "+86-139-0000-0003", "fang@hengda.cn", "")),
            ),
            (
                "vCard with only N, Western order",
                "begin:vcard\nversion:3.0\nn:Wang;Fang\ntel:13700000004\nend:vcard",
                Ok(card("Fang Wang", "", "13700000004", "", "")),
            ),
            (
                "MECARD",
                "MECARD:N:王,芳;TEL:13800000001;EMAIL:wf@hengda.cn;ORG:徐州恒达;ADR:徐州\\;解放路;;",
                Ok(card("王芳", "徐州恒达", "13800000001", "wf@hengda.cn", "徐州;解放路")),
            ),
            ("a vCard that never ends", "BEGIN:VCARD\nFN:王芳\n", Err(NotACard)),
            ("a vCard naming nobody", "BEGIN:VCARD\nVERSION:3.0\nNOTE:hi\nEND:VCARD", Err(NotACard)),
            ("a badge code", "EXPO2026-000123", Err(NotACard)),
            ("a web address", "https://example.com/vcard", Err(NotACard)),
            ("nothing", "", Err(NotACard)),
        ];
        for (what, text, expected) in cases {
            assert_eq!(&parse(text), expected, "{what}");
        }
    }
}
