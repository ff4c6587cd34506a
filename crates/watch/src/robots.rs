//! robots.txt (RFC 9309): which paths hoptac may fetch from a site.
//!
//! The group for the most specific user-agent token that matches ours
//! (`hoptac`), else the `*` group; within it the longest matching rule
//! wins, `Allow` over `Disallow` on a tie; `*` matches any run of
//! characters and a final `$` anchors the end. `Crawl-delay` is read too
//! (not in the RFC, but sites use it to ask for slower crawling).

/// The rules of one site that apply to hoptac.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    rules: Vec<Rule>,
    /// Seconds between requests the site asks for.
    pub crawl_delay: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

impl Robots {
    /// Everything allowed (no robots.txt, or a 4xx for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Parse a robots.txt for the user-agent token `agent` (e.g. `hoptac`).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        // Groups: (agents, rules, crawl-delay).
        let mut groups: Vec<(Vec<String>, Vec<Rule>, Option<f64>)> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents || groups.is_empty() {
                        groups.push((Vec::new(), Vec::new(), None));
                    }
                    in_agents = true;
                    if let Some(g) = groups.last_mut() {
                        g.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(g) = groups.last_mut() {
                        // An empty Disallow allows everything: no rule.
                        if !value.is_empty() {
                            g.1.push(Rule {
                                allow: key == "allow",
                                pattern: value.to_string(),
                            });
                        }
                    }
                }
                "crawl-delay" => {
                    in_agents = false;
                    if let Some(g) = groups.last_mut() {
                        g.2 = value
                            .parse::<f64>()
                            .ok()
                            .filter(|d| d.is_finite() && *d >= 0.0);
                    }
                }
                _ => {}
            }
        }
        // Our own group(s) if any names us, else the `*` ones; groups for
        // the same agent are merged (RFC 9309 2.2.1).
        let ours = |g: &&(Vec<String>, Vec<Rule>, Option<f64>)| {
            g.0.iter()
                .any(|a| a != "*" && !a.is_empty() && agent.starts_with(a.as_str()))
        };
        let star = |g: &&(Vec<String>, Vec<Rule>, Option<f64>)| g.0.iter().any(|a| a == "*");
        let chosen: Vec<_> = if groups.iter().any(|g| ours(&g)) {
            groups.iter().filter(ours).collect()
        } else {
            groups.iter().filter(star).collect()
        };
        Robots {
            rules: chosen.iter().flat_map(|g| g.1.iter().cloned()).collect(),
            crawl_delay: chosen.iter().find_map(|g| g.2),
        }
    }

    /// May hoptac fetch this path (with its query)?
    pub fn allowed(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for r in &self.rules {
            if matches(&r.pattern, path) {
                let len = r.pattern.len();
                let better = match best {
                    None => true,
                    Some((l, allow)) => len > l || (len == l && r.allow && !allow),
                };
                if better {
                    best = Some((len, r.allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Does a robots.txt pattern match the start of `path`?
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if i == parts.len() - 1 && anchored {
            // The last piece must end the path, after `pos`.
            return path.len() >= pos + part.len() && path.ends_with(part);
        } else {
            match path[pos..].find(part) {
                Some(j) => pos += j + part.len(),
                None => return false,
            }
        }
    }
    !anchored || pos == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "# a comment\nUser-agent: *\nDisallow: /private/\nAllow: /private/open\nDisallow: /*.pdf$\nCrawl-delay: 2\n\nUser-agent: BadBot\nDisallow: /\n";

    #[test]
    fn star_group_longest_match() {
        let r = Robots::parse(TXT, "hoptac");
        assert!(r.allowed("/news/a.html"));
        assert!(!r.allowed("/private/x.html"));
        assert!(r.allowed("/private/open-letter"));
        assert!(!r.allowed("/files/report.pdf"));
        assert!(r.allowed("/files/report.pdf?download=1"));
        assert!(r.allowed("/robots.txt"));
        assert_eq!(r.crawl_delay, Some(2.0));
        let bad = Robots::parse(TXT, "badbot");
        assert!(!bad.allowed("/news/a.html"));
    }

    #[test]
    fn our_group_wins_over_star() {
        let t = "User-agent: *\nDisallow: /\n\nUser-agent: hoptac\nUser-agent: other\nDisallow: /admin\n";
        let r = Robots::parse(t, "hoptac");
        assert!(r.allowed("/news"));
        assert!(!r.allowed("/admin/x"));
        assert!(!Robots::parse(t, "someone").allowed("/news"));
    }

    #[test]
    fn empty_and_odd_files_allow() {
        assert!(Robots::parse("", "hoptac").allowed("/x"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "hoptac").allowed("/x"));
        assert!(Robots::parse("<html>not robots</html>", "hoptac").allowed("/x"));
        assert!(!Robots::parse("User-agent: *\nDisallow: /\n", "hoptac").allowed("/"));
    }
}
