//! The report's own words in Vietnamese and English. Content (names,
//! quotes, plan text) is shown as extracted; only these labels change.

use crate::model::Lang;

/// (key, English, Vietnamese).
const MESSAGES: &[(&str, &str, &str)] = &[
    ("overview.title", "Overview of {p} relations", "Tổng quan quan hệ {p}"),
    ("progress.title", "Progress of the plan: {p}", "Tiến độ thực hiện kế hoạch: {p}"),
    ("meeting.title", "Meeting record: {p}", "Hồ sơ hội nghị: {p}"),
    ("as_of", "as of {d}", "tính đến {d}"),
    ("since", "changes since {d}", "thay đổi từ {d}"),
    ("sec.partnership", "Level and history", "Cấp độ và lịch sử quan hệ"),
    ("sec.mechanisms", "Mechanisms and latest meetings", "Cơ chế hợp tác và hội nghị gần nhất"),
    ("sec.progress", "Plan progress by pillar", "Tiến độ kế hoạch theo trụ cột"),
    ("sec.reported", "Totals reported in the news, against the tracker", "Số liệu báo chí nêu, đối chiếu với theo dõi"),
    ("sec.figures", "Key figures", "Số liệu chính"),
    ("sec.initiatives", "Initiatives and agreements", "Sáng kiến và hiệp định"),
    ("sec.commitments", "Open and overdue commitments", "Cam kết đang mở và quá hạn"),
    ("sec.lines", "Action lines", "Các dòng hành động"),
    ("sec.meeting", "The meeting", "Hội nghị"),
    ("sec.attendees", "Attendees", "Thành phần tham dự"),
    ("sec.adopted", "Documents adopted", "Văn kiện được thông qua"),
    ("sec.statements", "Statements", "Phát biểu"),
    ("sec.sources", "Sources", "Nguồn"),
    ("partnership", "Partnership", "Quan hệ đối tác"),
    ("parties", "Parties", "Các bên"),
    ("level", "Level", "Cấp độ"),
    ("level_since", "Level since", "Nâng cấp từ"),
    ("plan", "Plan", "Kế hoạch"),
    ("adopted", "adopted", "thông qua"),
    ("series", "Series", "Chuỗi hội nghị"),
    ("meeting", "Meeting", "Hội nghị"),
    ("date", "Date", "Ngày"),
    ("place", "Place", "Địa điểm"),
    ("reports", "Reports", "Số bài"),
    ("pillar", "Pillar", "Trụ cột"),
    ("lines", "Lines", "Số dòng"),
    ("not_started", "Not started", "Chưa bắt đầu"),
    ("ongoing", "Ongoing", "Đang thực hiện"),
    ("implemented", "Implemented", "Đã hoàn thành"),
    ("discontinued", "Discontinued", "Dừng"),
    ("total", "Total", "Tổng"),
    ("source", "Source", "Nguồn"),
    ("reported", "Reported", "Báo chí nêu"),
    ("tracker", "Tracker", "Theo dõi"),
    ("check", "Check", "Đối chiếu"),
    ("agrees", "agrees", "khớp"),
    ("disagrees", "disagrees", "không khớp"),
    ("indicator", "Indicator", "Chỉ số"),
    ("year", "Year", "Năm"),
    ("value", "Value", "Giá trị"),
    ("name", "Name", "Tên"),
    ("kind", "Kind", "Loại"),
    ("status", "Status", "Trạng thái"),
    ("last_mentioned", "Last mentioned", "Nhắc đến gần nhất"),
    ("who", "Who", "Ai"),
    ("what", "What", "Nội dung"),
    ("to_whom", "To whom", "Với ai"),
    ("deadline", "Deadline", "Thời hạn"),
    ("overdue", "overdue", "quá hạn"),
    ("line", "Line", "Dòng"),
    ("text", "Text", "Nội dung"),
    ("since_col", "Since", "Từ ngày"),
    ("evidence", "Evidence", "Bằng chứng"),
    ("change", "Change since {d}", "Thay đổi từ {d}"),
    ("unchanged", "unchanged", "không đổi"),
    ("title", "Title", "Chức danh"),
    ("country", "Country", "Quốc gia"),
    ("act", "Act", "Hành động"),
    ("doc", "Document", "Văn kiện"),
    ("action", "Action", "Hình thức"),
    ("no_data", "Nothing in the store yet.", "Chưa có dữ liệu trong kho."),
    ("billion_usd", "billion USD", "tỷ USD"),
    ("million_usd", "million USD", "triệu USD"),
    ("mentioned", "mentioned", "được nhắc đến"),
    (
        "derived.progress",
        "hoptac's count: the status history of plan {p} replayed up to {d}; the evidence of each status is cited in the progress report",
        "Số đếm của hoptac: lịch sử trạng thái của kế hoạch {p} tính đến {d}; bằng chứng của từng trạng thái được dẫn trong báo cáo tiến độ",
    ),
    (
        "derived.partnership",
        "the partnership as recorded with plan {p} (imported {d} by {w})",
        "quan hệ đối tác như đã ghi cùng kế hoạch {p} (nhập ngày {d}, người nhập: {w})",
    ),
    (
        "note.disagree",
        "Sources disagree on: {x}",
        "Các nguồn không thống nhất về: {x}",
    ),
    (
        "note.chart",
        "Each bar is a data point of the table above and carries its footnotes there.",
        "Mỗi cột là một điểm dữ liệu của bảng trên, có chú thích nguồn tại bảng.",
    ),
    (
        "note.meetingdocs",
        "Attendees and statements are those of the documents reporting this meeting.",
        "Thành phần và phát biểu lấy từ các bài viết đưa tin về hội nghị này.",
    ),
    (
        "colophon",
        "Written by hoptac on {d} from {n} stored documents. Every number is footnoted to the document and the bytes it comes from.",
        "Do hoptac soạn ngày {d} từ {n} tài liệu trong kho. Mọi con số đều có chú thích về tài liệu và vị trí byte làm nguồn.",
    ),
    ("published", "published", "đăng ngày"),
    ("bytes", "bytes", "byte"),
    ("computed", "computed", "tính toán"),
    ("reference", "reference", "tham chiếu"),
    ("commitments", "commitments", "cam kết"),
];

/// The label `key` in `lang`, with `{p}`, `{d}`, `{n}`, `{w}`, `{x}` filled from `args`.
pub fn t(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let (_, en, vi) = MESSAGES
        .iter()
        .find(|(k, _, _)| *k == key)
        .copied()
        .unwrap_or((key, key, key));
    let mut s = match lang {
        Lang::En => en.to_string(),
        Lang::Vi => vi.to_string(),
    };
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_both_languages_differ_or_are_names() {
        let mut keys: Vec<_> = MESSAGES.iter().map(|m| m.0).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "a key is listed twice");
        assert_eq!(t(Lang::Vi, "sec.sources", &[]), "Nguồn");
        assert_eq!(
            t(Lang::En, "as_of", &[("d", "2025-10-31")]),
            "as of 2025-10-31"
        );
    }
}
