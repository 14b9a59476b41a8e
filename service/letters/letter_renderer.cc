#include "service/letters/letter_renderer.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"

namespace cancela::letters {
namespace {

// A4 in points, with 2 cm margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.7;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kLabelWidth = 170;
constexpr double kValueX = kMargin + kLabelWidth + 10;
constexpr double kValueWidth = kPageWidth - kMargin - kValueX;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.11, 0.12, 0.14};
constexpr Rgb kMuted{0.38, 0.40, 0.44};
constexpr Rgb kAccent{0.05, 0.33, 0.55};
constexpr Rgb kRule{0.80, 0.83, 0.87};
constexpr Rgb kPanel{0.95, 0.96, 0.97};

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct GObjectDeleter {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using Font = std::unique_ptr<PangoFontDescription, FontDeleter>;

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Font MakeFont(const char* description) { return Font(pango_font_description_from_string(description)); }

// Lays out text and moves down the page; starts a new page when the text does not fit.
class Writer {
 public:
  explicit Writer(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {}

  double y() const { return y_; }
  void Skip(double points) { y_ += points; }

  // Draws `text` at x with a width limit; returns its height.
  double Text(const std::string& text, const Font& font, Rgb color, double x, double width,
              PangoAlignment align = PANGO_ALIGN_LEFT) {
    PangoLayout* layout = layout_.get();
    pango_layout_set_font_description(layout, font.get());
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    const double height = static_cast<double>(h) / PANGO_SCALE;
    cairo_set_source_rgb(cr_, color.r, color.g, color.b);
    cairo_move_to(cr_, x, y_);
    pango_cairo_show_layout(cr_, layout);
    return height;
  }

  // Makes room for `height` points, starting a new page when needed.
  void Ensure(double height) {
    if (y_ + height <= kPageHeight - kMargin) return;
    cairo_show_page(cr_);
    y_ = kMargin;
  }

  void Rule(Rgb color, double width) {
    cairo_set_source_rgb(cr_, color.r, color.g, color.b);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, kMargin, y_);
    cairo_line_to(cr_, kPageWidth - kMargin, y_);
    cairo_stroke(cr_);
  }

  void Panel(double height) {
    cairo_set_source_rgb(cr_, kPanel.r, kPanel.g, kPanel.b);
    cairo_rectangle(cr_, kMargin, y_, kContentWidth, height);
    cairo_fill(cr_);
  }

  // The height `text` would take in `font` at `width`, without drawing it.
  double Measure(const std::string& text, const Font& font, double width) {
    PangoLayout* layout = layout_.get();
    pango_layout_set_font_description(layout, font.get());
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

 private:
  cairo_t* cr_;
  std::unique_ptr<PangoLayout, GObjectDeleter> layout_;
  double y_ = kMargin;
};

}  // namespace

absl::StatusOr<std::string> RenderLetterPdf(const LetterDocument& d) {
  std::string pdf;
  std::unique_ptr<cairo_surface_t, CairoDeleter> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, kPageWidth, kPageHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError("cannot create the letter's PDF surface");
  }
  // Fixed metadata: without a creation date of our own cairo writes the current time.
  const std::string created = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", d.issue_time, absl::UTCTimeZone());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, d.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, "cancela");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "cancela");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, created.c_str());
  {
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    Writer w(cr.get());
    const Font title = MakeFont("DejaVu Sans Bold 22");
    const Font subtitle = MakeFont("DejaVu Sans 11");
    const Font body = MakeFont("DejaVu Serif 10.5");
    const Font heading = MakeFont("DejaVu Sans Bold 11");
    const Font label = MakeFont("DejaVu Sans 9");
    const Font value = MakeFont("DejaVu Sans 9.5");
    const Font mono = MakeFont("DejaVu Sans Mono 8.5");
    const Font small = MakeFont("DejaVu Sans 8");

    w.Text("cancela", small, kAccent, kMargin, kContentWidth, PANGO_ALIGN_RIGHT);  // a mark, same line
    w.Skip(w.Text(d.title, title, kInk, kMargin, kContentWidth));
    w.Skip(2);
    w.Skip(w.Text(d.subtitle, subtitle, kMuted, kMargin, kContentWidth));
    w.Skip(10);
    w.Rule(kAccent, 2);
    w.Skip(16);
    w.Skip(w.Text(d.statement, body, kInk, kMargin, kContentWidth));
    w.Skip(14);

    for (const LetterSection& section : d.sections) {
      w.Ensure(40);
      w.Skip(w.Text(section.heading, heading, kAccent, kMargin, kContentWidth));
      w.Skip(4);
      w.Rule(kRule, 0.6);
      w.Skip(5);
      for (const LetterRow& row : section.rows) {
        const double height = std::max(w.Measure(row.label, label, kLabelWidth),
                                       w.Measure(row.value, value, kValueWidth));
        w.Ensure(height + 4);
        w.Text(row.label, label, kMuted, kMargin, kLabelWidth);
        w.Text(row.value, value, kInk, kValueX, kValueWidth);
        w.Skip(height + 4);
      }
      w.Skip(10);
    }

    const double hash_height = w.Measure(d.hash_label, label, kContentWidth - 20) +
                               w.Measure(d.hash, mono, kContentWidth - 20) + 20;
    w.Ensure(hash_height + 60);
    w.Panel(hash_height);
    w.Skip(8);
    w.Skip(w.Text(d.hash_label, label, kMuted, kMargin + 10, kContentWidth - 20));
    w.Skip(3);
    w.Skip(w.Text(d.hash, mono, kInk, kMargin + 10, kContentWidth - 20));
    w.Skip(22);
    w.Skip(w.Text(d.footer, small, kMuted, kMargin, kContentWidth));
    cairo_show_page(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return absl::InternalError(
          absl::StrCat("cannot draw the letter: ", cairo_status_to_string(cairo_status(cr.get()))));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError("cannot finish the letter's PDF");
  }
  return pdf;
}

}  // namespace cancela::letters
