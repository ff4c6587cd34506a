//! HTML pages: main text, title, publication date, canonical URL.
//!
//! The main text is the `<article>` (or `<main>`, or the body) with the
//! parts that are not the story removed: scripts, styles, navigation,
//! headers, footers, asides, forms, figure captions, and blocks whose class
//! or id says they are menus, related links, share buttons, captions,
//! bylines or ads. Blocks that are mostly links with little text of their
//! own (menus and "related articles" lists with no telling class) go too,
//! as do the headings that announce such lists ("Tin liên quan").
//! Block elements become paragraphs separated by a blank line. Markup
//! never reaches the text: what an article shows as `<script>` is text,
//! and stays text.
//!
//! The publication date comes from, in order: meta tags
//! (`article:published_time`...), JSON-LD (`datePublished`, also inside
//! `@graph` and arrays), `<time datetime>`, and the visible date line
//! ("Thứ ba, 28/10/2025 14:05 (GMT+7)", "Minh Anh28/10/2025 14:05",
//! "October 28, 2025"). Such a line — a date with a few words around it:
//! a byline, a weekday, "Cập nhật" — under the headline or at the end of
//! the story is not part of the story, and is dropped from the text whether
//! or not it gave the date; a dated line in the middle is a timeline entry
//! of the story, and stays.

use chrono::NaiveDate;
use hoptac_model::{DocumentMeta, Lang};
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "canvas",
    "object",
    "embed",
    "menu",
    "dialog",
    "head",
    "figcaption",
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
    "byline",
    "author",
    "relate",
    "readmore",
    "more-news",
];

/// Headings that announce a list of other articles, folded to lower case.
const RELATED_HEADINGS: &[&str] = &[
    "tin liên quan",
    "bài liên quan",
    "tin cùng chuyên mục",
    "tin khác",
    "xem thêm",
    "đọc thêm",
    "có thể bạn quan tâm",
    "related",
    "related news",
    "related articles",
    "related stories",
    "read more",
    "more news",
    "more stories",
    "see also",
    "you may also like",
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
        .and_then(|d| crate::parse_date(&d))
        .or_else(|| json_ld_date(&doc))
        .or_else(|| {
            first_attr(&doc, &["time[datetime]"], "datetime").and_then(|d| crate::parse_date(&d))
        }),
        lang: first_attr(&doc, &["html[lang]"], "lang")
            .and_then(|l| l.get(..2).and_then(|p| p.parse::<Lang>().ok())),
    };
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .find_map(|s| doc.select(&sel(s)).next())
        .unwrap_or_else(|| doc.root_element());
    let mut out = TextBuilder::default();
    walk(root, &mut out);
    let (text, visible) = drop_date_lines(&out.finish());
    let mut meta = meta;
    meta.published = meta.published.or(visible);
    (text, meta)
}

/// `datePublished` of the page's JSON-LD (NewsArticle and kin), anywhere
/// in the object, its `@graph` or an array of objects.
fn json_ld_date(doc: &Html) -> Option<NaiveDate> {
    fn find(v: &serde_json::Value) -> Option<NaiveDate> {
        match v {
            serde_json::Value::Object(o) => o
                .get("datePublished")
                .and_then(|d| d.as_str())
                .and_then(crate::parse_date)
                .or_else(|| o.values().find_map(find)),
            serde_json::Value::Array(a) => a.iter().find_map(find),
            _ => None,
        }
    }
    doc.select(&sel("script[type='application/ld+json']"))
        .filter_map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.text().collect::<String>()).ok()
        })
        .find_map(|v| find(&v))
}

/// A date as news pages print it: 28/10/2025, 28-10-2025, 2025-10-28,
/// "28 October 2025", "October 28, 2025", "ngày 28 tháng 10 năm 2025".
/// No word boundary at the start: bylines glue names to dates.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>(?:19|20)\d{2})\b|\b(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})\b|\b(?P<ed>\d{1,2})\s+(?P<em>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<ey>(?:19|20)\d{2})\b|\b(?P<am>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<ad>\d{1,2}),?\s+(?P<ay>(?:19|20)\d{2})\b|ngày\s+(?P<vd>\d{1,2})\s+tháng\s+(?P<vm>\d{1,2})\s+năm\s+(?P<vy>(?:19|20)\d{2})",
    )
    .expect("valid date pattern")
});

/// What may stand beside a date in a date line and is not a word of text:
/// times, time zones, separators.
static TIME_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|sa|ch)?|\(?\s*(?:gmt|utc)\s*[+\-]?\s*\d*\s*\)?|\b(?:ict|jst)\b")
        .expect("valid time pattern")
});

fn month_number(name: &str) -> Option<u32> {
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let n = name.get(..3)?.to_ascii_lowercase();
    M.iter().position(|m| *m == n).map(|i| i as u32 + 1)
}

fn date_of(c: &regex::Captures) -> Option<NaiveDate> {
    let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = if let Some(y) = num("y") {
        (y, num("m")?, num("d")?)
    } else if let Some(y) = num("iy") {
        (y, num("im")?, num("id")?)
    } else if let Some(y) = num("ey") {
        (y, month_number(c.name("em")?.as_str())?, num("ed")?)
    } else if let Some(y) = num("ay") {
        (y, month_number(c.name("am")?.as_str())?, num("ad")?)
    } else {
        (num("vy")?, num("vm")?, num("vd")?)
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Words a date line may hold besides the date: a byline, a weekday, "Cập
/// nhật lúc". More than this and the paragraph is text that mentions a date.
const DATE_LINE_WORDS: usize = 6;

/// Where date lines stand: under the headline (the first paragraphs) or
/// under the story (the last ones). A short dated line in the middle is a
/// timeline entry of the story, and stays.
const DATE_LINE_HEAD: usize = 4;
const DATE_LINE_TAIL: usize = 2;

/// Remove date lines (bylines and datelines) from the head and tail of the
/// text; the first date found in one is the page's visible publication date.
fn drop_date_lines(text: &str) -> (String, Option<NaiveDate>) {
    let paras: Vec<&str> = text.split("\n\n").collect();
    let n = paras.len();
    let mut found = None;
    let mut kept: Vec<&str> = Vec::new();
    for (i, para) in paras.into_iter().enumerate() {
        let at_edge = i < DATE_LINE_HEAD || i + DATE_LINE_TAIL >= n;
        match DATE.captures(para).filter(|_| at_edge) {
            Some(c) if is_date_line(para) => found = found.or_else(|| date_of(&c)),
            _ => kept.push(para),
        }
    }
    (kept.join("\n\n"), found)
}

/// A date with at most a few words around it, in a short line.
fn is_date_line(para: &str) -> bool {
    let rest = DATE.replace_all(para, " ");
    let rest = TIME_NOISE.replace_all(&rest, " ");
    let words = rest
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    para.chars().count() <= 120 && words <= DATE_LINE_WORDS
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
    if v.attr("class")
        .is_some_and(|c| c.contains("more-news") || c.contains("read-more"))
        || words
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| BOILERPLATE.contains(&w) || w.contains("caption") || w.starts_with("relate"))
    {
        return true;
    }
    is_related_heading(e) || is_link_list(e)
}

/// A heading (or short block) that only says "related articles".
fn is_related_heading(e: &ElementRef) -> bool {
    if !matches!(
        e.value().name(),
        "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "span" | "strong" | "b"
    ) {
        return false;
    }
    let t = collapse(&e.text().collect::<String>()).to_lowercase();
    let t = t.trim_end_matches([':', '.', '»', '>', ' ']);
    RELATED_HEADINGS.contains(&t)
}

/// The most text of its own (not in links) a block of links may have and
/// still be a menu or a list of other articles.
const LINK_LIST_OWN_TEXT: usize = 80;

/// A block that is mostly links with little text of its own: a menu, a
/// list of other articles. A paragraph with a link in it is not one.
fn is_link_list(e: &ElementRef) -> bool {
    if !matches!(
        e.value().name(),
        "ul" | "ol" | "div" | "section" | "table" | "p" | "li" | "dl" | "span" | "td"
    ) {
        return false;
    }
    let mut links = 0;
    let mut link_chars = 0;
    for a in e.select(&sel("a")) {
        let n = collapse(&a.text().collect::<String>()).chars().count();
        if n > 0 {
            links += 1;
            link_chars += n;
        }
    }
    if links == 0 {
        return false;
    }
    let all = collapse(&e.text().collect::<String>());
    let total = all.chars().count();
    let own = total.saturating_sub(link_chars);
    let dense = link_chars * 10 >= total * 7;
    if links >= 2 {
        return dense && own <= LINK_LIST_OWN_TEXT;
    }
    // One link: only a "Xem thêm: <a>...</a>" line, nothing else around it.
    let mut own_text = all;
    for a in e.select(&sel("a")) {
        own_text = own_text.replacen(&collapse(&a.text().collect::<String>()), "", 1);
    }
    let own_text = own_text.to_lowercase();
    let own_text = own_text.trim_matches(|c: char| c.is_whitespace() || ":.-»>|".contains(c));
    matches!(e.value().name(), "p" | "li" | "div")
        && (own_text.is_empty() || RELATED_HEADINGS.contains(&own_text))
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

    /// An old-style page: no <article>, a body that is mostly menus, the
    /// date printed under the headline with the byline glued to it, a
    /// caption, a "related" list without any telling class, JSON-LD.
    const MENU_PAGE: &str = r#"<html><head><title>ASEAN - Nhật Bản</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Báo Mẫu"},
{"@type":"NewsArticle","headline":"ASEAN và Nhật Bản","datePublished":"2025-10-28T14:05:00+07:00"}]}</script></head>
<body><div id="wrap">
<div class="top"><a href="/">Trang chủ</a> | <a href="/tg">Thế giới</a> | <a href="/kt">Kinh tế</a> | <a href="/xh">Xã hội</a> | <a href="/vh">Văn hóa</a> | <a href="/tt">Thể thao</a></div>
<table><tr><td><a href="/a">Giá vàng</a></td><td><a href="/b">Thời tiết</a></td><td><a href="/c">Chứng khoán</a></td></tr></table>
<div class="col"><h1>Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28</h1>
<div><span>Minh Anh</span>28/10/2025 14:05</div>
<p>Chiều 28/10, tại Kuala Lumpur, Thủ tướng Phạm Minh Chính dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28.</p>
<div class="pic"><img src="x.jpg"><p class="image-caption">Các đại biểu chụp ảnh chung. Ảnh: TTXVN</p></div>
<figure><img src="y.jpg"><figcaption>Quang cảnh hội nghị.</figcaption></figure>
<p>Hai bên nhất trí tăng cường hợp tác về chuyển đổi số và <a href="/azec">Cộng đồng Phát thải ròng bằng 0 châu Á</a>.</p>
<p><a href="/x">Xem thêm: Quan hệ Việt Nam - Nhật Bản</a></p>
<h3>Tin liên quan</h3>
<div><div><a href="/r1">Thủ tướng gặp Thủ tướng Nhật Bản</a></div><div><a href="/r2">ASEAN và Hàn Quốc họp cấp cao</a></div></div>
</div>
<div><a href="/1">Giới thiệu</a> <a href="/2">Liên hệ</a> <a href="/3">Quảng cáo</a> <a href="/4">RSS</a></div>
</div></body></html>"#;

    #[test]
    fn page_of_menus_keeps_the_story_only() {
        let (text, meta) = read(MENU_PAGE);
        assert_eq!(
            text,
            "Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28\n\n\
             Chiều 28/10, tại Kuala Lumpur, Thủ tướng Phạm Minh Chính dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28.\n\n\
             Hai bên nhất trí tăng cường hợp tác về chuyển đổi số và Cộng đồng Phát thải ròng bằng 0 châu Á."
        );
        assert_eq!(meta.published.unwrap().to_string(), "2025-10-28");
    }

    #[test]
    fn json_ld_date_when_no_meta_tag() {
        let page = r#"<html><head><script type="application/ld+json">[{"@type":"NewsArticle","datePublished":"2025-10-26"}]</script></head>
<body><article><p>ASEAN and Japan adopted a joint statement on the AZEC initiative in Kuala Lumpur.</p></article></body></html>"#;
        assert_eq!(read(page).1.published.unwrap().to_string(), "2025-10-26");
        // A broken JSON-LD block is ignored, not an error.
        let broken = page.replace("[{", "[{,");
        assert_eq!(read(&broken).1.published, None);
    }

    #[test]
    fn visible_date_lines_give_the_date_and_leave_the_text() {
        for (line, date) in [
            ("Thứ ba, 28/10/2025 - 14:05 (GMT+7)", "2025-10-28"),
            ("Nguyễn Minh Thu28/10/2025 14:05", "2025-10-28"),
            ("Cập nhật lúc 09:30 ngày 27-10-2025", "2025-10-27"),
            ("October 26, 2025 | 10:15 JST", "2025-10-26"),
            ("By Tanaka Yuki, 26 Oct 2025", "2025-10-26"),
            ("Hà Nội, ngày 28 tháng 10 năm 2025", "2025-10-28"),
        ] {
            let page = format!(
                "<html><body><article><h1>Tiêu đề</h1><p>{line}</p><p>Ngày 26/10/2025, Thủ tướng lên đường dự Hội nghị Cấp cao ASEAN lần thứ 47 tại Kuala Lumpur, Ma-lai-xi-a.</p></article></body></html>"
            );
            let (text, meta) = read(&page);
            assert_eq!(
                meta.published.map(|d| d.to_string()).as_deref(),
                Some(date),
                "{line}"
            );
            assert!(!text.contains(line), "{line}: {text}");
            // A sentence that mentions a date is text, whatever its date.
            assert!(
                text.contains("Ngày 26/10/2025, Thủ tướng lên đường"),
                "{text}"
            );
        }
    }

    #[test]
    fn dated_lines_inside_the_story_stay() {
        let mut page =
            String::from("<html><body><article><h1>Chronology</h1><p>Thứ ba, 28/10/2025 14:05</p>");
        for p in [
            "ASEAN and Japan have held a summit every year since 1997.",
            "The milestones of the partnership are these.",
            "14/12/2023: Commemorative Summit in Tokyo",
            "26/10/2025: the 28th Summit in Kuala Lumpur",
            "Both sides agreed to meet again next year in Manila.",
            "The leaders also adopted a statement on maritime cooperation.",
            "Reporting by Minh Anh, 28/10/2025",
        ] {
            page.push_str(&format!("<p>{p}</p>"));
        }
        page.push_str("</article></body></html>");
        let (text, meta) = read(&page);
        assert_eq!(meta.published.unwrap().to_string(), "2025-10-28");
        assert!(
            text.contains("14/12/2023: Commemorative Summit in Tokyo"),
            "{text}"
        );
        assert!(
            text.contains("26/10/2025: the 28th Summit in Kuala Lumpur"),
            "{text}"
        );
        assert!(
            !text.contains("Thứ ba") && !text.contains("Reporting by"),
            "{text}"
        );
    }

    #[test]
    fn meta_date_beats_the_visible_line() {
        let page = r#"<html><head><meta property="article:published_time" content="2025-10-27T08:00:00Z"></head>
<body><article><p>28/10/2025 14:05</p><p>Text of the story, long enough to be a paragraph of the article.</p></article></body></html>"#;
        let (text, meta) = read(page);
        assert_eq!(meta.published.unwrap().to_string(), "2025-10-27");
        assert_eq!(
            text,
            "Text of the story, long enough to be a paragraph of the article."
        );
    }

    #[test]
    fn prose_with_links_is_kept() {
        let page = r#"<html><body><article><p><a href="/p">Thủ tướng Phạm Minh Chính</a> phát biểu.</p>
<p><a href="/a">ASEAN</a> and <a href="/j">Japan</a> agreed to deepen cooperation on energy.</p></article></body></html>"#;
        assert_eq!(
            read(page).0,
            "Thủ tướng Phạm Minh Chính phát biểu.\n\nASEAN and Japan agreed to deepen cooperation on energy."
        );
    }
}
