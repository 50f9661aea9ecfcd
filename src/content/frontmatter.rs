//! Splits a briefing file into its YAML front matter and Markdown body.

/// A file cut at its `---` fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line on which `yaml` starts (1-based).
    pub yaml_line: usize,
    pub body: &'a str,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file is empty or blank.
    Empty,
    /// The first line is not `---`.
    NoOpening,
    /// No closing `---` line after the opening one.
    Unclosed,
}

/// Cuts normalized `text` (see [`crate::walk::normalize`]) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if first.trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split { yaml, yaml_line: 2, body });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\ntitle: x\n---\nBody\n").unwrap();
        assert_eq!(s, Split { yaml: "title: x\n", yaml_line: 2, body: "Body\n" });
    }

    #[test]
    fn dashes_inside_values_do_not_close() {
        let s = split("---\ntitle: \"a --- b\"\n---\n").unwrap();
        assert_eq!(s.yaml, "title: \"a --- b\"\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn closing_fence_at_end_of_file() {
        assert_eq!(split("---\ntitle: x\n---").unwrap().body, "");
    }

    #[test]
    fn errors() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("title: x\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
    }
}
