//! Documents attached to tickets: which kinds are accepted, how a file's kind is recognised (by its
//! first bytes, never by its name or the browser's claim), and how the uploader's file name becomes
//! a name safe to show and to offer in a download. Pure: the server streams, hashes and stores.

use serde::{Deserialize, Serialize};

/// The kinds of document the counter accepts: what people scan or photograph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    Pdf,
    Jpeg,
    Png,
}

/// How many leading bytes [`DocumentKind::sniff`] needs to decide (the PNG signature is the longest).
pub const SNIFF_BYTES: usize = 8;

/// The longest display name kept, in characters.
pub const DISPLAY_NAME_MAX_CHARS: usize = 120;

/// The upload limit when the configuration says nothing, in megabytes.
pub const DEFAULT_MAX_UPLOAD_MB: u64 = 10;

/// The `accept` attribute of the file input: a hint to the browser's picker, not a check.
pub const ACCEPT_ATTRIBUTE: &str = "application/pdf,image/jpeg,image/png";

const PDF_MAGIC: &[u8] = b"%PDF-";
const PNG_MAGIC: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];

impl DocumentKind {
    pub const ALL: [DocumentKind; 3] = [DocumentKind::Pdf, DocumentKind::Jpeg, DocumentKind::Png];

    /// The kind of a file from its first bytes (at least [`SNIFF_BYTES`] when the file is that
    /// long), or `None` when it is none of the accepted kinds. The name is never consulted: a PNG
    /// called `scan.pdf` is a PNG, an HTML page called `scan.pdf` is refused.
    pub fn sniff(first_bytes: &[u8]) -> Option<DocumentKind> {
        if first_bytes.starts_with(PDF_MAGIC) {
            Some(DocumentKind::Pdf)
        } else if first_bytes.starts_with(PNG_MAGIC) {
            Some(DocumentKind::Png)
        } else if first_bytes.starts_with(JPEG_MAGIC) {
            Some(DocumentKind::Jpeg)
        } else {
            None
        }
    }

    /// The IANA media type, stored and sent as the download's `Content-Type`.
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Jpeg => "image/jpeg",
            DocumentKind::Png => "image/png",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.media_type() == media_type)
    }

    /// The extension a file of this kind gets when its name has none of its own.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Jpeg => "jpg",
            DocumentKind::Png => "png",
        }
    }

    /// A short label for lists (`PDF`, `JPEG`, `PNG`): the same in every language.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "PDF",
            DocumentKind::Jpeg => "JPEG",
            DocumentKind::Png => "PNG",
        }
    }

    fn owns_extension(self, ext: &str) -> bool {
        let ext = ext.to_ascii_lowercase();
        match self {
            DocumentKind::Pdf => ext == "pdf",
            DocumentKind::Jpeg => matches!(ext.as_str(), "jpg" | "jpeg" | "jfif"),
            DocumentKind::Png => ext == "png",
        }
    }
}

/// Who uploaded a document: the requester's side (the citizen or their intermediary) or the CPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentSide {
    Requester,
    Staff,
}

impl DocumentSide {
    /// The code stored in `ticket_document.side`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentSide::Requester => "requester",
            DocumentSide::Staff => "staff",
        }
    }

    pub fn parse(code: &str) -> Option<DocumentSide> {
        match code {
            "requester" => Some(DocumentSide::Requester),
            "staff" => Some(DocumentSide::Staff),
            _ => None,
        }
    }
}

/// Characters that mean something to a file system, a shell or a header, or that can disguise a
/// name; each becomes `_`.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | ';' | '%')
        // Bidirectional overrides and isolates (`invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`),
        // zero-width characters and the byte-order mark.
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The name shown for an uploaded file and offered when it is downloaded: the last path component
/// of what the browser sent, with unsafe characters replaced, spaces collapsed, no leading dots, at
/// most [`DISPLAY_NAME_MAX_CHARS`] characters, and an extension that matches the kind found by
/// sniffing (`scan.pdf` holding a PNG becomes `scan.png`). Never empty. Only for showing: the file
/// is stored under a name the server makes up.
pub fn display_name(raw: &str, kind: DocumentKind) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut cleaned = String::with_capacity(base.len());
    for c in base.chars() {
        let c = if c.is_whitespace() {
            ' '
        } else if is_unsafe(c) {
            '_'
        } else {
            c
        };
        if c == ' ' && (cleaned.is_empty() || cleaned.ends_with(' ')) {
            continue;
        }
        cleaned.push(c);
    }
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    // The stem: the name without an extension that names one of our kinds (it may name the
    // wrong one), so the right extension can go on.
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, ext))
            if DocumentKind::ALL
                .into_iter()
                .any(|k| k.owns_extension(ext.trim())) =>
        {
            if kind.owns_extension(ext.trim()) {
                return shorten(stem.trim_end(), &format!(".{}", ext.trim()), kind);
            }
            stem.trim_end()
        }
        _ => cleaned.as_str(),
    };
    shorten(stem, &format!(".{}", kind.extension()), kind)
}

/// `stem` + `ext`, with the stem cut so the whole fits; a default stem when nothing is left.
fn shorten(stem: &str, ext: &str, kind: DocumentKind) -> String {
    let room = DISPLAY_NAME_MAX_CHARS.saturating_sub(ext.chars().count());
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end();
    let stem = if stem.is_empty() {
        match kind {
            DocumentKind::Pdf => "documento",
            DocumentKind::Jpeg | DocumentKind::Png => "immagine",
        }
    } else {
        stem
    };
    format!("{stem}{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_HEAD: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    #[test]
    fn sniffs_the_accepted_kinds_by_their_signatures() {
        assert_eq!(
            DocumentKind::sniff(b"%PDF-1.7\n%\xE2\xE3"),
            Some(DocumentKind::Pdf)
        );
        assert_eq!(DocumentKind::sniff(PNG_HEAD), Some(DocumentKind::Png));
        assert_eq!(
            DocumentKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F']),
            Some(DocumentKind::Jpeg)
        );
    }

    #[test]
    fn a_png_renamed_pdf_is_a_png_and_gets_its_own_extension() {
        // The name plays no part in sniffing; the display name follows the content.
        let kind = DocumentKind::sniff(PNG_HEAD).expect("png");
        assert_eq!(kind, DocumentKind::Png);
        assert_eq!(kind.media_type(), "image/png");
        assert_eq!(display_name("scansione.pdf", kind), "scansione.png");
    }

    #[test]
    fn an_html_file_named_pdf_is_refused() {
        assert_eq!(
            DocumentKind::sniff(b"<!DOCTYPE html><html><script>alert(1)</script>"),
            None
        );
        assert_eq!(DocumentKind::sniff(b"  %PDF-1.4"), None, "leading junk");
        assert_eq!(DocumentKind::sniff(b"GIF89a\x01\x00"), None);
    }

    #[test]
    fn an_empty_or_truncated_file_is_no_kind() {
        assert_eq!(DocumentKind::sniff(b""), None);
        assert_eq!(DocumentKind::sniff(b"%PD"), None);
        assert_eq!(DocumentKind::sniff(&PNG_HEAD[..7]), None);
        assert_eq!(DocumentKind::sniff(&[0xFF, 0xD8]), None);
    }

    #[test]
    fn media_types_round_trip() {
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::from_media_type(kind.media_type()), Some(kind));
        }
        assert_eq!(DocumentKind::from_media_type("text/html"), None);
    }

    #[test]
    fn sides_round_trip() {
        for side in [DocumentSide::Requester, DocumentSide::Staff] {
            assert_eq!(DocumentSide::parse(side.as_str()), Some(side));
        }
        assert_eq!(DocumentSide::parse("admin"), None);
    }

    #[test]
    fn display_names_are_sanitised() {
        use DocumentKind::*;
        let cases: &[(&str, DocumentKind, &str)] = &[
            ("busta paga.pdf", Pdf, "busta paga.pdf"),
            ("C:\\Users\\anna\\Desktop\\CV.PDF", Pdf, "CV.PDF"),
            ("../../etc/passwd", Pdf, "passwd.pdf"),
            ("foto.jpeg", Jpeg, "foto.jpeg"),
            ("foto.JPG", Jpeg, "foto.JPG"),
            ("foto.png", Jpeg, "foto.jpg"),
            ("relazione", Pdf, "relazione.pdf"),
            ("relazione.v2", Pdf, "relazione.v2.pdf"),
            (".htaccess", Pdf, "htaccess.pdf"),
            ("a\u{202E}fdp.exe", Pdf, "a_fdp.exe.pdf"),
            ("a\"b<c>d|e;f%g.pdf", Pdf, "a_b_c_d_e_f_g.pdf"),
            ("  molti   spazi\t.pdf ", Pdf, "molti spazi.pdf"),
            ("riga\r\nnuova.pdf", Pdf, "riga nuova.pdf"),
            ("", Pdf, "documento.pdf"),
            ("...", Png, "immagine.png"),
            (".pdf", Pdf, "pdf.pdf"),
            ("Perché è così.pdf", Pdf, "Perché è così.pdf"),
        ];
        for (raw, kind, want) in cases {
            assert_eq!(display_name(raw, *kind), *want, "{raw:?}");
        }
    }

    #[test]
    fn display_names_fit_the_limit_and_keep_their_extension() {
        let long = format!("{}.pdf", "à".repeat(300));
        let name = display_name(&long, DocumentKind::Pdf);
        assert_eq!(name.chars().count(), DISPLAY_NAME_MAX_CHARS);
        assert!(name.ends_with(".pdf"));
        let name = display_name(&"x".repeat(500), DocumentKind::Png);
        assert_eq!(name.chars().count(), DISPLAY_NAME_MAX_CHARS);
        assert!(name.ends_with(".png"));
    }
}
