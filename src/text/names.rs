//! How names are written: the spellings of one name that differ only in
//! its separators, which the name check and the name learner both need.

/// Variants of a name that differ only in case, spaces and hyphens.
///
/// Between letters and digits (`F-35`, `CSG21`) a space, a hyphen or nothing
/// may stand; between words, a space or a hyphen, and nothing only in a
/// two-part name (`Indo-Pacific`, `IndoPacific`). Running every word of a
/// long name together is not a way anyone misspells it, and leaving those
/// out keeps the automaton small.
pub fn separator_variants(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    // Chunks, and for each gap after a chunk whether it sits between a
    // letter and a digit.
    let mut chunks: Vec<String> = vec![String::new()];
    let mut code_gap: Vec<bool> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' || c == '-' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let digit = before.is_some_and(|b| b.is_ascii_digit())
                || after.is_some_and(|a| a.is_ascii_digit());
            chunks.push(String::new());
            code_gap.push(digit);
            continue;
        }
        if i > 0 {
            let p = chars[i - 1];
            if p != ' '
                && p != '-'
                && (p.is_ascii_digit() != c.is_ascii_digit())
                && p.is_alphanumeric()
                && c.is_alphanumeric()
            {
                chunks.push(String::new());
                code_gap.push(true);
            }
        }
        chunks.last_mut().expect("one chunk at least").push(c);
    }
    // Empty chunks come from doubled separators; drop them with their gap.
    let mut kept_chunks = Vec::new();
    let mut kept_gaps = Vec::new();
    for (i, c) in chunks.into_iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        if !kept_chunks.is_empty() {
            kept_gaps.push(code_gap.get(i - 1).copied().unwrap_or(false));
        }
        kept_chunks.push(c);
    }
    let gaps = kept_gaps.len();
    if gaps == 0 || gaps > 8 {
        return vec![name.to_string()];
    }
    let options: Vec<&[&str]> = kept_gaps
        .iter()
        .map(|&code| {
            if code || gaps == 1 {
                &[" ", "-", ""][..]
            } else {
                &[" ", "-"][..]
            }
        })
        .collect();
    let mut out = vec![kept_chunks[0].clone()];
    for (chunk, opts) in kept_chunks[1..].iter().zip(&options) {
        out = out
            .iter()
            .flat_map(|prefix| opts.iter().map(move |sep| format!("{prefix}{sep}{chunk}")))
            .collect();
    }
    out
}

/// A name with each word written in two capitals (`GreenStreets`,
/// `DeLuca`) split there, by a space or a hyphen (`Green Streets
/// Initiative`, `Marcus De-Luca`): how a drafter who half-remembers such a
/// name writes it. Empty when no word has an inner capital.
pub fn camel_splits(name: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut cuts = Vec::new();
    for k in 1..chars.len() {
        let (p, c) = (chars[k - 1].1, chars[k].1);
        // A lower-case letter, then a capital with a lower-case letter
        // after it: `nS` in `GreenStreets`, not `PhD` or `USAir`.
        let next_lower = chars.get(k + 1).is_some_and(|&(_, n)| n.is_lowercase());
        let word_start = chars[..k]
            .iter()
            .rev()
            .take_while(|(_, x)| x.is_alphabetic())
            .count();
        if p.is_lowercase() && c.is_uppercase() && next_lower && word_start >= 2 {
            cuts.push(chars[k].0);
        }
    }
    if cuts.is_empty() || cuts.len() > 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for sep in [" ", "-"] {
        let mut v = String::with_capacity(name.len() + cuts.len());
        let mut at = 0;
        for &c in &cuts {
            v.push_str(&name[at..c]);
            v.push_str(sep);
            at = c;
        }
        v.push_str(&name[at..]);
        out.push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_case_names_split_where_a_drafter_splits_them() {
        assert_eq!(
            camel_splits("GreenStreets Initiative"),
            ["Green Streets Initiative", "Green-Streets Initiative"]
        );
        assert_eq!(
            camel_splits("Marcus DeLuca"),
            ["Marcus De Luca", "Marcus De-Luca"]
        );
        assert!(camel_splits("PhD USAir Mr McX").is_empty());
        assert!(camel_splits("Harborview Housing Trust").is_empty());
    }

    use super::*;

    #[test]
    fn separator_variants_cover_codes_and_names() {
        let v = separator_variants("F-35");
        assert!(v.contains(&"F35".to_string()) && v.contains(&"F 35".to_string()));
        assert!(separator_variants("CSG21").contains(&"CSG 21".to_string()));
        assert!(
            separator_variants("Self-Defense Forces").contains(&"Self Defense Forces".to_string())
        );
    }
}
