import CPangoCairo
import Foundation
import OutreachKit

/// Writes letters as a PDF, one US Letter page each (8.5 × 11 inches, 1-inch margins), with
/// Cairo and Pango: any script the system's fonts cover, accents included.
public enum LetterPrinter {
    private static let pageWidth = 612.0  // points
    private static let pageHeight = 792.0
    private static let margin = 72.0

    /// Writes `letters` to `path`. A letter too long for one page at 11 points is set smaller,
    /// down to 8 points, so each letter stays one page.
    /// - Returns: the labels of letters with characters no installed font can show.
    /// - Throws: `InputError.tooLongToPrint` for a letter too long for one page at 8 points;
    ///   `FileError.cannotWrite` when the PDF cannot be written.
    @discardableResult
    public static func write(_ letters: [PrintedLetter], to path: String) throws -> [String] {
        var missingGlyphs: [String] = []
        guard let surface = cairo_pdf_surface_create(path, pageWidth, pageHeight) else {
            throw FileError.cannotWrite(path: path, reason: "the PDF could not be started")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            throw FileError.cannotWrite(
                path: path, reason: String(cString: cairo_status_to_string(cairo_surface_status(surface))))
        }
        defer { cairo_destroy(context) }
        let scale = Double(outreach_pango_scale())
        for letter in letters {
            var size = 11.0
            while true {
                guard let layout = pango_cairo_create_layout(context) else { break }
                // Points, not pixels: PDF units are 1/72 inch, Pango's default is 96 per inch.
                if let pangoContext = pango_layout_get_context(layout) {
                    pango_cairo_context_set_resolution(pangoContext, 72)
                    pango_layout_context_changed(layout)
                }
                let font = pango_font_description_from_string("DejaVu Serif \(size)")
                pango_layout_set_font_description(layout, font)
                pango_font_description_free(font)
                pango_layout_set_width(layout, Int32((pageWidth - 2 * margin) * scale))
                pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
                pango_layout_set_text(layout, letter.text, -1)
                var ink = PangoRectangle()
                var logical = PangoRectangle()
                pango_layout_get_extents(layout, &ink, &logical)
                if Double(logical.height) / scale <= pageHeight - 2 * margin {
                    if pango_layout_get_unknown_glyphs_count(layout) > 0 { missingGlyphs.append(letter.label) }
                    cairo_move_to(context, margin, margin)
                    pango_cairo_show_layout(context, layout)
                    outreach_release_layout(layout)
                    break
                }
                outreach_release_layout(layout)
                size -= 0.5
                if size < 8 {
                    throw InputError.tooLongToPrint(letter: letter.label)
                }
            }
            cairo_show_page(context)
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw FileError.cannotWrite(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        return missingGlyphs
    }
}
