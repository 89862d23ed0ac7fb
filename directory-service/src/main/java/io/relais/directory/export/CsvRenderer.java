package io.relais.directory.export;

import io.relais.print.PrintedList;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV that a French-locale spreadsheet opens as a table with accents intact: UTF-8 with a byte
 * order mark (without it Excel assumes Windows-1252), semicolons (the comma is the decimal
 * separator there), CRLF line ends, the section as the first column.
 */
public final class CsvRenderer {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setDelimiter(';').setRecordSeparator("\r\n").get();

    private CsvRenderer() {
    }

    /**
     * A cell a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @})
     * is prefixed with an apostrophe (OWASP CSV injection): names and labels come from users.
     */
    static String defused(String raw) {
        // One line per cell filters and sorts better in a spreadsheet than multi-line cells.
        String cell = raw == null ? null : raw.replace("\n", " / ");
        if (cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }

    public static byte[] render(PrintedList list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(writer, FORMAT)) {
            writer.write('\uFEFF');
            List<String> header = new ArrayList<>();
            header.add(list.sectionColumn());
            header.addAll(list.columns());
            csv.printRecord(header);
            for (PrintedList.Section section : list.sections()) {
                for (List<String> row : section.rows()) {
                    List<String> record = new ArrayList<>(row.size() + 1);
                    record.add(defused(section.heading()));
                    row.forEach(cell -> record.add(defused(cell)));
                    csv.printRecord(record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
