//! The booth kiosk's PIN: visitors use the Demo workspace on the booth's tablet, and only the
//! staff who set the PIN can leave the kiosk. Only a salted, stretched hash of the PIN is kept
//! (in the browser's local settings, never in the synced records).
//!
//! The hash is FNV-1a (the hash the v4 migration names content with), run over the salt and the
//! PIN many times. It is no cryptographic hash, and a 4–8 digit PIN could be found from the stored
//! text by trying them all anyway: what the lock keeps out is a visitor tapping the screen, who
//! never sees the stored text. A crypto crate would not change that.

/// Why a PIN is refused when the kiosk is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinProblem {
    /// Not 4 to 8 digits.
    NotDigits,
    /// The repeated PIN differs.
    Mismatch,
}

/// The PIN's length, in digits.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=8;

/// Checks a new PIN and its repetition.
pub fn check_pin(pin: &str, again: &str) -> Result<(), PinProblem> {
    if !PIN_DIGITS.contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinProblem::NotDigits);
    }
    if pin != again {
        return Err(PinProblem::Mismatch);
    }
    Ok(())
}

/// How many times the hash runs: slows trying PINs against the stored text to ~1 ms a PIN.
const ROUNDS: u32 = 20_000;

/// The kiosk's lock: the salt and the hash of the PIN that opens it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lock {
    salt: u64,
    hash: u64,
}

impl Lock {
    /// The lock `pin` opens, salted with `salt` (random, so equal PINs differ when stored).
    pub fn new(pin: &str, salt: u64) -> Lock {
        Lock { salt, hash: stretch(pin, salt) }
    }

    /// Whether `pin` (spaces around it ignored) opens the lock.
    pub fn opens(&self, pin: &str) -> bool {
        stretch(pin.trim(), self.salt) == self.hash
    }

    /// The text kept in local settings: `1-<salt>-<hash>`, both in hex.
    pub fn to_text(&self) -> String {
        format!("1-{:016x}-{:016x}", self.salt, self.hash)
    }

    /// Reads [`Lock::to_text`]; `None` for anything else.
    pub fn parse(text: &str) -> Option<Lock> {
        let mut parts = text.split('-');
        let (version, salt, hash) = (parts.next()?, parts.next()?, parts.next()?);
        if version != "1" || parts.next().is_some() || salt.len() != 16 || hash.len() != 16 {
            return None;
        }
        Some(Lock { salt: u64::from_str_radix(salt, 16).ok()?, hash: u64::from_str_radix(hash, 16).ok()? })
    }
}

/// FNV-1a, 64 bits, continuing from `state`.
fn fnv1a(mut state: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        state ^= u64::from(*byte);
        state = state.wrapping_mul(0x0000_0100_0000_01b3);
    }
    state
}

fn stretch(pin: &str, salt: u64) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    let mut hash = fnv1a(fnv1a(OFFSET, &salt.to_le_bytes()), pin.as_bytes());
    for _ in 0..ROUNDS {
        hash = fnv1a(fnv1a(fnv1a(OFFSET, &hash.to_le_bytes()), &salt.to_le_bytes()), pin.as_bytes());
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_pin_is_four_to_eight_digits_typed_twice() {
        for (pin, again, expected) in [
            ("2468", "2468", Ok(())),
            ("12345678", "12345678", Ok(())),
            ("123", "123", Err(PinProblem::NotDigits)),
            ("123456789", "123456789", Err(PinProblem::NotDigits)),
            ("12a4", "12a4", Err(PinProblem::NotDigits)),
            ("", "", Err(PinProblem::NotDigits)),
            ("１２３４", "１２３４", Err(PinProblem::NotDigits)),
            ("2468", "2469", Err(PinProblem::Mismatch)),
        ] {
            assert_eq!(check_pin(pin, again), expected, "{pin:?} / {again:?}");
        }
    }

    #[test]
    fn only_the_pin_opens_the_lock_and_the_stored_text_holds_no_pin() {
        let lock = Lock::new("2468", 0x0123_4567_89ab_cdef);
        for (pin, opens) in [("2468", true), (" 2468 ", true), ("2469", false), ("", false), ("24680", false)] {
            assert_eq!(lock.opens(pin), opens, "{pin:?}");
        }
        let text = lock.to_text();
        assert!(text.starts_with("1-0123456789abcdef-") && text.len() == 35, "{text}");
        assert!(!text.contains("2468"));
        assert_eq!(Lock::parse(&text), Some(lock));
        assert!(Lock::parse(&text).unwrap().opens("2468"));
        // Another salt stores the same PIN differently.
        assert_ne!(Lock::new("2468", 1).to_text()[19..], text[19..]);
        for bad in
            ["", "2468", "2-0123456789abcdef-0123456789abcdef", "1-0123-4567", "1-0123456789abcdeg-0123456789abcdef"]
        {
            assert_eq!(Lock::parse(bad), None, "{bad:?}");
        }
    }
}
