//! The first reading pass: JSON syntax with line and column, the header, and where each
//! record starts and ends, without building a value tree.

use super::*;

/// Line and column of byte `offset`, not counting a byte-order mark ending at `start`.
pub(super) fn position(bytes: &[u8], start: usize, offset: usize) -> TextPosition {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(start, |i| i + 1).max(start).min(before.len());
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    // Count characters, not bytes: every byte but a UTF-8 continuation byte starts one.
    let column = 1 + before[line_start..].iter().filter(|b| (**b & 0xc0) != 0x80).count();
    TextPosition { offset, line, column }
}

/// A cursor over the backup text, checking its JSON syntax.
pub(super) struct Reader<'t> {
    pub(super) text: &'t str,
    pub(super) pos: usize,
    pub(super) depth: usize,
}

/// Malformed JSON at byte `offset`; at the end of the text, the text was cut off.
#[derive(Debug)]
pub(super) struct SyntaxError {
    pub(super) offset: usize,
    pub(super) detail: &'static str,
}

impl SyntaxError {
    pub(super) fn in_text(self, text: &str, start: usize) -> BackupError {
        let at = position(text.as_bytes(), start, self.offset);
        if self.offset >= text.len() {
            BackupError::Truncated { at }
        } else {
            BackupError::Syntax { at, detail: self.detail }
        }
    }
}

/// A JSON number: an integer when it has neither fraction nor exponent and fits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    pub(super) fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(v) => Some(v),
            _ => None,
        }
    }

    pub(super) fn as_i64(self) -> Option<i64> {
        match self {
            Number::Unsigned(v) => i64::try_from(v).ok(),
            Number::Signed(v) => Some(v),
            Number::Float(_) => None,
        }
    }
}

/// A header field as found: absent (`None`), unusable (`Some(Err)`: wrong type or repeated), or
/// its value.
pub(super) type Field<T> = Option<Result<T, ()>>;

/// Where a record's text starts and ends in the backup.
pub(super) type Span = (usize, usize);

/// Each store's name with the span of each of its records (`None`: not an array).
pub(super) type StoreOutline<'t> = Vec<(Cow<'t, str>, Option<Vec<Span>>)>;

/// The document's shape after the first pass: header values, and where each record starts.
#[derive(Default)]
pub(super) struct Outline<'t> {
    pub(super) format: Field<Cow<'t, str>>,
    pub(super) format_version: Field<Number>,
    pub(super) schema_version: Field<Number>,
    pub(super) workspace: Field<Cow<'t, str>>,
    pub(super) created_ms: Field<Number>,
    pub(super) stores: Field<StoreOutline<'t>>,
}

pub(super) fn note<T>(field: &mut Field<T>, value: Option<T>) {
    *field = Some(if field.is_some() { Err(()) } else { value.ok_or(()) });
}

pub(super) type Syntax<T> = Result<T, SyntaxError>;

impl<'t> Reader<'t> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    pub(super) fn fail<T>(&self, detail: &'static str) -> Syntax<T> {
        Err(SyntaxError { offset: self.pos, detail })
    }

    pub(super) fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    pub(super) fn expect(&mut self, byte: u8, detail: &'static str) -> Syntax<()> {
        self.skip_whitespace();
        if self.peek() != Some(byte) {
            return self.fail(detail);
        }
        self.pos += 1;
        Ok(())
    }

    /// Moves into the array or object opening here.
    pub(super) fn enter(&mut self) -> Syntax<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.pos += 1;
        Ok(())
    }

    /// Moves to the next item of the array or object `enter` opened, past the comma before it;
    /// `false`, and out of it, at its closing `close`.
    pub(super) fn next_item(&mut self, first: bool, close: u8) -> Syntax<bool> {
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        if !first {
            self.expect(b',', if close == b']' { "expected ',' or ']'" } else { "expected ',' or '}'" })?;
        }
        Ok(true)
    }

    pub(super) fn literal(&mut self, word: &'static str) -> Syntax<()> {
        let rest = &self.text.as_bytes()[self.pos..];
        let same = rest.iter().zip(word.as_bytes()).take_while(|(a, b)| a == b).count();
        self.pos += same;
        if same < word.len() {
            return self.fail("expected a value");
        }
        Ok(())
    }

    pub(super) fn string(&mut self) -> Syntax<Cow<'t, str>> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return self.fail("expected a string");
        }
        self.pos += 1;
        let text = self.text;
        let mut owned: Option<String> = None;
        let mut run = self.pos;
        loop {
            let Some(byte) = self.peek() else {
                return self.fail("unterminated string");
            };
            match byte {
                b'"' => {
                    let tail = &text[run..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut owned) => {
                            owned.push_str(tail);
                            Cow::Owned(owned)
                        }
                    });
                }
                b'\\' => {
                    let owned = owned.get_or_insert_with(String::new);
                    owned.push_str(&text[run..self.pos]);
                    self.pos += 1;
                    let escaped = match self.peek() {
                        Some(b'u') => {
                            self.pos += 1;
                            self.unicode_escape()?
                        }
                        Some(letter) => {
                            let escaped = match letter {
                                b'"' => '"',
                                b'\\' => '\\',
                                b'/' => '/',
                                b'b' => '\u{8}',
                                b'f' => '\u{c}',
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                _ => return self.fail("invalid escape"),
                            };
                            self.pos += 1;
                            escaped
                        }
                        None => return self.fail("unterminated string"),
                    };
                    owned.push(escaped);
                    run = self.pos;
                }
                0..=0x1f => return self.fail("control character in string"),
                _ => self.pos += 1,
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair of two escapes.
    pub(super) fn unicode_escape(&mut self) -> Syntax<char> {
        let high = self.hex4()?;
        let code = match high {
            0xd800..=0xdbff => {
                let rest = &self.text.as_bytes()[self.pos..];
                if !rest.starts_with(b"\\u") {
                    if b"\\u".starts_with(rest) {
                        self.pos = self.text.len();
                        return self.fail("unterminated string");
                    }
                    return self.fail("unpaired surrogate");
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return self.fail("unpaired surrogate");
                }
                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
            }
            0xdc00..=0xdfff => return self.fail("unpaired surrogate"),
            code => code,
        };
        char::from_u32(code).map_or_else(|| self.fail("invalid \\u escape"), Ok)
    }

    pub(super) fn hex4(&mut self) -> Syntax<u32> {
        let mut value = 0;
        for _ in 0..4 {
            let Some(digit) = self.peek().and_then(|b| char::from(b).to_digit(16)) else {
                return self.fail("invalid \\u escape");
            };
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    pub(super) fn digits(&mut self) -> Syntax<()> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return self.fail("expected a digit");
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        Ok(())
    }

    pub(super) fn number(&mut self) -> Syntax<Number> {
        self.skip_whitespace();
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits()?,
            _ => return self.fail(if negative { "expected a digit" } else { "expected a value" }),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        let text = &self.text[start..self.pos];
        if integer {
            if !negative {
                if let Ok(v) = text.parse::<u64>() {
                    return Ok(Number::Unsigned(v));
                }
            } else if let Ok(v) = text.parse::<i64>() {
                // `-0` is a float's negative zero: no integer is written that way.
                return Ok(if v == 0 { Number::Float(-0.0) } else { Number::Signed(v) });
            }
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Number::Float(v)),
            _ => Err(SyntaxError { offset: start, detail: "number out of range" }),
        }
    }

    /// Checks the syntax of the next value and moves past it.
    pub(super) fn skip(&mut self) -> Syntax<()> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                let mut first = true;
                while self.next_item(first, b'}')? {
                    first = false;
                    self.string()?;
                    self.expect(b':', "expected ':'")?;
                    self.skip()?;
                }
            }
            Some(b'[') => {
                self.enter()?;
                let mut first = true;
                while self.next_item(first, b']')? {
                    first = false;
                    self.skip()?;
                }
            }
            Some(b'"') => {
                self.string()?;
            }
            Some(b't') => self.literal("true")?,
            Some(b'f') => self.literal("false")?,
            Some(b'n') => self.literal("null")?,
            _ => {
                self.number()?;
            }
        }
        Ok(())
    }

    pub(super) fn string_or_skip(&mut self) -> Syntax<Option<Cow<'t, str>>> {
        self.skip_whitespace();
        if self.peek() == Some(b'"') {
            return self.string().map(Some);
        }
        self.skip().map(|()| None)
    }

    pub(super) fn number_or_skip(&mut self) -> Syntax<Option<Number>> {
        self.skip_whitespace();
        if let Some(b'-' | b'0'..=b'9') = self.peek() {
            return self.number().map(Some);
        }
        self.skip().map(|()| None)
    }

    /// The first pass: checks the whole document's syntax, reads the header and notes where
    /// each record starts. Unknown header fields are skipped (a later file format may add some).
    pub(super) fn outline(&mut self) -> Syntax<Outline<'t>> {
        let mut outline = Outline::default();
        self.skip_whitespace();
        if self.peek() != Some(b'{') {
            return self.fail("expected '{'");
        }
        self.enter()?;
        let mut first = true;
        while self.next_item(first, b'}')? {
            first = false;
            let key = self.string()?;
            self.expect(b':', "expected ':'")?;
            match key.as_ref() {
                "format" => note(&mut outline.format, self.string_or_skip()?),
                "format_version" => note(&mut outline.format_version, self.number_or_skip()?),
                "schema_version" => note(&mut outline.schema_version, self.number_or_skip()?),
                "workspace" => note(&mut outline.workspace, self.string_or_skip()?),
                "created_ms" => note(&mut outline.created_ms, self.number_or_skip()?),
                "stores" => {
                    let stores = self.stores()?;
                    note(&mut outline.stores, stores);
                }
                _ => self.skip()?,
            }
        }
        self.skip_whitespace();
        if self.pos < self.text.len() {
            return self.fail("text after the end of the backup");
        }
        Ok(outline)
    }

    pub(super) fn stores(&mut self) -> Syntax<Option<StoreOutline<'t>>> {
        self.skip_whitespace();
        if self.peek() != Some(b'{') {
            return self.skip().map(|()| None);
        }
        self.enter()?;
        let mut stores = Vec::new();
        let mut first = true;
        while self.next_item(first, b'}')? {
            first = false;
            let name = self.string()?;
            self.expect(b':', "expected ':'")?;
            self.skip_whitespace();
            if self.peek() != Some(b'[') {
                self.skip()?;
                stores.push((name, None));
                continue;
            }
            self.enter()?;
            let mut spans = Vec::new();
            let mut first_record = true;
            while self.next_item(first_record, b']')? {
                first_record = false;
                self.skip_whitespace();
                let start = self.pos;
                self.skip()?;
                spans.push((start, self.pos));
            }
            stores.push((name, Some(spans)));
        }
        Ok(Some(stores))
    }
}
