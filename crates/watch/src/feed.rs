//! What a source lists: the items of an RSS or Atom feed (feed-rs) or of a
//! sitemap (urlset, sitemap index, Google News extensions).

use chrono::NaiveDate;
use quick_xml::events::Event;
use reqwest::Url;
use std::collections::HashSet;

/// One item a source lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What identifies it across polls: the feed's guid/id, else its URL.
    pub key: String,
    /// The article's URL.
    pub url: Option<String>,
    /// The title the source gives.
    pub title: Option<String>,
    /// The date the source gives (the page's own date wins).
    pub published: Option<NaiveDate>,
}

/// What a sitemap lists: pages, or further sitemaps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sitemap {
    /// `<url>` entries.
    pub items: Vec<Item>,
    /// `<sitemap>` entries of a sitemap index.
    pub children: Vec<String>,
}

/// Parse an RSS (0.9x, 1.0, 2.0) or Atom feed, already decoded to text.
/// Relative links resolve against `base`. Items repeated in the feed
/// (same key or same URL) are listed once.
pub fn parse_feed(text: &str, base: &Url) -> Result<Vec<Item>, String> {
    let text = utf8_declaration(text);
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build()
        .parse(text.as_bytes())
        .map_err(|e| format!("not an RSS or Atom feed: {e}"))?;
    let mut items = Vec::new();
    for e in feed.entries {
        let url = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .and_then(|l| base.join(l.href.trim()).ok())
            .map(String::from);
        let key = if e.id.trim().is_empty() {
            match &url {
                Some(u) => u.clone(),
                None => continue,
            }
        } else {
            e.id.trim().to_string()
        };
        items.push(Item {
            key,
            url,
            title: e.title.map(|t| collapse(&t.content)),
            published: e.published.or(e.updated).map(|d| d.date_naive()),
        });
    }
    Ok(dedup(items))
}

/// Parse a sitemap or sitemap index.
pub fn parse_sitemap(text: &str, base: &Url) -> Result<Sitemap, String> {
    let text = utf8_declaration(text);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut out = Sitemap::default();
    let mut path: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut cur = Item {
        key: String::new(),
        url: None,
        title: None,
        published: None,
    };
    let mut root_seen = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("not a sitemap: {e} at byte {}", reader.buffer_position()))?;
        match ev {
            Event::Start(s) => {
                let name = String::from_utf8_lossy(s.local_name().as_ref()).to_ascii_lowercase();
                if path.is_empty() {
                    if name != "urlset" && name != "sitemapindex" {
                        return Err(format!("not a sitemap: the root element is <{name}>"));
                    }
                    root_seen = true;
                }
                path.push(name);
                buf.clear();
            }
            Event::Text(t) => buf.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => buf.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buf.push(c);
                } else {
                    match r.decode().map_err(|e| e.to_string())?.as_ref() {
                        "amp" => buf.push('&'),
                        "lt" => buf.push('<'),
                        "gt" => buf.push('>'),
                        "quot" => buf.push('"'),
                        "apos" => buf.push('\''),
                        _ => {}
                    }
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let value = buf.trim().to_string();
                match (parent, name.as_str()) {
                    ("url", "loc") => cur.url = base.join(&value).ok().map(String::from),
                    ("url", "lastmod") => cur.published = cur.published.or(date(&value)),
                    ("news", "title") => cur.title = Some(collapse(&value)),
                    // The news date is the publication date: it beats lastmod.
                    ("news", "publication_date") => cur.published = date(&value).or(cur.published),
                    ("sitemap", "loc") => {
                        if let Ok(u) = base.join(&value) {
                            out.children.push(u.into());
                        }
                    }
                    (_, "url") => {
                        if let Some(u) = cur.url.take() {
                            out.items.push(Item {
                                key: u.clone(),
                                url: Some(u),
                                title: cur.title.take(),
                                published: cur.published.take(),
                            });
                        }
                        cur.title = None;
                        cur.published = None;
                    }
                    _ => {}
                }
                buf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err("not a sitemap: no <urlset> or <sitemapindex>".into());
    }
    out.items = dedup(out.items);
    Ok(out)
}

/// The text is UTF-8 now, whatever the XML declaration said: say so, or
/// the XML parser would decode it a second time.
fn utf8_declaration(text: &str) -> std::borrow::Cow<'_, str> {
    let t = text.trim_start_matches('\u{feff}');
    if let Some(rest) = t.strip_prefix("<?xml") {
        if let Some(end) = rest.find("?>") {
            return format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
                &rest[end + 2..]
            )
            .into();
        }
    }
    t.into()
}

fn dedup(items: Vec<Item>) -> Vec<Item> {
    let mut keys = HashSet::new();
    let mut urls = HashSet::new();
    items
        .into_iter()
        .filter(|i| {
            let new_key = keys.insert(i.key.clone());
            let new_url = i.url.as_ref().is_none_or(|u| urls.insert(u.clone()));
            new_key && new_url
        })
        .collect()
}

fn date(s: &str) -> Option<NaiveDate> {
    hoptac_ingest::parse_date(s)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("http://127.0.0.1:9/feeds/world.rss").unwrap()
    }

    #[test]
    fn rss_with_repeats_and_relative_links() {
        let rss = r#"<?xml version="1.0" encoding="windows-1258"?>
<rss version="2.0"><channel><title>Thế giới</title>
<item><title>Hội nghị Cấp cao ASEAN - Nhật Bản</title><link>/tg/a1.html</link><guid>a1</guid>
<pubDate>Tue, 28 Oct 2025 07:05:00 +0000</pubDate></item>
<item><title>Hội nghị Cấp cao ASEAN - Nhật Bản</title><link>/tg/a1.html</link><guid>a1</guid></item>
<item><title>Diễn đàn ASEAN - Nhật Bản</title><link>http://127.0.0.1:9/tg/a2.html</link></item>
</channel></rss>"#;
        let items = parse_feed(rss, &base()).unwrap();
        assert_eq!(items.len(), 2, "{items:#?}");
        assert_eq!(items[0].key, "a1");
        assert_eq!(
            items[0].url.as_deref(),
            Some("http://127.0.0.1:9/tg/a1.html")
        );
        assert_eq!(items[0].published.unwrap().to_string(), "2025-10-28");
        assert_eq!(
            items[1].url.as_deref(),
            Some("http://127.0.0.1:9/tg/a2.html")
        );
        assert!(!items[1].key.is_empty());
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Press</title><id>urn:x</id><updated>2025-10-27T00:00:00Z</updated>
<entry><id>urn:press:1</id><title>Japan-ASEAN Summit Meeting</title><link rel="alternate" href="http://127.0.0.1:9/press/1.html"/><updated>2025-10-26T10:00:00Z</updated></entry></feed>"#;
        let items = parse_feed(atom, &base()).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].key, "urn:press:1");
        assert_eq!(
            items[0].title.as_deref(),
            Some("Japan-ASEAN Summit Meeting")
        );
        assert_eq!(items[0].published.unwrap().to_string(), "2025-10-26");
    }

    #[test]
    fn bad_feed_is_an_error() {
        assert!(parse_feed("<html><body>no feed</body></html>", &base())
            .unwrap_err()
            .starts_with("not an RSS or Atom feed"));
    }

    #[test]
    fn sitemaps() {
        let sm = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://127.0.0.1:9/a?x=1&amp;y=2</loc><lastmod>2025-10-29</lastmod>
<news:news><news:title>Japan &amp; ASEAN</news:title><news:publication_date>2025-10-28T09:00:00+07:00</news:publication_date></news:news></url>
<url><loc><![CDATA[/b.html]]></loc></url>
<url><loc>/b.html</loc></url>
</urlset>"#;
        let s = parse_sitemap(sm, &base()).unwrap();
        assert_eq!(s.items.len(), 2);
        assert_eq!(
            s.items[0].url.as_deref(),
            Some("http://127.0.0.1:9/a?x=1&y=2")
        );
        assert_eq!(s.items[0].title.as_deref(), Some("Japan & ASEAN"));
        assert_eq!(s.items[0].published.unwrap().to_string(), "2025-10-28");
        assert_eq!(s.items[1].url.as_deref(), Some("http://127.0.0.1:9/b.html"));
        let idx = r#"<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>"#;
        let s = parse_sitemap(idx, &base()).unwrap();
        assert_eq!(s.children, vec!["http://127.0.0.1:9/s1.xml".to_string()]);
        assert!(parse_sitemap("<rss></rss>", &base()).is_err());
        assert!(parse_sitemap("<urlset><url><loc>x</url>", &base()).is_err());
    }
}
