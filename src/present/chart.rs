//! Small bar charts drawn at build time as inline SVG (no script), with a title and a text
//! description for screen readers.

use crate::base::escape::escape_html;

/// A bar chart of `bars` (label, value), left to right. `id` makes its element ids unique.
pub(crate) fn bar_chart(id: &str, title: &str, bars: &[(String, usize)]) -> String {
    const BAR: usize = 22;
    const GAP: usize = 8;
    const HEIGHT: usize = 80;
    const LABEL: usize = 16;
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let width = bars.len() * (BAR + GAP) + GAP;
    let description =
        bars.iter().map(|(label, value)| format!("{label}: {value}")).collect::<Vec<_>>().join(", ");
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {}\" \
         width=\"{width}\" height=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        HEIGHT + LABEL * 2,
        HEIGHT + LABEL * 2,
        escape_html(title),
        escape_html(&description)
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let h = (value * HEIGHT).div_ceil(max).max(if *value > 0 { 2 } else { 0 });
        let x = GAP + i * (BAR + GAP);
        let y = LABEL + HEIGHT - h;
        svg.push_str(&format!(
            "<g><rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{BAR}\" height=\"{h}\" rx=\"2\"/>\
             <text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{value}</text>\
             <text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            x + BAR / 2,
            y - 4,
            x + BAR / 2,
            LABEL + HEIGHT + 13,
            escape_html(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_are_described() {
        let svg = bar_chart("c", "Papers per year", &[("2020".into(), 2), ("2021".into(), 4)]);
        assert!(svg.contains("<desc id=\"c-desc\">2020: 2, 2021: 4</desc>"), "{svg}");
        assert!(svg.contains("height=\"40\""), "{svg}");
        assert!(svg.contains("height=\"80\""), "{svg}");
        assert!(svg.contains("aria-labelledby=\"c-title c-desc\""));
    }
}
