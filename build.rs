fn main() {
    // The rule pack is embedded with include_dir!, which does not tell cargo
    // to rebuild when a rule file changes.
    println!("cargo:rerun-if-changed=rules");
}
