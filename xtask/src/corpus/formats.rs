//! The two string formats the generator gives Rust types of their own: `date` (`chrono::NaiveDate`) and
//! `date-time` (`chrono::DateTime<Utc>`). An example that breaks one of them cannot decode, and it is the spec's
//! mistake (`"occurred_at": "date-time"`), so the validator checks these two; every other format is ignored.

/// Whether `text` breaks `format`; `false` for formats other than `date` and `date-time`.
pub fn breaks_format(format: &str, text: &str) -> bool {
    match format {
        "date" => !is_date(text),
        "date-time" => !is_date_time(text),
        _ => false,
    }
}

/// `YYYY-MM-DD`, a day that exists.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (
        number(&text[0..4]),
        number(&text[5..7]),
        number(&text[8..10]),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with `t`, `z` or a space allowed as chrono allows them.
fn is_date_time(text: &str) -> bool {
    if text.len() < 20 || !text.is_char_boundary(10) || !is_date(&text[..10]) {
        return false;
    }
    let rest = &text[10..];
    let Some(rest) = rest.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let bytes = rest.as_bytes();
    if bytes.len() < 9 || bytes[2] != b':' || bytes[5] != b':' {
        return false;
    }
    let in_range = |part: &str, max: u32| number(part).is_some_and(|n| n <= max);
    if !(in_range(&rest[0..2], 23) && in_range(&rest[3..5], 59) && in_range(&rest[6..8], 60)) {
        return false;
    }
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        zone = &fraction[digits..];
    }
    match zone {
        "Z" | "z" => true,
        _ => {
            let bytes = zone.as_bytes();
            bytes.len() == 6
                && (bytes[0] == b'+' || bytes[0] == b'-')
                && bytes[3] == b':'
                && in_range(&zone[1..3], 23)
                && in_range(&zone[4..6], 59)
        }
    }
}

/// Digits only, as a number.
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::breaks_format;

    #[test]
    fn dates() {
        assert!(!breaks_format("date", "2024-02-29"));
        assert!(breaks_format("date", "2023-02-29"));
        assert!(breaks_format("date", "2025-10-15T13:52:39.186Z"));
        assert!(breaks_format("date", "20181202"));
    }

    #[test]
    fn date_times() {
        assert!(!breaks_format("date-time", "2025-10-15T13:52:39.186Z"));
        assert!(!breaks_format("date-time", "2025-10-15 13:52:39+02:00"));
        assert!(breaks_format("date-time", "date-time"));
        assert!(breaks_format("date-time", "2025-10-15"));
        assert!(breaks_format("date-time", "2025-10-15T13:52:39"));
        assert!(breaks_format("date-time", "2025-10-15T25:00:00Z"));
    }

    #[test]
    fn other_formats_are_not_checked() {
        assert!(!breaks_format("uuid", "not a uuid"));
        assert!(!breaks_format("email", ""));
    }
}
