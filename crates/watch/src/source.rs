//! Source definitions: what kind of thing a URL is, how often to poll it.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// What a source URL serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// An RSS feed (any version); its items are article pages.
    Rss,
    /// An Atom feed; its entries are article pages.
    Atom,
    /// A sitemap or sitemap index; its `<url>`s are article pages.
    Sitemap,
    /// One page, ingested again whenever its text changes.
    Page,
}

impl SourceKind {
    /// Lower-case name, as stored.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Rss => "rss",
            SourceKind::Atom => "atom",
            SourceKind::Sitemap => "sitemap",
            SourceKind::Page => "page",
        }
    }

    /// A guess from the URL, for `sources add` without `--kind`.
    pub fn guess(url: &str) -> SourceKind {
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or(url)
            .to_ascii_lowercase();
        if path.contains("sitemap") {
            SourceKind::Sitemap
        } else if path.contains("atom") {
            SourceKind::Atom
        } else if path.ends_with(".rss")
            || path.ends_with(".xml")
            || path.contains("/rss")
            || path.contains("feed")
        {
            SourceKind::Rss
        } else {
            SourceKind::Page
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SourceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rss" => Ok(SourceKind::Rss),
            "atom" => Ok(SourceKind::Atom),
            "sitemap" => Ok(SourceKind::Sitemap),
            "page" => Ok(SourceKind::Page),
            other => Err(format!(
                "{other:?} is not a source kind (rss, atom, sitemap or page)"
            )),
        }
    }
}

/// The shortest polling interval accepted: hoptac is a monitor, not a
/// scraper, and news sites deserve a pause.
pub const MIN_EVERY: Duration = Duration::from_secs(60);

/// `30m`, `2h`, `1d`, `90s`, `1h30m` → a duration of at least [`MIN_EVERY`].
pub fn parse_every(s: &str) -> Result<Duration, String> {
    let t = s.trim().to_ascii_lowercase();
    let bad = || format!("{s:?} is not an interval like 30m, 2h or 1d");
    if t.is_empty() {
        return Err(bad());
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => return Err(bad()),
        };
        let n: u64 = num.parse().map_err(|_| bad())?;
        total = total.saturating_add(n.saturating_mul(unit));
        num.clear();
    }
    if !num.is_empty() {
        return Err(bad());
    }
    let d = Duration::from_secs(total);
    if d < MIN_EVERY {
        return Err(format!("{s:?} is too often: poll at most once a minute"));
    }
    Ok(d)
}

/// `1800` seconds → `30m`, `5400` → `1h30m`.
pub fn format_every(secs: i64) -> String {
    let mut s = secs.max(0);
    let mut out = String::new();
    for (unit, name) in [(86400, 'd'), (3600, 'h'), (60, 'm'), (1, 's')] {
        if s >= unit {
            out.push_str(&format!("{}{name}", s / unit));
            s %= unit;
        }
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(parse_every("30m").unwrap().as_secs(), 1800);
        assert_eq!(parse_every("1h30m").unwrap().as_secs(), 5400);
        assert_eq!(parse_every("1d").unwrap().as_secs(), 86400);
        assert!(parse_every("10s").unwrap_err().contains("too often"));
        assert!(parse_every("30").is_err());
        assert!(parse_every("m").is_err());
        assert!(parse_every("half an hour").is_err());
        assert_eq!(format_every(5400), "1h30m");
        assert_eq!(format_every(86400), "1d");
    }

    #[test]
    fn kinds() {
        assert_eq!("RSS".parse::<SourceKind>(), Ok(SourceKind::Rss));
        assert!("html".parse::<SourceKind>().is_err());
        assert_eq!(SourceKind::guess("https://x.vn/rss/the-gioi.rss"), SourceKind::Rss);
        assert_eq!(SourceKind::guess("https://x.vn/sitemap-news.xml"), SourceKind::Sitemap);
        assert_eq!(SourceKind::guess("https://x.org/atom.xml"), SourceKind::Atom);
        assert_eq!(SourceKind::guess("https://x.go.jp/press/page1e.html"), SourceKind::Page);
    }
}
