//! Embeds the built-in theme (`templates/`) into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    // Read at run time: `env!` would keep the folder the build script was
    // first compiled in, and a target folder copied from another checkout
    // would embed that checkout's templates.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&manifest).join("templates");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The built-in theme: (name, contents), sorted by name.\npub const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &files {
        writeln!(out, "    ({name:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_theme.rs");
    std::fs::write(dest, out).unwrap();
    build_id(Path::new(&manifest));
}

/// A fingerprint of the sources this binary is compiled from (`src/`,
/// `templates/`, `Cargo.lock`), so caches written by another build of the
/// same version are not trusted.
fn build_id(manifest: &Path) {
    use std::hash::Hasher;
    let mut files = Vec::new();
    for dir in ["src", "templates"] {
        let root = manifest.join(dir);
        let mut found = Vec::new();
        all_files(&root, &mut found);
        files.extend(found);
    }
    files.push(manifest.join("Cargo.lock"));
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    let mut second = std::hash::DefaultHasher::new();
    second.write_u8(1);
    for file in files {
        let name = file.strip_prefix(manifest).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(&file).unwrap_or_default();
        for h in [&mut hasher, &mut second] {
            h.write(name.as_bytes());
            h.write_usize(bytes.len());
            h.write(&bytes);
        }
    }
    let id = (u128::from(hasher.finish()) << 64) | u128::from(second.finish());
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("build_id.rs");
    std::fs::write(
        dest,
        format!("/// A fingerprint of the sources of this build.\nconst BUILD_SOURCES: u128 = {id};\n"),
    )
    .unwrap();
}

fn all_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("html" | "css" | "js")) {
            let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            files.push((name, path.to_string_lossy().into_owned()));
        }
    }
}
