//! Commitments from statement facts: which statements are commitments, the
//! deadline a sentence gives, and how two reports of one commitment are
//! recognised. Pure functions; the store side is in `db.rs`.
//!
//! A statement is a commitment when its act proposes, requests, expects or
//! commits (pledges are extracted as `commit`). Affirming, welcoming and
//! agreeing are not: they promise nothing to anyone.

use chrono::NaiveDate;
use hoptac_text::fold;
use regex::Regex;
use std::sync::LazyLock;

/// Statement acts that make a commitment.
pub const COMMITMENT_ACTS: &[&str] = &["propose", "request", "expect", "commit"];

/// Is a statement with this act a commitment?
pub fn is_commitment_act(act: &str) -> bool {
    COMMITMENT_ACTS.contains(&act)
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

static DEADLINE_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:by|before|no later than|not later than)\s+(?:the\s+)?(?:(end|middle)\s+of\s+)?(?:({})\s+)?(20\d\d|19\d\d)(?-u:\b)",
        MONTHS.join("|")
    ))
    .unwrap()
});

static DEADLINE_VI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:den|truoc|cham nhat vao|cham nhat)\s+(?:(cuoi|giua)\s+)?(?:nam\s+)?(?:thang\s+(\d{1,2})\s*(?:/|nam\s+))?(20\d\d|19\d\d)(?-u:\b)",
    )
    .unwrap()
});

/// The deadline a sentence gives ("by 2030", "by the end of 2027", "by
/// June 2026", "đến năm 2030", "trước tháng 6/2026"), as `YYYY` or
/// `YYYY-MM`; the first one found.
pub fn deadline_in(sentence: &str) -> Option<String> {
    let f = fold(sentence);
    let en = DEADLINE_EN.captures(&f).map(|c| {
        let m = c
            .get(2)
            .and_then(|m| MONTHS.iter().position(|x| *x == m.as_str()));
        (
            c.get(0).unwrap().start(),
            c[3].to_string(),
            m.map(|i| i + 1),
        )
    });
    let vi = DEADLINE_VI.captures(&f).map(|c| {
        let m = c
            .get(2)
            .and_then(|m| m.as_str().parse::<usize>().ok())
            .filter(|m| (1..=12).contains(m));
        (c.get(0).unwrap().start(), c[3].to_string(), m)
    });
    let (_, year, month) = match (en, vi) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some(match month {
        Some(m) => format!("{year}-{m:02}"),
        None => year,
    })
}

/// The last day a deadline (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) allows.
pub fn deadline_end(deadline: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = deadline.split('-').collect();
    let y: i32 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => NaiveDate::from_ymd_opt(y, 12, 31),
        2 => {
            let m: u32 = parts[1].parse().ok()?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            next.pred_opt()
        }
        _ => NaiveDate::parse_from_str(deadline, "%Y-%m-%d").ok(),
    }
}

/// A currency unit of a money figure ("USD", "JPY", "VND"...).
pub fn is_currency(unit: &str) -> bool {
    unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase())
}

/// The stable id of a commitment first reported at `doc_id`'s `span`.
pub fn commitment_id(doc_id: &str, start: usize, end: usize) -> String {
    let h = blake3::hash(format!("{doc_id}:{start}-{end}").as_bytes());
    format!("c-{}", &h.to_hex()[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_in_both_languages() {
        assert_eq!(
            deadline_in("Japan pledged to train 5,000 engineers by 2030."),
            Some("2030".into())
        );
        assert_eq!(
            deadline_in("The leaders agreed to conclude the talks by the end of 2027."),
            Some("2027".into())
        );
        assert_eq!(
            deadline_in("Japan will open the centre by June 2026."),
            Some("2026-06".into())
        );
        assert_eq!(
            deadline_in("Nhật Bản cam kết đào tạo 5.000 kỹ sư đến năm 2030."),
            Some("2030".into())
        );
        assert_eq!(
            deadline_in("Hai bên phấn đấu hoàn tất đàm phán trước tháng 6/2026."),
            Some("2026-06".into())
        );
        assert_eq!(
            deadline_in("Thủ tướng đề nghị hoàn thành trước cuối năm 2027."),
            Some("2027".into())
        );
        // A year that is not a deadline.
        assert_eq!(
            deadline_in("In 2024, two-way trade reached USD 236.6 billion."),
            None
        );
        assert_eq!(deadline_in("Kế hoạch hành động giai đoạn 2021-2025."), None);
    }

    #[test]
    fn deadline_ends() {
        assert_eq!(deadline_end("2030"), NaiveDate::from_ymd_opt(2030, 12, 31));
        assert_eq!(
            deadline_end("2026-02"),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(
            deadline_end("2026-12"),
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(
            deadline_end("2026-03-05"),
            NaiveDate::from_ymd_opt(2026, 3, 5)
        );
    }

    #[test]
    fn commitment_acts_and_ids() {
        assert!(is_commitment_act("request"));
        assert!(!is_commitment_act("welcome"));
        assert_eq!(commitment_id("ab", 1, 2), commitment_id("ab", 1, 2));
        assert_ne!(commitment_id("ab", 1, 2), commitment_id("ab", 1, 3));
        assert!(is_currency("USD") && !is_currency("percent"));
    }
}
