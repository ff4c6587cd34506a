//! Bar charts as SVG, written by hand: a chart of a few groups needs axes,
//! bars, labels and a legend, and hand-written SVG keeps the output small,
//! deterministic (tests compare it) and free of font rasterisation.
//! Every value is printed on its bar, so the chart reads without the axis.

use crate::model::{Chart, Lang};

const COLOURS: &[&str] = &[
    "#1f5f99", "#e08a1e", "#b9c3cc", "#9b3d3d", "#4d8f4d", "#7a5ea8",
];

/// XML-escape text (labels come from articles and plan files).
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn num(v: f64, lang: Lang) -> String {
    let s = if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    };
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A "nice" axis maximum (1, 2, 2.5, 5 × 10^k) at or above `max`.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(max.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= max {
            return m * p;
        }
    }
    10.0 * p
}

/// The chart as a standalone `<svg>` element.
pub fn bar_chart(c: &Chart, lang: Lang) -> String {
    let (w, h) = (720.0_f64, 300.0_f64);
    let (left, right, top, bottom) = (56.0, 16.0, 36.0, 64.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let totals: Vec<f64> = c
        .groups
        .iter()
        .map(|g| {
            let vals = g.values.iter().flatten().map(|(v, _)| *v);
            if c.stacked {
                vals.sum()
            } else {
                vals.fold(0.0, f64::max)
            }
        })
        .collect();
    let max = nice_max(totals.iter().copied().fold(0.0, f64::max));
    let y = |v: f64| top + plot_h - v / max * plot_h;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-label=\"{}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">",
        esc(&c.title)
    );
    s.push_str(&format!(
        "<text x=\"{left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">{}</text>",
        esc(&c.title)
    ));
    // Grid and axis labels: 0, ¼, ½, ¾, max.
    for i in 0..=4 {
        let v = max * i as f64 / 4.0;
        let yy = y(v);
        s.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555\">{}</text>",
            left + plot_w,
            left - 6.0,
            yy + 4.0,
            num(v, lang)
        ));
    }
    s.push_str(&format!(
        "<text x=\"12\" y=\"{:.1}\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
        top + plot_h / 2.0,
        top + plot_h / 2.0,
        esc(&c.unit)
    ));
    let n = c.groups.len().max(1) as f64;
    let slot = plot_w / n;
    let nseries = c.series.len().max(1) as f64;
    let bar_w = if c.stacked {
        (slot * 0.5).min(90.0)
    } else {
        (slot * 0.7 / nseries).min(60.0)
    };
    for (gi, g) in c.groups.iter().enumerate() {
        let x0 = left + slot * gi as f64;
        let mut base = 0.0;
        for (si, v) in g.values.iter().enumerate() {
            let Some((v, _)) = v else { continue };
            let colour = COLOURS[si % COLOURS.len()];
            let (bx, by, bh) = if c.stacked {
                let bx = x0 + (slot - bar_w) / 2.0;
                let r = (bx, y(base + v), y(base) - y(base + v));
                base += v;
                r
            } else {
                let bx = x0 + (slot - bar_w * nseries) / 2.0 + bar_w * si as f64;
                (bx, y(*v), y(0.0) - y(*v))
            };
            s.push_str(&format!(
                "<rect x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{colour}\"><title>{}: {}</title></rect>",
                bar_w - 2.0,
                esc(&c.series.get(si).cloned().unwrap_or_default()),
                num(*v, lang)
            ));
            // The value on the bar (inside a stacked segment if it fits).
            if *v > 0.0 && (!c.stacked || bh >= 14.0) {
                let ty = if c.stacked {
                    by + bh / 2.0 + 4.0
                } else {
                    by - 4.0
                };
                let fill = if c.stacked && si == 0 { "#fff" } else { "#222" };
                s.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" fill=\"{fill}\">{}</text>",
                    bx + (bar_w - 2.0) / 2.0,
                    num(*v, lang)
                ));
            }
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#222\">{}</text>",
            x0 + slot / 2.0,
            top + plot_h + 16.0,
            esc(&g.label)
        ));
    }
    s.push_str(&format!(
        "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#444\"/>",
        left + plot_w,
        y(0.0),
        y(0.0)
    ));
    // Legend.
    let mut lx = left;
    let ly = h - 18.0;
    for (si, name) in c.series.iter().enumerate() {
        s.push_str(&format!(
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{ly:.1}\" fill=\"#222\">{}</text>",
            ly - 10.0,
            COLOURS[si % COLOURS.len()],
            lx + 16.0,
            esc(name)
        ));
        lx += 16.0 + 7.0 * name.chars().count() as f64 + 18.0;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BarGroup;

    #[test]
    fn bars_scale_to_a_nice_axis_and_labels_are_escaped() {
        let c = Chart {
            title: "Trade <&> FDI".into(),
            unit: "billion USD".into(),
            series: vec!["two-way trade".into()],
            groups: vec![
                BarGroup {
                    label: "2023".into(),
                    values: vec![Some((239.4, Some(1)))],
                },
                BarGroup {
                    label: "2024".into(),
                    values: vec![Some((236.6, Some(2)))],
                },
            ],
            stacked: false,
        };
        let s = bar_chart(&c, Lang::En);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("Trade &lt;&amp;&gt; FDI"));
        assert_eq!(nice_max(239.4), 250.0);
        assert_eq!(
            s.matches("<rect").count(),
            2 + 1,
            "two bars and one legend key"
        );
        assert!(s.contains(">239.4<") && s.contains(">236.6<"));
        assert!(bar_chart(&c, Lang::Vi).contains(">239,4<"));
    }
}
