//! Small PDF documents (the employment-status certificate, the CV): A4 portrait, the standard
//! Helvetica fonts in WinAnsiEncoding (Italian accents included, nothing embedded), text wrapped to
//! the page width and flowing onto new pages, and QR codes drawn as vector squares.
//! `routes` holds the download routes that serve them.

pub mod cv;
mod fonts;
pub mod routes;

use fonts::Face;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
/// About 2 cm on every side.
const MARGIN: f32 = 56.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const HEADING_SIZE: f32 = 16.0;
const SUBHEADING_SIZE: f32 = 12.0;
const BODY_SIZE: f32 = 10.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.35;
/// Side of the printed QR code, in points (about 3.5 cm: scannable from paper).
const QR_SIDE: f32 = 100.0;
/// A label wider than this share of the line puts its value on the lines below.
const MAX_LABEL_SHARE: f32 = 0.45;

/// A document being laid out, page by page, top to bottom.
pub struct PdfDoc {
    title: String,
    lang: String,
    pages: Vec<Content>,
    /// Baseline position of the next element on the current page, from the bottom.
    y: f32,
}

impl PdfDoc {
    /// An empty document; `title` goes to the document information, `lang` (e.g. "it") to the
    /// catalog so screen readers pick the right voice.
    pub fn new(title: &str, lang: &str) -> PdfDoc {
        PdfDoc {
            title: title.to_string(),
            lang: lang.to_string(),
            pages: vec![Content::new()],
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    /// A title in bold 16 pt.
    pub fn heading(&mut self, text: &str) {
        self.space(HEADING_SIZE * 0.4);
        self.lines(Face::Bold, HEADING_SIZE, MARGIN, CONTENT_WIDTH, text);
        self.space(HEADING_SIZE * 0.3);
    }

    /// A section title in bold 12 pt.
    pub fn subheading(&mut self, text: &str) {
        self.space(SUBHEADING_SIZE * 0.6);
        self.lines(Face::Bold, SUBHEADING_SIZE, MARGIN, CONTENT_WIDTH, text);
        self.space(SUBHEADING_SIZE * 0.2);
    }

    /// Body text in 10 pt, wrapped to the page width.
    pub fn paragraph(&mut self, text: &str) {
        self.lines(Face::Regular, BODY_SIZE, MARGIN, CONTENT_WIDTH, text);
        self.space(BODY_SIZE * 0.5);
    }

    /// A "label: value" row: the label in bold, the value after it (wrapped beside the label,
    /// or below it when the label is long).
    pub fn field(&mut self, label: &str, value: &str) {
        let label = format!("{label}: ");
        let label_width = fonts::text_width(Face::Bold, BODY_SIZE, &label);
        if label_width > CONTENT_WIDTH * MAX_LABEL_SHARE {
            self.lines(Face::Bold, BODY_SIZE, MARGIN, CONTENT_WIDTH, &label);
            self.lines(
                Face::Regular,
                BODY_SIZE,
                MARGIN,
                CONTENT_WIDTH,
                if value.is_empty() { "-" } else { value },
            );
            return;
        }
        let value_lines = fonts::wrap(Face::Regular, BODY_SIZE, value, CONTENT_WIDTH - label_width);
        let line_height = BODY_SIZE * LEADING;
        for (i, line) in value_lines.iter().enumerate() {
            self.ensure(line_height);
            self.y -= BODY_SIZE;
            if i == 0 {
                self.text(Face::Bold, BODY_SIZE, MARGIN, &label);
            }
            self.text(Face::Regular, BODY_SIZE, MARGIN + label_width, line);
            self.y -= line_height - BODY_SIZE;
        }
    }

    /// A thin grey horizontal line across the content width.
    pub fn rule(&mut self) {
        self.ensure(BODY_SIZE);
        self.y -= BODY_SIZE * 0.5;
        let y = self.y;
        self.page()
            .save_state()
            .set_stroke_gray(0.6)
            .set_line_width(0.5)
            .move_to(MARGIN, y)
            .line_to(PAGE_WIDTH - MARGIN, y)
            .stroke()
            .restore_state();
        self.y -= BODY_SIZE * 0.5;
    }

    /// A QR code of `data` (drawn as filled squares, with the quiet zone the standard asks for)
    /// and a caption under it. Data too long for a QR code leaves just the caption.
    pub fn qr(&mut self, data: &str, caption: &str) {
        use qrcodegen::{QrCode, QrCodeEcc};
        let Ok(code) = QrCode::encode_text(data, QrCodeEcc::Medium) else {
            self.paragraph(caption);
            return;
        };
        const QUIET_MODULES: i32 = 4;
        let modules = code.size() + 2 * QUIET_MODULES;
        let unit = QR_SIDE / modules as f32;
        self.ensure(QR_SIDE + BODY_SIZE * 3.0);
        self.space(BODY_SIZE * 0.5);
        let bottom = self.y - QR_SIDE;
        let page = self.pages.last_mut();
        if let Some(page) = page {
            page.save_state().set_fill_gray(0.0);
            for row in 0..code.size() {
                for col in 0..code.size() {
                    if code.get_module(col, row) {
                        let x = MARGIN + (col + QUIET_MODULES) as f32 * unit;
                        let y = bottom + QR_SIDE - (row + QUIET_MODULES + 1) as f32 * unit;
                        // A hair of overlap avoids white seams between squares in some viewers.
                        page.rect(x, y, unit + 0.05, unit + 0.05);
                    }
                }
            }
            page.fill_nonzero().restore_state();
        }
        self.y = bottom;
        self.lines(Face::Regular, BODY_SIZE, MARGIN, CONTENT_WIDTH, caption);
        self.space(BODY_SIZE * 0.5);
    }

    /// Writes the document: catalog (with /Lang), page tree, fonts, one content stream per page,
    /// document information.
    pub fn finish(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let catalog_id = Ref::new(1);
        let tree_id = Ref::new(2);
        let regular_id = Ref::new(3);
        let bold_id = Ref::new(4);
        let info_id = Ref::new(5);
        let first_page = 6;
        let page_ids: Vec<Ref> = (0..self.pages.len())
            .map(|i| Ref::new(first_page + 2 * i as i32))
            .collect();

        pdf.catalog(catalog_id)
            .pages(tree_id)
            .lang(TextStr(&self.lang));
        pdf.pages(tree_id)
            .kids(page_ids.iter().copied())
            .count(page_ids.len() as i32);
        for (id, base) in [(regular_id, "Helvetica"), (bold_id, "Helvetica-Bold")] {
            pdf.type1_font(id)
                .base_font(Name(base.as_bytes()))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        pdf.document_info(info_id)
            .title(TextStr(&self.title))
            .producer(TextStr("Sportello Lavoro"));

        for (content, page_id) in self.pages.into_iter().zip(page_ids.iter().copied()) {
            let content_id = Ref::new(page_id.get() + 1);
            let mut page = pdf.page(page_id);
            page.parent(tree_id)
                .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
                .contents(content_id);
            page.resources()
                .fonts()
                .pair(Name(Face::Regular.resource()), regular_id)
                .pair(Name(Face::Bold.resource()), bold_id);
            page.finish();
            pdf.stream(content_id, &content.finish());
        }
        pdf.finish()
    }

    /// Number of pages laid out so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` still fits above the bottom margin.
    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.pages.push(Content::new());
            self.y = PAGE_HEIGHT - MARGIN;
        }
    }

    /// Vertical space, dropped at the top of a page.
    fn space(&mut self, height: f32) {
        if self.y < PAGE_HEIGHT - MARGIN {
            self.y = (self.y - height).max(MARGIN);
        }
    }

    fn lines(&mut self, face: Face, size: f32, x: f32, width: f32, text: &str) {
        let line_height = size * LEADING;
        for line in fonts::wrap(face, size, text, width) {
            self.ensure(line_height);
            self.y -= size;
            self.text(face, size, x, &line);
            self.y -= line_height - size;
        }
    }

    /// One line of text with its baseline at the current position.
    fn text(&mut self, face: Face, size: f32, x: f32, line: &str) {
        if line.is_empty() {
            return;
        }
        let y = self.y;
        let bytes = fonts::encode(line);
        self.page()
            .begin_text()
            .set_font(Name(face.resource()), size)
            .next_line(x, y)
            .show(Str(&bytes))
            .end_text();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    #[test]
    fn a_short_document_is_one_valid_pdf_page() {
        let mut doc = PdfDoc::new("Prova", "it");
        doc.heading("Certificato");
        doc.field("Nome", "Mario Rossi");
        doc.rule();
        let bytes = doc.finish();
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(count(&bytes, b"/Type /Page\n"), 1);
        assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"));
        assert_eq!(count(&bytes, b"/Lang (it)"), 1);
    }

    #[test]
    fn long_text_flows_onto_the_right_number_of_pages() {
        let mut doc = PdfDoc::new("Lungo", "it");
        // 10 pt with 1.35 leading on 730 pt of usable height: 54 lines a page.
        let per_page = ((PAGE_HEIGHT - 2.0 * MARGIN) / (BODY_SIZE * LEADING)).floor() as usize;
        let line = "parola ".repeat(10);
        let text = vec![line.trim(); per_page * 2 + 5].join("\n");
        doc.paragraph(&text);
        assert_eq!(doc.page_count(), 3);
        let bytes = doc.finish();
        assert_eq!(count(&bytes, b"/Type /Page\n"), 3);
        assert_eq!(count(&bytes, b"/Count 3"), 1);
    }

    #[test]
    fn accented_text_survives_in_the_content_stream() {
        let mut doc = PdfDoc::new("Disponibilità", "it");
        doc.paragraph("Perché è già così: città, più");
        doc.field("Attività", "né lì");
        let bytes = doc.finish();
        // Non-ASCII strings are written as hex strings of their WinAnsi bytes.
        let shown = |latin1: &[u8]| {
            let hex: String = latin1.iter().map(|b| format!("{b:02X}")).collect();
            format!("<{hex}> Tj").into_bytes()
        };
        let expected = shown(b"Perch\xE9 \xE8 gi\xE0 cos\xEC: citt\xE0, pi\xF9");
        assert_eq!(count(&bytes, &expected), 1);
        assert_eq!(count(&bytes, &shown(b"Attivit\xE0: ")), 1);
        assert_eq!(count(&bytes, &shown(b"n\xE9 l\xEC")), 1);
        assert_eq!(count(&bytes, b"/WinAnsiEncoding"), 2);
    }

    #[test]
    fn qr_codes_are_drawn_as_squares() {
        let mut doc = PdfDoc::new("QR", "it");
        doc.qr(
            "https://example.org/verifica-certificato?codice=ABCDEFGHJKLM",
            "Verifica",
        );
        let bytes = doc.finish();
        // Every dark module is one `re` operator; a version-4 code has well over 100.
        assert!(count(&bytes, b" re\n") > 100);
        assert_eq!(count(&bytes, b"(Verifica) Tj"), 1);
    }
}
