//! The dashboard's words in English and Vietnamese. The language comes
//! from `?lang=vi|en` (remembered in a cookie), else `Accept-Language`.

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    /// English.
    En,
    /// Vietnamese.
    Vi,
}

impl Ui {
    pub fn code(self) -> &'static str {
        match self {
            Ui::En => "en",
            Ui::Vi => "vi",
        }
    }
    pub fn parse(s: &str) -> Option<Ui> {
        match s.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("vi") => Some(Ui::Vi),
            Some("en") => Some(Ui::En),
            _ => None,
        }
    }
    /// The first of en/vi named in an Accept-Language header.
    pub fn from_accept(h: &str) -> Option<Ui> {
        h.split(',')
            .find_map(|p| Ui::parse(p.split(';').next().unwrap_or("")))
    }
}

/// (key, English, Vietnamese).
const MESSAGES: &[(&str, &str, &str)] = &[
    ("overview", "Overview", "Tổng quan"),
    ("documents", "Documents", "Tài liệu"),
    ("plan", "Plan", "Kế hoạch"),
    ("review", "Review", "Duyệt đề xuất"),
    ("figures", "Figures", "Số liệu"),
    ("meetings", "Meetings", "Hội nghị"),
    ("briefing", "Briefing", "Báo cáo"),
    ("search", "Search", "Tìm kiếm"),
    ("login", "Log in", "Đăng nhập"),
    ("logout", "Log out", "Đăng xuất"),
    (
        "progress_by_pillar",
        "Plan progress by pillar",
        "Tiến độ kế hoạch theo trụ cột",
    ),
    ("as_of", "as of", "tính đến"),
    ("implemented", "implemented", "đã thực hiện"),
    ("ongoing", "ongoing", "đang thực hiện"),
    ("not_started", "not started", "chưa bắt đầu"),
    ("discontinued", "discontinued", "ngừng"),
    ("all_lines", "All action lines", "Tất cả dòng hành động"),
    (
        "reported_vs_counted",
        "Reported vs counted",
        "Số báo cáo và số đếm được",
    ),
    ("reported", "reported", "báo cáo"),
    ("counted", "counted here", "đếm được"),
    ("agrees", "agrees", "khớp"),
    ("disagrees", "disagrees", "không khớp"),
    ("latest_meetings", "Latest meetings", "Hội nghị gần đây"),
    ("reports", "reports", "bài đưa tin"),
    ("key_figures", "Key figures", "Số liệu chính"),
    ("source", "source", "nguồn"),
    (
        "commitments",
        "Open and overdue commitments",
        "Cam kết đang mở và quá hạn",
    ),
    ("overdue", "overdue", "quá hạn"),
    ("deadline", "deadline", "hạn"),
    ("nothing", "Nothing yet.", "Chưa có gì."),
    (
        "no_plan",
        "No plan imported yet: hoptac plan import FILE.",
        "Chưa nhập kế hoạch: hoptac plan import FILE.",
    ),
    ("facts", "Facts", "Dữ kiện"),
    ("published", "published", "ngày đăng"),
    ("near_duplicate_of", "near-duplicate of", "gần trùng với"),
    ("entity", "entity", "thực thể"),
    (
        "mentions",
        "Mentions across documents and languages",
        "Nhắc đến trong các tài liệu và ngôn ngữ",
    ),
    ("surfaces", "Names seen", "Các tên gọi"),
    ("status", "status", "trạng thái"),
    ("since", "since", "từ"),
    ("evidence", "evidence", "bằng chứng"),
    ("history", "history", "lịch sử"),
    ("by", "by", "bởi"),
    ("accept", "Accept", "Chấp nhận"),
    ("reject", "Reject", "Từ chối"),
    ("why", "why", "lý do"),
    (
        "login_needed",
        "Reviewing needs an analyst token: log in first.",
        "Cần mã truy cập của chuyên viên: hãy đăng nhập.",
    ),
    ("token", "Token", "Mã truy cập"),
    ("logged_in_as", "logged in as", "đăng nhập với tên"),
    (
        "no_suggestions",
        "No suggestions waiting.",
        "Không có đề xuất nào chờ duyệt.",
    ),
    ("series", "Series", "Chuỗi số liệu"),
    ("year", "year", "năm"),
    ("value", "value", "giá trị"),
    (
        "sources_disagree",
        "sources disagree",
        "các nguồn không thống nhất",
    ),
    ("title", "title", "tiêu đề"),
    ("lang", "language", "ngôn ngữ"),
    ("error", "Error", "Lỗi"),
    (
        "done_accept",
        "Accepted: the status is set, with the document as evidence.",
        "Đã chấp nhận: trạng thái đã cập nhật, tài liệu là bằng chứng.",
    ),
    (
        "done_reject",
        "Rejected: it will not be proposed again.",
        "Đã từ chối: sẽ không đề xuất lại.",
    ),
    (
        "done_correct",
        "Corrected: the document is evidence for what you chose; the suggestion will not be proposed again.",
        "Đã sửa: tài liệu là bằng chứng cho mục bạn chọn; đề xuất sẽ không được đưa ra lại.",
    ),
    ("correct", "Correct", "Sửa"),
    ("evidence_for", "evidence for", "là bằng chứng cho"),
    ("line", "action line", "dòng hành động"),
    ("commitment", "commitment", "cam kết"),
    (
        "quote_optional",
        "passage (optional, words of the document)",
        "đoạn trích (không bắt buộc, nguyên văn trong tài liệu)",
    ),
    ("note", "note", "ghi chú"),
    (
        "search_placeholder",
        "words, with or without diacritics",
        "từ khóa, có dấu hoặc không dấu",
    ),
    (
        "search_hint",
        "Every word must match, with or without diacritics (phat thai rong finds phát thải ròng); put a phrase in double quotes.",
        "Mọi từ đều phải khớp, có dấu hoặc không dấu (phat thai rong tìm thấy phát thải ròng); đặt cụm từ trong dấu ngoặc kép.",
    ),
    ("any", "any", "tất cả"),
    ("from", "from", "từ ngày"),
    ("to", "to", "đến ngày"),
    ("fact_kind", "answer with", "trả lời bằng"),
    ("duplicates_too", "include republications", "gồm cả bài đăng lại"),
    ("documents_match", "documents match", "tài liệu khớp"),
    ("sentences_match", "sentences with such facts match", "câu có dữ kiện như vậy khớp"),
    ("no_results", "Nothing matches.", "Không có kết quả."),
    ("fact_hits", "Facts in matching sentences", "Dữ kiện trong các câu khớp"),
    ("by_year", "By year", "Theo năm"),
    ("by_lang", "By language", "Theo ngôn ngữ"),
    ("by_partner", "By partner", "Theo đối tác"),
    ("by_entity", "By entity", "Theo thực thể"),
    ("next", "next", "tiếp"),
    ("previous", "previous", "trước"),
    ("for", "for", "cho"),
    ("facts_n", "facts", "dữ kiện"),
    ("entities_n", "entities", "thực thể"),
];

/// The word for `key` in `ui`; the key itself if it is missing (a test
/// checks that every key used has both languages).
pub fn tr(ui: Ui, key: &str) -> &'static str {
    for (k, en, vi) in MESSAGES {
        if *k == key {
            return match ui {
                Ui::En => en,
                Ui::Vi => vi,
            };
        }
    }
    debug_assert!(false, "no message {key:?}");
    "?"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_chosen_and_complete() {
        assert_eq!(Ui::from_accept("vi-VN,vi;q=0.9,en;q=0.8"), Some(Ui::Vi));
        assert_eq!(Ui::from_accept("fr-FR, en;q=0.5"), Some(Ui::En));
        assert_eq!(Ui::from_accept("fr"), None);
        for (k, en, vi) in MESSAGES {
            assert!(!en.is_empty() && !vi.is_empty(), "{k}");
        }
        let keys: std::collections::HashSet<_> = MESSAGES.iter().map(|m| m.0).collect();
        assert_eq!(keys.len(), MESSAGES.len(), "a key twice");
        assert_eq!(tr(Ui::Vi, "overview"), "Tổng quan");
    }
}
