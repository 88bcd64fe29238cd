//! The library's layers, as ARCHITECTURE.md draws them: a module imports
//! only from the layers below it, never from one beside or above it, so no
//! import circle can form (test code inside a module may reach further).

use std::path::Path;

/// Top-level modules by layer, lowest first. Modules on one layer do not
/// import each other.
const LAYERS: &[&[&str]] = &[
    &["diagnostic"],
    &["text", "input"],
    &["rules"],
    &["checks", "learn", "vale"],
    &["config"],
    &["discover"],
    &["engine"],
    &["fix"],
    &["lsp"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn modules_import_only_from_layers_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let Some(own) = layer(&top) else {
            continue; // lib.rs, main.rs
        };
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (i, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue; // documentation may point anywhere
            }
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(theirs) = layer(&name) {
                    if name != top && theirs >= own {
                        wrong.push(format!("{}:{}: {top} imports {name}", rel.display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}
