//! The statuses of action lines and commitments, and how people write them.

use hoptac_text::name_key;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an action line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Nothing done yet (every line starts here).
    NotStarted,
    /// Work under way.
    Ongoing,
    /// Done.
    Implemented,
    /// Dropped.
    Discontinued,
}

/// Where a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Made, nothing seen yet (every commitment starts here).
    Open,
    /// Being carried out.
    InProgress,
    /// Kept.
    Fulfilled,
    /// Its time passed without it being kept.
    Lapsed,
    /// Taken back.
    Withdrawn,
}

/// What both status kinds share: a name, the list of all, a parser.
pub trait Status: Copy + Eq + fmt::Display + 'static {
    /// Every status, in display order.
    const ALL: &'static [Self];
    /// The status a new item starts with.
    const INITIAL: Self;
    /// The stored and printed name (`not_started`).
    fn name(self) -> &'static str;
    /// Other ways people write it (folded, words separated by one space).
    fn aliases(self) -> &'static [&'static str];

    /// Parse a status as people write it: any case, spaces, hyphens or
    /// underscores, with or without Vietnamese diacritics.
    fn parse(s: &str) -> Option<Self> {
        let k = name_key(&s.replace(['_', '-'], " "));
        Self::ALL
            .iter()
            .copied()
            .find(|st| st.name().replace('_', " ") == k || st.aliases().contains(&k.as_str()))
    }

    /// "not_started, ongoing, ..." for error messages.
    fn names() -> String {
        Self::ALL
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Status for LineStatus {
    const ALL: &'static [Self] = &[
        LineStatus::NotStarted,
        LineStatus::Ongoing,
        LineStatus::Implemented,
        LineStatus::Discontinued,
    ];
    const INITIAL: Self = LineStatus::NotStarted;
    fn name(self) -> &'static str {
        match self {
            LineStatus::NotStarted => "not_started",
            LineStatus::Ongoing => "ongoing",
            LineStatus::Implemented => "implemented",
            LineStatus::Discontinued => "discontinued",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            LineStatus::NotStarted => &["not yet started", "chua trien khai", "chua thuc hien"],
            LineStatus::Ongoing => &[
                "on going",
                "in progress",
                "under way",
                "underway",
                "being implemented",
                "dang trien khai",
                "dang thuc hien",
            ],
            LineStatus::Implemented => &[
                "done",
                "completed",
                "complete",
                "da trien khai",
                "da thuc hien",
                "hoan thanh",
            ],
            LineStatus::Discontinued => &["dropped", "cancelled", "canceled", "ngung trien khai"],
        }
    }
}

impl Status for CommitmentStatus {
    const ALL: &'static [Self] = &[
        CommitmentStatus::Open,
        CommitmentStatus::InProgress,
        CommitmentStatus::Fulfilled,
        CommitmentStatus::Lapsed,
        CommitmentStatus::Withdrawn,
    ];
    const INITIAL: Self = CommitmentStatus::Open;
    fn name(self) -> &'static str {
        match self {
            CommitmentStatus::Open => "open",
            CommitmentStatus::InProgress => "in_progress",
            CommitmentStatus::Fulfilled => "fulfilled",
            CommitmentStatus::Lapsed => "lapsed",
            CommitmentStatus::Withdrawn => "withdrawn",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            CommitmentStatus::Open => &["made", "pending"],
            CommitmentStatus::InProgress => &["ongoing", "on going", "under way"],
            CommitmentStatus::Fulfilled => &["kept", "done", "delivered", "met"],
            CommitmentStatus::Lapsed => &["expired", "broken", "missed"],
            CommitmentStatus::Withdrawn => &["cancelled", "canceled", "retracted"],
        }
    }
}

impl fmt::Display for LineStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for CommitmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl CommitmentStatus {
    /// Still something to watch (open or in progress).
    pub fn is_open(self) -> bool {
        matches!(self, CommitmentStatus::Open | CommitmentStatus::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_as_people_write_them() {
        assert_eq!(
            LineStatus::parse("Not started"),
            Some(LineStatus::NotStarted)
        );
        assert_eq!(
            LineStatus::parse("not-started"),
            Some(LineStatus::NotStarted)
        );
        assert_eq!(LineStatus::parse("ONGOING"), Some(LineStatus::Ongoing));
        assert_eq!(
            LineStatus::parse("đã triển khai"),
            Some(LineStatus::Implemented)
        );
        assert_eq!(
            LineStatus::parse("dang trien khai"),
            Some(LineStatus::Ongoing)
        );
        assert_eq!(LineStatus::parse("finished-ish"), None);
        assert_eq!(
            CommitmentStatus::parse("in progress"),
            Some(CommitmentStatus::InProgress)
        );
        assert_eq!(
            CommitmentStatus::parse("Fulfilled"),
            Some(CommitmentStatus::Fulfilled)
        );
        assert_eq!(CommitmentStatus::parse("implemented"), None);
        for s in LineStatus::ALL {
            assert_eq!(LineStatus::parse(s.name()), Some(*s));
        }
        for s in CommitmentStatus::ALL {
            assert_eq!(CommitmentStatus::parse(s.name()), Some(*s));
        }
    }
}
