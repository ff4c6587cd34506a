//! HTML pages: main text, title, publication date, canonical URL.
//!
//! The main text is the `<article>` (or `<main>`, or the body) with the
//! parts that are not the story removed: scripts, styles, navigation,
//! headers, footers, asides, forms, and blocks whose class or id says they
//! are menus, related links, share buttons or ads. Block elements become
//! paragraphs separated by a blank line. Markup never reaches the text:
//! what an article shows as `<script>` is text, and stays text.

use hoptac_model::{DocumentMeta, Lang};
use scraper::{ElementRef, Html, Node, Selector};

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "svg",
    "button", "select", "template", "canvas", "object", "embed", "menu", "dialog", "head",
];

/// Class or id words that mark boilerplate blocks.
const BOILERPLATE: &[&str] = &[
    "menu",
    "nav",
    "footer",
    "sidebar",
    "related",
    "comment",
    "share",
    "social",
    "breadcrumb",
    "advert",
    "banner",
    "cookie",
    "subscribe",
    "newsletter",
    "popup",
    "tags",
    "pagination",
];

/// Elements that start a new paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figcaption",
    "figure",
    "table",
    "tr",
    "pre",
    "dd",
    "dt",
    "dl",
    "br",
    "hr",
    "address",
    "center",
];

pub(crate) fn read(page: &str) -> (String, DocumentMeta) {
    let doc = Html::parse_document(page);
    let meta = DocumentMeta {
        title: title(&doc),
        url: first_attr(&doc, &["link[rel=canonical]"], "href")
            .or_else(|| first_attr(&doc, &["meta[property='og:url']"], "content")),
        published: first_attr(
            &doc,
            &[
                "meta[property='article:published_time']",
                "meta[property='og:published_time']",
                "meta[itemprop=datePublished]",
                "meta[name=pubdate]",
                "meta[name=publishdate]",
                "meta[name='dc.date']",
                "meta[name='DC.date.issued']",
                "meta[name=date]",
            ],
            "content",
        )
        .or_else(|| first_attr(&doc, &["time[datetime]"], "datetime"))
        .and_then(|d| crate::parse_date(&d)),
        lang: first_attr(&doc, &["html[lang]"], "lang")
            .and_then(|l| l.get(..2).and_then(|p| p.parse::<Lang>().ok())),
    };
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .find_map(|s| doc.select(&sel(s)).next())
        .unwrap_or_else(|| doc.root_element());
    let mut out = TextBuilder::default();
    walk(root, &mut out);
    (out.finish(), meta)
}

fn sel(s: &str) -> Selector {
    // Only called with the constant selectors above.
    Selector::parse(s).expect("valid selector")
}

fn first_attr(doc: &Html, selectors: &[&str], attr: &str) -> Option<String> {
    selectors.iter().find_map(|s| {
        doc.select(&sel(s))
            .filter_map(|e| e.value().attr(attr))
            .map(|v| v.trim().to_string())
            .find(|v| !v.is_empty())
    })
}

fn title(doc: &Html) -> Option<String> {
    first_attr(doc, &["meta[property='og:title']"], "content").or_else(|| {
        ["article h1", "h1", "title"].iter().find_map(|s| {
            doc.select(&sel(s))
                .map(|e| collapse(&e.text().collect::<String>()))
                .find(|t| !t.is_empty())
        })
    })
}

fn is_boilerplate(e: &ElementRef) -> bool {
    let v = e.value();
    if SKIP.contains(&v.name()) {
        return true;
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    let words = v.attr("class").unwrap_or("").to_ascii_lowercase()
        + " "
        + &v.attr("id").unwrap_or("").to_ascii_lowercase();
    words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| BOILERPLATE.contains(&w))
}

fn walk(e: ElementRef, out: &mut TextBuilder) {
    for child in e.children() {
        match child.value() {
            Node::Text(t) => out.text(t),
            Node::Element(el) => {
                let Some(ce) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_boilerplate(&ce) {
                    continue;
                }
                let block = BLOCK.contains(&el.name());
                if block {
                    out.paragraph();
                }
                walk(ce, out);
                if block {
                    out.paragraph();
                }
            }
            _ => {}
        }
    }
}

/// Collects text with collapsed spaces and blank lines between blocks.
#[derive(Default)]
struct TextBuilder {
    out: String,
    pending_space: bool,
    pending_break: bool,
}

impl TextBuilder {
    fn text(&mut self, t: &str) {
        for (i, word) in t.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            if !self.out.is_empty() {
                if self.pending_break {
                    self.out.push_str("\n\n");
                } else if self.pending_space {
                    self.out.push(' ');
                }
            }
            self.pending_break = false;
            self.pending_space = false;
            self.out.push_str(word);
        }
    }

    fn paragraph(&mut self) {
        self.pending_break = true;
    }

    fn finish(self) -> String {
        self.out
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="vi"><head>
<title>Hội nghị | Báo X</title>
<meta property="article:published_time" content="2024-10-10T09:00:00+07:00">
<link rel="canonical" href="https://example.com/a">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Trang chủ</a><a href="/tg">Thế giới</a></nav>
<div class="top-menu">Menu</div>
<article><h1>Thủ tướng dự hội nghị</h1><p>Chiều 10/10, tại   Viêng Chăn.</p>
<p>Đoạn &lt;script&gt;alert(1)&lt;/script&gt; hai.</p>
<div class="related-news"><a>Tin liên quan</a></div></article>
<footer>Bản quyền</footer></body></html>"#;

    #[test]
    fn main_text_without_noise() {
        let (text, meta) = read(PAGE);
        assert_eq!(
            text,
            "Thủ tướng dự hội nghị\n\nChiều 10/10, tại Viêng Chăn.\n\nĐoạn <script>alert(1)</script> hai."
        );
        assert_eq!(meta.title.as_deref(), Some("Thủ tướng dự hội nghị"));
        assert_eq!(meta.published.unwrap().to_string(), "2024-10-10");
        assert_eq!(meta.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(meta.lang, Some(Lang::Vi));
    }

    #[test]
    fn page_of_scripts_only_is_empty() {
        let (text, _) =
            read("<html><body><script>alert(1)</script><style>x{}</style></body></html>");
        assert_eq!(text, "");
    }
}
