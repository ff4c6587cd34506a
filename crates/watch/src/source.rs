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

/// `500ms`, `2s`, `1m`: a short duration for timeouts and rates.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(ms) = t.strip_suffix("ms") {
        return ms
            .parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|_| format!("{s:?} is not a duration like 500ms, 2s or 1m"));
    }
    let bad = || format!("{s:?} is not a duration like 500ms, 2s or 1m");
    let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
    let n: u64 = num.parse().map_err(|_| bad())?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(bad()),
    };
    Ok(Duration::from_secs(n.saturating_mul(unit)))
}

/// A source URL: absolute http or https with a host, returned normalised.
pub fn check_url(s: &str) -> Result<String, String> {
    let u = reqwest::Url::parse(s.trim()).map_err(|e| format!("{s:?} is not a URL: {e}"))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(format!("{s:?} is not an http or https URL"));
    }
    Ok(u.to_string())
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
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2s").unwrap(), Duration::from_secs(2));
        assert!(parse_duration("2").is_err());
        assert!(parse_duration("fast").is_err());
    }

    #[test]
    fn urls() {
        assert_eq!(
            check_url(" https://Example.org/rss ").unwrap(),
            "https://example.org/rss"
        );
        assert!(check_url("file:///etc/passwd").is_err());
        assert!(check_url("example.org/rss").is_err());
    }

    #[test]
    fn kinds() {
        assert_eq!("RSS".parse::<SourceKind>(), Ok(SourceKind::Rss));
        assert!("html".parse::<SourceKind>().is_err());
        assert_eq!(
            SourceKind::guess("https://x.vn/rss/the-gioi.rss"),
            SourceKind::Rss
        );
        assert_eq!(
            SourceKind::guess("https://x.vn/sitemap-news.xml"),
            SourceKind::Sitemap
        );
        assert_eq!(
            SourceKind::guess("https://x.org/atom.xml"),
            SourceKind::Atom
        );
        assert_eq!(
            SourceKind::guess("https://x.go.jp/press/page1e.html"),
            SourceKind::Page
        );
    }
}
