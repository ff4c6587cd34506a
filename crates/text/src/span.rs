//! Half-open byte ranges into a document's raw text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open byte range `[start, end)` into a document's text as read.
///
/// `start <= end` is checked at construction. A span says nothing about
/// UTF-8 boundaries by itself; [`Span::slice`] checks them when it slices.
/// Serialised as a two-element array `[start, end]`, the shape the
/// extraction contract prints.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// A span from `start` to `end`. Panics if `start > end`: that is a bug
    /// in the caller, never a property of the input text.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} > end {end}");
        Span { start, end }
    }

    /// A span, or `None` when `start > end`.
    #[inline]
    pub fn try_new(start: usize, end: usize) -> Option<Span> {
        (start <= end).then_some(Span { start, end })
    }

    /// First byte.
    #[inline]
    pub fn start(self) -> usize {
        self.start
    }

    /// One past the last byte.
    #[inline]
    pub fn end(self) -> usize {
        self.end
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text under the span, or `None` when it falls outside `text` or
    /// off a character boundary.
    #[inline]
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start..self.end)
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// True when `other` lies inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span moved right by `by` bytes.
    #[inline]
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl TryFrom<[usize; 2]> for Span {
    type Error = String;
    fn try_from(v: [usize; 2]) -> Result<Span, String> {
        Span::try_new(v[0], v[1]).ok_or_else(|| format!("span start {} > end {}", v[0], v[1]))
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> [usize; 2] {
        [s.start, s.end]
    }
}

/// Trim ASCII and Unicode white space (and the given extra characters) from
/// both ends of `span` within `text`, keeping it on character boundaries.
pub fn trim_span(text: &str, span: Span, extra: &[char]) -> Span {
    let s = &text[span.start..span.end];
    let trimmed_start = s.trim_start_matches(|c: char| c.is_whitespace() || extra.contains(&c));
    let start = span.start + (s.len() - trimmed_start.len());
    let trimmed = trimmed_start.trim_end_matches(|c: char| c.is_whitespace() || extra.contains(&c));
    Span::new(start, start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_and_checks_boundaries() {
        let t = "Việt Nam";
        assert_eq!(Span::new(0, 6).slice(t), Some("Việt"));
        assert_eq!(Span::new(0, 3).slice(t), None, "inside the 3-byte ệ");
        assert_eq!(Span::new(0, 99).slice(t), None);
    }

    #[test]
    fn serialises_as_pair() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,9]");
        let back: Span = serde_json::from_str("[3,9]").unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }

    #[test]
    fn trims() {
        let t = "  (JAIF 3.0)  ";
        let s = trim_span(t, Span::new(0, t.len()), &['(', ')']);
        assert_eq!(s.slice(t), Some("JAIF 3.0"));
    }
}
