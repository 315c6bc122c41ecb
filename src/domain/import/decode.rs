//! Bytes of an uploaded text file to text.
//!
//! Detection: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8 is UTF-8;
//! otherwise the bytes are read as GB18030 (a superset of GBK and GB2312, what Chinese Excel
//! writes as "CSV") and accepted only when every sequence is well formed. UTF-8 input that is
//! only cut short at the very end (a truncated download) is refused rather than read as
//! GB18030, which would turn every Chinese character into a wrong one. UTF-16 without a BOM is
//! reported as binary (it is full of NUL bytes); the user can pick the encoding with
//! [`decode_as`].

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// How the text of a file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 starting with a byte-order mark, as Excel's "CSV UTF-8" writes it.
    Utf8Bom,
    /// GB18030, which includes GBK and GB2312.
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    /// Every encoding, for the user's override.
    pub const ALL: &'static [TextEncoding] = &[
        TextEncoding::Utf8,
        TextEncoding::Utf8Bom,
        TextEncoding::Gb18030,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
    ];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text without its byte-order mark.
    pub text: String,
    pub encoding: TextEncoding,
}

/// Why the bytes are not a text file Kehu can read. All are fatal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes, or nothing but whitespace.
    Empty,
    /// A ZIP (XLSX, ODS) or OLE2 (XLS) container, probably a workbook renamed to .csv.
    Spreadsheet,
    /// NUL bytes or mostly control characters: an image, a PDF, UTF-16 without a BOM…
    Binary,
    /// Not valid in any accepted encoding. `byte_offset` (0-based, in the file as given) is the
    /// first byte that UTF-8 rejects (or, for [`decode_as`], the chosen encoding), `line` (1-based)
    /// the line holding it.
    UnknownEncoding { line: usize, byte_offset: usize },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";
/// Local file header of a ZIP archive (XLSX, ODS) and the empty-archive marker.
const ZIP_SIGNATURES: [&[u8]; 2] = [b"PK\x03\x04", b"PK\x05\x06"];
/// OLE2 compound document (XLS).
const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// How much of the start is looked at for control characters; binary formats show it early.
const BINARY_SAMPLE: usize = 64 * 1024;

/// The text of `bytes`, its encoding detected (see the module docs).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    reject_containers(bytes)?;
    if let Some(encoding) = bom_encoding(bytes) {
        return decode_as(bytes, encoding);
    }
    if looks_binary(bytes, bytes.iter().map(|&b| u32::from(b))) {
        return Err(DecodeError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => finish(text.to_owned(), TextEncoding::Utf8),
        Err(error) => {
            let bad = error.valid_up_to();
            // `error_len() == None`: the only flaw is a sequence cut off by the end of the file.
            if error.error_len().is_some() {
                if let Ok(text) = decode_with(GB18030, bytes) {
                    return finish(text, TextEncoding::Gb18030);
                }
            }
            Err(DecodeError::UnknownEncoding { line: 1 + line_breaks(&bytes[..bad]), byte_offset: bad })
        }
    }
}

/// The text of `bytes` read as `encoding`, as the user chose it. A byte-order mark of that
/// encoding is skipped; UTF-8 reports [`TextEncoding::Utf8Bom`] when one was there.
pub fn decode_as(bytes: &[u8], encoding: TextEncoding) -> Result<Decoded, DecodeError> {
    reject_containers(bytes)?;
    let (bom, decoder): (&[u8], &'static Encoding) = match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => {
            let (body, encoding) = match bytes.strip_prefix(UTF8_BOM) {
                Some(body) => (body, TextEncoding::Utf8Bom),
                None => (bytes, TextEncoding::Utf8),
            };
            return match String::from_utf8(body.to_vec()) {
                Ok(text) => finish(text, encoding),
                Err(error) => {
                    let bad = error.utf8_error().valid_up_to();
                    Err(DecodeError::UnknownEncoding {
                        line: 1 + line_breaks(&body[..bad]),
                        byte_offset: bytes.len() - body.len() + bad,
                    })
                }
            };
        }
        TextEncoding::Gb18030 => (&[], GB18030),
        TextEncoding::Utf16Le => (UTF16LE_BOM, UTF_16LE),
        TextEncoding::Utf16Be => (UTF16BE_BOM, UTF_16BE),
    };
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    match decode_with(decoder, body) {
        Ok(text) => finish(text, encoding),
        Err((offset, prefix)) => Err(DecodeError::UnknownEncoding {
            line: 1 + line_breaks(prefix.as_bytes()),
            byte_offset: bytes.len() - body.len() + offset,
        }),
    }
}

fn reject_containers(bytes: &[u8]) -> Result<(), DecodeError> {
    if bytes.is_empty() {
        Err(DecodeError::Empty)
    } else if ZIP_SIGNATURES.iter().any(|s| bytes.starts_with(s)) || bytes.starts_with(OLE_SIGNATURE) {
        Err(DecodeError::Spreadsheet)
    } else {
        Ok(())
    }
}

fn bom_encoding(bytes: &[u8]) -> Option<TextEncoding> {
    if bytes.starts_with(UTF8_BOM) {
        Some(TextEncoding::Utf8Bom)
    } else if bytes.starts_with(UTF16LE_BOM) {
        Some(TextEncoding::Utf16Le)
    } else if bytes.starts_with(UTF16BE_BOM) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Decodes without replacement characters; on a malformed sequence, its offset in `body` and
/// the text decoded before it.
fn decode_with(encoding: &'static Encoding, body: &[u8]) -> Result<String, (usize, String)> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::new();
    let mut read = 0;
    loop {
        let remaining = body.len() - read;
        text.reserve(decoder.max_utf8_buffer_length_without_replacement(remaining).unwrap_or(remaining));
        let (result, consumed) = decoder.decode_to_string_without_replacement(&body[read..], &mut text, true);
        read += consumed;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(bad, pending) => {
                return Err((read - usize::from(bad) - usize::from(pending), text));
            }
        }
    }
}

/// The decoded text, unless it is binary or blank. A byte-order mark left over (U+FEFF, e.g.
/// GB18030's own) is dropped.
fn finish(mut text: String, encoding: TextEncoding) -> Result<Decoded, DecodeError> {
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    if looks_binary(text.as_bytes(), text.chars().map(u32::from)) {
        Err(DecodeError::Binary)
    } else if text.trim().is_empty() {
        Err(DecodeError::Empty)
    } else {
        Ok(Decoded { text, encoding })
    }
}

/// Whether a file is binary: a NUL byte anywhere in `bytes` (UTF-8 or single-byte text, where a
/// NUL code point is a NUL byte), or a control character other than tab, line breaks and form
/// feed in more than one in ten of the first [`BINARY_SAMPLE`] code points of `units`. A stray
/// control character in real text is left for the row check to report.
fn looks_binary(bytes: &[u8], units: impl Iterator<Item = u32>) -> bool {
    let (sampled, controls) = units.take(BINARY_SAMPLE).fold((0usize, 0usize), |(n, controls), unit| {
        let control = (unit < 0x20 && !matches!(unit, 0x09 | 0x0A | 0x0C | 0x0D)) || unit == 0x7F;
        (n + 1, controls + usize::from(control))
    });
    bytes.contains(&0) || controls * 10 > sampled
}

/// Line breaks in `bytes` as the CSV reader counts them: LF, CRLF and a lone CR.
fn line_breaks(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut previous_cr = false;
    for &b in bytes {
        match b {
            b'\n' if previous_cr => {}
            b'\n' | b'\r' => count += 1,
            _ => {}
        }
        previous_cr = b == b'\r';
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMPANY: &str = "长沙中联重科工程机械有限公司";

    fn decoded(text: String, encoding: TextEncoding) -> Decoded {
        Decoded { text, encoding }
    }

    fn csv_text() -> String {
        format!("公司名称,电话\n{COMPANY},0731-88888888\n三一重工,13800138000\n")
    }

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian { UTF16BE_BOM.to_vec() } else { UTF16LE_BOM.to_vec() };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    }

    #[test]
    fn detects_every_encoding() {
        let text = csv_text();
        let mut utf8_bom = UTF8_BOM.to_vec();
        utf8_bom.extend(text.as_bytes());
        let gbk = encode(encoding_rs::GBK, &text);
        let gb18030 = encode(GB18030, &format!("{text}€,𠀀\n"));
        for (name, bytes, encoding, expected) in [
            ("utf-8", text.as_bytes().to_vec(), TextEncoding::Utf8, text.clone()),
            ("utf-8 bom", utf8_bom, TextEncoding::Utf8Bom, text.clone()),
            ("gbk", gbk, TextEncoding::Gb18030, text.clone()),
            ("gb18030", gb18030, TextEncoding::Gb18030, format!("{text}€,𠀀\n")),
            ("utf-16le", utf16(&text, false), TextEncoding::Utf16Le, text.clone()),
            ("utf-16be", utf16(&text, true), TextEncoding::Utf16Be, text.clone()),
        ] {
            assert_eq!(decode(&bytes), Ok(decoded(expected, encoding)), "{name}");
        }
    }

    #[test]
    fn gbk_bytes_are_not_utf8() {
        // The point of the fallback: GBK Chinese is never valid UTF-8 here.
        let gbk = encode(encoding_rs::GBK, COMPANY);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk).map(|d| d.text), Ok(COMPANY.to_owned()));
    }

    #[test]
    fn rejects_what_is_not_text() {
        let mut zip = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
        zip.extend([0u8; 20]);
        let mut xls = OLE_SIGNATURE.to_vec();
        xls.extend([0u8; 20]);
        let controls: Vec<u8> = (1..=8u8).cycle().take(200).collect();
        let mut late_nul = vec![b'a'; BINARY_SAMPLE + 10];
        late_nul.push(0);
        for (name, bytes, error) in [
            ("empty", Vec::new(), DecodeError::Empty),
            ("blank", b" \r\n\t\n".to_vec(), DecodeError::Empty),
            ("bom only", UTF8_BOM.to_vec(), DecodeError::Empty),
            ("xlsx renamed", zip, DecodeError::Spreadsheet),
            ("empty zip", b"PK\x05\x06".to_vec(), DecodeError::Spreadsheet),
            ("xls renamed", xls, DecodeError::Spreadsheet),
            ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), DecodeError::Binary),
            ("nul in text", b"company\n\x00acme\n".to_vec(), DecodeError::Binary),
            ("nul after the sample", late_nul, DecodeError::Binary),
            ("control characters", controls, DecodeError::Binary),
            ("utf-16 without bom", "ab,cd\n".encode_utf16().flat_map(u16::to_le_bytes).collect(), DecodeError::Binary),
        ] {
            assert_eq!(decode(&bytes), Err(error), "{name}");
        }
    }

    #[test]
    fn a_stray_control_character_is_still_text() {
        let text = "company\nAcme\x0b Ltd\n";
        assert_eq!(decode(text.as_bytes()).map(|d| d.text), Ok(text.to_owned()));
    }

    #[test]
    fn points_at_the_first_bad_byte() {
        // 0xFF is neither UTF-8 nor a GB18030 lead byte.
        let bytes = b"company\nacme\r\nbad \xFF byte\n".to_vec();
        assert_eq!(decode(&bytes), Err(DecodeError::UnknownEncoding { line: 3, byte_offset: 18 }));
        let cr_lines = b"a\rb\r\xFF".to_vec();
        assert_eq!(decode(&cr_lines), Err(DecodeError::UnknownEncoding { line: 3, byte_offset: 4 }));
    }

    #[test]
    fn utf8_cut_off_at_the_end_is_refused_not_read_as_gb18030() {
        let text = format!("公司名称\n{COMPANY}\n");
        let bytes = &text.as_bytes()[..text.len() - 3];
        // GB18030 would accept these bytes, as mojibake.
        assert!(GB18030.decode_without_bom_handling_and_without_replacement(bytes).is_some());
        let offset = text.len() - 4;
        assert_eq!(decode(bytes), Err(DecodeError::UnknownEncoding { line: 2, byte_offset: offset }));
    }

    #[test]
    fn the_user_can_choose_the_encoding() {
        let text = csv_text();
        let gbk = encode(encoding_rs::GBK, &text);
        assert_eq!(decode_as(&gbk, TextEncoding::Gb18030), Ok(decoded(text.clone(), TextEncoding::Gb18030)));
        assert_eq!(
            decode_as(text.as_bytes(), TextEncoding::Utf8Bom),
            Ok(decoded(text.clone(), TextEncoding::Utf8)),
            "no BOM present"
        );
        let mut with_bom = UTF8_BOM.to_vec();
        with_bom.extend(text.as_bytes());
        assert_eq!(decode_as(&with_bom, TextEncoding::Utf8), Ok(decoded(text.clone(), TextEncoding::Utf8Bom)));
        let bare_utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_as(&bare_utf16, TextEncoding::Utf16Le), Ok(decoded(text.clone(), TextEncoding::Utf16Le)));
        assert_eq!(decode_as(&utf16(&text, true), TextEncoding::Utf16Be).map(|d| d.text), Ok(text.clone()));
        // GBK bytes are not UTF-8: the first Chinese byte is the offset (after the 3-byte BOM).
        let mut gbk_with_bom = UTF8_BOM.to_vec();
        gbk_with_bom.extend(&gbk);
        assert_eq!(
            decode_as(&gbk_with_bom, TextEncoding::Utf8),
            Err(DecodeError::UnknownEncoding { line: 1, byte_offset: 3 })
        );
        assert_eq!(decode_as(b"", TextEncoding::Gb18030), Err(DecodeError::Empty));
        assert_eq!(decode_as(b"PK\x03\x04", TextEncoding::Utf8), Err(DecodeError::Spreadsheet));
    }

    #[test]
    fn chosen_encodings_report_malformed_input() {
        // An unpaired surrogate on line 2 of UTF-16LE.
        let mut bytes = utf16("a\nb", false);
        bytes.extend(0xD800u16.to_le_bytes());
        bytes.extend(utf16("c", false)[2..].iter());
        assert_eq!(
            decode_as(&bytes, TextEncoding::Utf16Le),
            Err(DecodeError::UnknownEncoding { line: 2, byte_offset: 8 })
        );
        // 0xFF is never valid in GB18030.
        assert_eq!(
            decode_as(b"ab\ncd\xFF", TextEncoding::Gb18030),
            Err(DecodeError::UnknownEncoding { line: 2, byte_offset: 5 })
        );
    }
}
