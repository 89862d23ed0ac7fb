package io.relais.print;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link PrintedList} on A4 for the day the screens go dark: black on white only (it is
 * photocopied and faxed), a stamp on every page saying which site, when it was printed and how
 * fresh the data is, department headings repeated with "(suite)" when they run over a page, and
 * "page n / N". Helvetica with WinAnsi covers French names; any other character prints as "?".
 */
public final class PdfRenderer {

    private static final float MARGIN = 36;
    private static final float HEADER_HEIGHT = 46;
    private static final float FOOTER_HEIGHT = 18;
    private static final float BODY_SIZE = 8.5f;
    private static final float LEADING = 10.5f;
    private static final float CELL_PADDING = 3;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Integer, Boolean> encodable = new HashMap<>();
    private final ZoneId zone;

    private PDDocument document;
    private PDPageContentStream content;
    private float y;
    private float[] columnX;
    private float[] columnWidth;

    public PdfRenderer(ZoneId zone) {
        this.zone = zone;
    }

    public byte[] render(PrintedList list) {
        try (PDDocument doc = new PDDocument()) {
            document = doc;
            layoutColumns(list.widths());
            newPage(list, null);
            for (PrintedList.Section section : list.sections()) {
                if (y - 3 * LEADING < MARGIN + FOOTER_HEIGHT) {
                    newPage(list, null);
                }
                sectionHeading(section.heading(), false);
                for (List<String> row : section.rows()) {
                    List<List<String>> cells = wrapRow(row);
                    int lines = cells.stream().mapToInt(List::size).max().orElse(1);
                    float height = lines * LEADING + CELL_PADDING;
                    if (y - height < MARGIN + FOOTER_HEIGHT) {
                        newPage(list, section.heading());
                    }
                    drawRow(cells, height);
                }
                y -= LEADING / 2;
            }
            if (list.sections().isEmpty()) {
                text(regular, 10, MARGIN, y - LEADING, "Aucune donnée pour ce site sur cette période.");
            }
            content.close();
            stampPages(list);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(list.title() + " — " + list.siteName());
            info.setCreator("Relais directory-service");
            Calendar created = GregorianCalendar.from(list.generatedAt().atZone(zone));
            info.setCreationDate(created);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void layoutColumns(float[] widths) {
        float usable = PDRectangle.A4.getWidth() - 2 * MARGIN;
        float total = 0;
        for (float w : widths) {
            total += w;
        }
        columnX = new float[widths.length];
        columnWidth = new float[widths.length];
        float x = MARGIN;
        for (int i = 0; i < widths.length; i++) {
            columnX[i] = x;
            columnWidth[i] = usable * widths[i] / total;
            x += columnWidth[i];
        }
    }

    private void newPage(PrintedList list, String continuedSection) throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = PDRectangle.A4.getHeight() - MARGIN - HEADER_HEIGHT;
        // Column headings on every page.
        for (int i = 0; i < list.columns().size(); i++) {
            text(bold, BODY_SIZE, columnX[i] + CELL_PADDING, y - LEADING + 2, list.columns().get(i));
        }
        y -= LEADING + 2;
        rule(1f, y);
        y -= 2;
        if (continuedSection != null) {
            sectionHeading(continuedSection, true);
        }
    }

    private void sectionHeading(String heading, boolean continued) throws IOException {
        y -= LEADING + 2;
        text(bold, 10.5f, MARGIN, y + 2, heading + (continued ? " (suite)" : ""));
        y -= 3;
        rule(0.6f, y);
    }

    private void drawRow(List<List<String>> cells, float height) throws IOException {
        for (int c = 0; c < cells.size(); c++) {
            List<String> lines = cells.get(c);
            for (int l = 0; l < lines.size(); l++) {
                text(c == 0 ? bold : regular, BODY_SIZE, columnX[c] + CELL_PADDING, y - (l + 1) * LEADING + 2, lines.get(l));
            }
        }
        y -= height;
        rule(0.2f, y);
    }

    private List<List<String>> wrapRow(List<String> row) throws IOException {
        List<List<String>> cells = new ArrayList<>(row.size());
        for (int c = 0; c < row.size(); c++) {
            cells.add(wrap(c == 0 ? bold : regular, row.get(c) == null ? "" : row.get(c), columnWidth[c] - 2 * CELL_PADDING));
        }
        return cells;
    }

    /** Splits on explicit line breaks, then on spaces to fit {@code width}; an over-long word is cut. */
    private List<String> wrap(PDType1Font font, String text, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : printable(text).split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(font, candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                }
                line.setLength(0);
                line.append(word);
                while (width(font, line.toString()) > width && line.length() > 1) {
                    int cut = line.length() - 1;
                    while (cut > 1 && width(font, line.substring(0, cut)) > width) {
                        cut--;
                    }
                    lines.add(line.substring(0, cut));
                    line.delete(0, cut);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Site, print time and data freshness on every page, with "page n / N" once N is known. */
    private void stampPages(PrintedList list) throws IOException {
        int total = document.getNumberOfPages();
        String freshness = list.dataAsOf() == null ? "fraîcheur des données inconnue"
                : "données au " + STAMP.format(list.dataAsOf().atZone(zone));
        String meta = "Imprimé le " + STAMP.format(list.generatedAt().atZone(zone)) + " · " + freshness
                + (list.notice() != null ? " · " + list.notice() : "")
                + (list.readOnly() ? " · COPIE DE SECOURS EN LECTURE SEULE (site principal indisponible)" : "");
        for (int i = 0; i < total; i++) {
            PDPage page = document.getPage(i);
            try (PDPageContentStream stamp = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true)) {
                content = stamp;
                float top = PDRectangle.A4.getHeight() - MARGIN;
                text(bold, 14, MARGIN, top - 12, list.title() + " — " + list.siteName() + " (" + list.siteCode() + ")");
                text(regular, 8, MARGIN, top - 26, meta);
                String pageLabel = "page " + (i + 1) + " / " + total;
                float labelWidth = regular.getStringWidth(pageLabel) / 1000f * 8;
                text(regular, 8, PDRectangle.A4.getWidth() - MARGIN - labelWidth, MARGIN - 4, pageLabel);
                text(regular, 7, MARGIN, MARGIN - 4, "Relais · " + list.siteCode() + " · vérifiez la date avant usage");
            }
        }
    }

    private void text(PDType1Font font, float size, float x, float baseline, String value) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, baseline);
        content.showText(printable(value).replace('\n', ' '));
        content.endText();
    }

    private void rule(float thickness, float at) throws IOException {
        content.setLineWidth(thickness);
        content.moveTo(MARGIN, at);
        content.lineTo(PDRectangle.A4.getWidth() - MARGIN, at);
        content.stroke();
    }

    /** Width of already {@link #printable} text at {@link #BODY_SIZE} points. */
    private float width(PDType1Font font, String value) throws IOException {
        return font.getStringWidth(value) / 1000f * BODY_SIZE;
    }

    /** NFC-composed, with anything WinAnsi cannot show replaced by "?" (and tabs by spaces). */
    private String printable(String value) {
        String composed = Normalizer.normalize(value, Normalizer.Form.NFC).replace('\t', ' ').replace('\r', ' ');
        StringBuilder out = new StringBuilder(composed.length());
        composed.codePoints().forEach(cp -> {
            if (cp == '\n' || encodable.computeIfAbsent(cp, this::canEncode)) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private boolean canEncode(int codePoint) {
        try {
            regular.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
