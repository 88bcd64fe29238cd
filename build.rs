use std::collections::{BTreeSet, HashMap};

fn main() {
    // The rule pack is embedded with include_dir!, which does not tell cargo
    // to rebuild when a rule file changes.
    println!("cargo:rerun-if-changed=rules");
    // The dictionaries' word forms, expanded once here so that a check can
    // answer most words before the dictionary is parsed (`text::spell`).
    let dir = std::path::Path::new("src/text/data/dictionaries");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    for name in ["en_GB", "en_US"] {
        let aff_path = dir.join(format!("{name}.aff"));
        let dic_path = dir.join(format!("{name}.dic"));
        println!("cargo:rerun-if-changed={}", aff_path.display());
        println!("cargo:rerun-if-changed={}", dic_path.display());
        let aff = std::fs::read_to_string(&aff_path).expect("the embedded .aff");
        let dic = std::fs::read_to_string(&dic_path).expect("the embedded .dic");
        let mut text = String::from("\n");
        for w in forms(&aff, &dic) {
            text.push_str(&w);
            text.push('\n');
        }
        std::fs::write(out.join(format!("{name}.forms")), text).expect("OUT_DIR is writable");
    }
}

/// One affix entry: strip, add, condition (one atom per character).
struct Affix {
    strip: String,
    add: String,
    condition: Vec<Atom>,
}

enum Atom {
    Any,
    Char(char),
    Class(Vec<char>, bool),
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Any => true,
            Atom::Char(x) => *x == c,
            Atom::Class(set, negated) => set.contains(&c) != *negated,
        }
    }
}

fn condition(text: &str) -> Vec<Atom> {
    let mut out = Vec::new();
    let mut cs = text.chars();
    while let Some(c) = cs.next() {
        match c {
            '.' => out.push(Atom::Any),
            '[' => {
                let mut set = Vec::new();
                let mut negated = false;
                for d in cs.by_ref() {
                    match d {
                        ']' => break,
                        '^' if set.is_empty() && !negated => negated = true,
                        d => set.push(d),
                    }
                }
                out.push(Atom::Class(set, negated));
            }
            c => out.push(Atom::Char(c)),
        }
    }
    out
}

/// Every word form the plain affix rules of a Hunspell dictionary give
/// (a stem, a stem with one suffix or one prefix, or both when both allow
/// the cross product), leaving out stems only for compounds and any form
/// with a digit. Forms only: whether the dictionary knows each one is the
/// parsed dictionary's answer, and a unit test holds every form (and the
/// cases it is taken to stand for) to it.
fn forms(aff: &str, dic: &str) -> BTreeSet<String> {
    // Flag → (is prefix, cross product, entries).
    let mut affixes: HashMap<char, (bool, bool, Vec<Affix>)> = HashMap::new();
    let mut only_in_compound: Vec<char> = Vec::new();
    for line in aff.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["ONLYINCOMPOUND", flag] => only_in_compound.extend(flag.chars()),
            [kind @ ("PFX" | "SFX"), flag, cross, _count]
                if !affixes.contains_key(&first(flag)) =>
            {
                affixes.insert(first(flag), (*kind == "PFX", *cross == "Y", Vec::new()));
            }
            [kind @ ("PFX" | "SFX"), flag, strip, add, cond, ..] => {
                let Some(entry) = affixes.get_mut(&first(flag)) else {
                    continue;
                };
                if entry.0 != (*kind == "PFX") || add.contains('/') {
                    // Continuation flags: not expanded (the dictionary
                    // answers those forms).
                    continue;
                }
                let zero = |s: &str| {
                    if s == "0" {
                        String::new()
                    } else {
                        s.to_string()
                    }
                };
                entry.2.push(Affix {
                    strip: zero(strip),
                    add: zero(add),
                    condition: condition(cond),
                });
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for line in dic.lines().skip(1) {
        let entry = line.split_whitespace().next().unwrap_or("");
        let (stem, flags) = entry.split_once('/').unwrap_or((entry, ""));
        if stem.is_empty()
            || stem.contains('\\')
            || flags.chars().any(|f| only_in_compound.contains(&f))
        {
            continue;
        }
        let mut suffixed = vec![(stem.to_string(), true)];
        for flag in flags.chars() {
            let Some((false, cross, entries)) = affixes.get(&flag) else {
                continue;
            };
            for a in entries {
                if let Some(w) = suffix(stem, a) {
                    suffixed.push((w, *cross));
                }
            }
        }
        for (w, cross) in &suffixed {
            out.insert(w.clone());
            for flag in flags.chars() {
                let Some((true, pcross, entries)) = affixes.get(&flag) else {
                    continue;
                };
                // A prefix on a suffixed form only when both allow it.
                if w != stem && !(*cross && *pcross) {
                    continue;
                }
                for a in entries {
                    if let Some(p) = prefix(w, a) {
                        out.insert(p);
                    }
                }
            }
        }
    }
    out.retain(|w| !w.chars().any(|c| c.is_ascii_digit()) && !w.is_empty());
    out
}

fn first(flag: &str) -> char {
    flag.chars().next().unwrap_or('\0')
}

fn suffix(stem: &str, a: &Affix) -> Option<String> {
    let cs: Vec<char> = stem.chars().collect();
    if cs.len() < a.condition.len() || !stem.ends_with(a.strip.as_str()) {
        return None;
    }
    let tail = &cs[cs.len() - a.condition.len()..];
    if !tail
        .iter()
        .zip(&a.condition)
        .all(|(c, atom)| atom.matches(*c))
    {
        return None;
    }
    let kept = &stem[..stem.len() - a.strip.len()];
    (!kept.is_empty() || !a.add.is_empty()).then(|| format!("{kept}{}", a.add))
}

fn prefix(stem: &str, a: &Affix) -> Option<String> {
    let cs: Vec<char> = stem.chars().collect();
    if cs.len() < a.condition.len() || !stem.starts_with(a.strip.as_str()) {
        return None;
    }
    if !cs
        .iter()
        .zip(&a.condition)
        .all(|(c, atom)| atom.matches(*c))
    {
        return None;
    }
    Some(format!("{}{}", a.add, &stem[a.strip.len()..]))
}
