//! The hashed file names cargo-leptos wrote to `hash.txt` beside the server binary.

use std::path::{Path, PathBuf};

const OUTPUT_NAME: &str = "sportello";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetNames {
    /// Whether names carry content hashes (so `/pkg/` may be cached as immutable).
    pub hashed: bool,
    pub css: String,
    pub js: String,
    pub wasm: String,
}

/// Where cargo-leptos puts `hash.txt`, and where Leptos' `HydrationScripts` reads it: beside the binary.
pub fn hash_file() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("hash.txt")
}

impl AssetNames {
    /// Reads `hash.txt` next to the running binary; without it, the unhashed names.
    pub fn load() -> AssetNames {
        match std::fs::read_to_string(hash_file()) {
            Ok(text) => AssetNames::from_hash_file(&text),
            Err(_) => AssetNames::unhashed(),
        }
    }

    pub fn unhashed() -> AssetNames {
        AssetNames {
            hashed: false,
            css: format!("{OUTPUT_NAME}.css"),
            js: format!("{OUTPUT_NAME}.js"),
            wasm: format!("{OUTPUT_NAME}_bg.wasm"),
        }
    }

    pub fn from_hash_file(text: &str) -> AssetNames {
        let mut names = AssetNames {
            hashed: true,
            ..AssetNames::unhashed()
        };
        for (kind, hash) in text.lines().filter_map(|l| l.split_once(':')) {
            let hash = hash.trim();
            match kind.trim() {
                "css" => names.css = format!("{OUTPUT_NAME}.{hash}.css"),
                "js" => names.js = format!("{OUTPUT_NAME}.{hash}.js"),
                "wasm" => names.wasm = format!("{OUTPUT_NAME}.{hash}.wasm"),
                _ => {}
            }
        }
        names
    }

    pub fn output_name() -> &'static str {
        OUTPUT_NAME
    }

    /// The URL paths of the first-load bundle.
    pub fn urls(&self) -> [String; 3] {
        [
            format!("/pkg/{}", self.css),
            format!("/pkg/{}", self.js),
            format!("/pkg/{}", self.wasm),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_leptos_hash_file() {
        let names = AssetNames::from_hash_file("js: abc\nwasm: def\ncss: 123\n");
        assert!(names.hashed);
        assert_eq!(names.css, "sportello.123.css");
        assert_eq!(names.js, "sportello.abc.js");
        assert_eq!(names.wasm, "sportello.def.wasm");
    }
}
