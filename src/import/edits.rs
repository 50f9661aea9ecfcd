//! Changes to a post's body as byte ranges and their replacements, applied
//! in one pass, with a map from the new text back to the source's lines;
//! and the notes the report lists (what was not converted, where, what to do).

use std::ops::Range;

/// What a note is about: the report's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    /// The post itself (not converted, a slug or alias changed).
    Post,
    Shortcode,
    Link,
    Image,
    Key,
}

/// One thing the report lists.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub topic: Topic,
    /// The source file, relative to the source site.
    pub file: String,
    pub line: usize,
    pub what: String,
    pub todo: String,
}

/// A replacement of `range` of a text.
#[derive(Debug, Clone)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// A text after edits, with where each part came from.
#[derive(Debug, Clone)]
pub struct Edited {
    pub text: String,
    /// (start in `text`, start in the original, whether it is unchanged), in order.
    segments: Vec<(usize, usize, bool)>,
}

impl Edited {
    /// `original` unchanged.
    #[cfg(test)]
    pub fn unchanged(original: &str) -> Edited {
        Edited { text: original.to_string(), segments: vec![(0, 0, true)] }
    }

    /// Applies `edits` (overlapping ones after the first are dropped) to `original`.
    pub fn apply(original: &str, mut edits: Vec<Edit>) -> Edited {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let mut text = String::with_capacity(original.len());
        let mut segments = Vec::new();
        let mut at = 0;
        for edit in edits {
            if edit.range.start < at || edit.range.end > original.len() {
                continue;
            }
            segments.push((text.len(), at, true));
            text.push_str(&original[at..edit.range.start]);
            segments.push((text.len(), edit.range.start, false));
            text.push_str(&edit.text);
            at = edit.range.end;
        }
        segments.push((text.len(), at, true));
        text.push_str(&original[at..]);
        Edited { text, segments }
    }

    /// The original offset that byte `at` of the edited text came from.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= at).saturating_sub(1);
        match self.segments.get(i) {
            Some(&(start, from, true)) => from + (at - start),
            Some(&(_, from, false)) => from,
            None => at,
        }
    }
}

/// Maps offsets of a post's body to file lines.
#[derive(Debug, Clone)]
pub struct Lines {
    /// Offsets of each line start in the original body.
    starts: Vec<usize>,
    /// The file line of the body's first line.
    first: usize,
}

impl Lines {
    pub fn new(body: &str, first: usize) -> Lines {
        let starts = std::iter::once(0).chain(body.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts, first }
    }

    /// The file line of byte `at` of the original body.
    pub fn line(&self, at: usize) -> usize {
        self.first + self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back() {
        let original = "ab{{< x >}}cd\nef";
        let e = Edited::apply(original, vec![Edit { range: 2..11, text: "Y".into() }]);
        assert_eq!(e.text, "abYcd\nef");
        assert_eq!(e.source_offset(0), 0);
        assert_eq!(e.source_offset(2), 2);
        assert_eq!(e.source_offset(3), 11);
        assert_eq!(e.source_offset(6), 14);
        let lines = Lines::new(original, 5);
        assert_eq!(lines.line(e.source_offset(6)), 6);
    }
}
