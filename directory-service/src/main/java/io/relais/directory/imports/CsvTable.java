package io.relais.directory.imports;

import io.relais.common.problem.Problem;
import io.relais.common.problem.ProblemException;
import io.relais.common.problem.ProblemType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A CSV file as spreadsheets and HR systems write them: UTF-8 (with or without BOM) or, when it
 * plainly is, Windows-1252 (what a French Excel saves as "CSV (séparateur : point-virgule)"); comma or
 * semicolon separated, detected from the header; quoted fields per RFC 4180. Rows are numbered as
 * a spreadsheet shows them: the header is row 1.
 */
public record CsvTable(String encoding, List<Row> rows) {

    public record Row(int number, Map<String, String> cells) {

        /** The trimmed cell, or null when empty. */
        public String get(String column) {
            String value = cells.get(column);
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    public static CsvTable parse(byte[] body, Set<String> required, Set<String> optional, int maxRows) {
        Decoded decoded = decode(body);
        String text = decoded.text.startsWith("\uFEFF") ? decoded.text.substring(1) : decoded.text;
        if (text.isBlank()) {
            throw ProblemException.invalid("body", "the file is empty; send a header row and one row per line");
        }
        String headerLine = text.lines().findFirst().orElse("");
        char delimiter = count(headerLine, ';') > count(headerLine, ',') ? ';' : ',';
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setHeader()
                .setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(false).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            checkHeader(header, required, optional);
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                int number = (int) record.getRecordNumber() + 1;
                if (rows.size() >= maxRows) {
                    throw ProblemException.invalid("body", "the file has more than " + maxRows + " rows; split it");
                }
                if (record.size() != header.size()) {
                    throw ProblemException.invalid("rows[" + number + "]", "has " + record.size() + " cells where the header has "
                            + header.size() + " (a missing or extra '" + delimiter + "'? quote values that contain it)");
                }
                Map<String, String> cells = new TreeMap<>();
                for (int i = 0; i < header.size(); i++) {
                    cells.put(header.get(i), record.get(i));
                }
                rows.add(new Row(number, cells));
            }
            if (rows.isEmpty()) {
                throw ProblemException.invalid("body", "the file has a header but no rows");
            }
            return new CsvTable(decoded.encoding, rows);
        } catch (IOException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // commons-csv reports unbalanced quotes and duplicate header names this way.
            throw ProblemException.invalid("body", "not a readable CSV file: " + e.getMessage());
        }
    }

    /** Throws the collected row errors as one problem; nothing has been written yet. */
    public static void rejectIfAny(List<Problem.FieldError> errors, int rows, int maxReported) {
        if (errors.isEmpty()) {
            return;
        }
        long badRows = errors.stream().map(e -> e.field().replaceAll("\\].*", "")).distinct().count();
        throw new ProblemException(ProblemType.VALIDATION, errors.size() + " error(s) in " + badRows + " of " + rows
                + " rows; nothing was imported. Fix them and send the whole file again.",
                errors.subList(0, Math.min(errors.size(), maxReported)), Map.of());
    }

    private static void checkHeader(List<String> header, Set<String> required, Set<String> optional) {
        Set<String> missing = new LinkedHashSet<>(required);
        missing.removeAll(header);
        if (!missing.isEmpty()) {
            throw ProblemException.invalid("header", "missing column(s) " + missing + "; the columns are " + required
                    + " and optionally " + optional);
        }
        for (String column : header) {
            if (!required.contains(column) && !optional.contains(column)) {
                throw ProblemException.invalid("header", "unknown column '" + column + "'; the columns are " + required
                        + " and optionally " + optional);
            }
        }
    }

    private static long count(String line, char c) {
        return line.chars().filter(ch -> ch == c).count();
    }

    private record Decoded(String text, String encoding) {
    }

    /**
     * UTF-8 when the whole file is UTF-8; Windows-1252 when it plainly is (no byte that
     * Windows-1252 leaves undefined, and no UTF-8 sequence, which would mean rows saved by two
     * programs in two encodings). Anything else is refused, naming the first line in doubt,
     * rather than decoded into names nobody typed.
     */
    private static Decoded decode(byte[] body) {
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(body.length + 1);
        java.nio.charset.CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            return new Decoded(out.flip().toString(), "UTF-8");
        }
        int notUtf8 = in.position();
        for (int i = 0; i < body.length; i++) {
            int b = body[i] & 0xff;
            if (b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d) {
                throw ProblemException.invalid("rows[" + lineOf(body, i) + "]", "has a byte (0x" + Integer.toHexString(b)
                        + ") that is neither UTF-8 nor Windows-1252: save the file as \"CSV UTF-8\" and send it again");
            }
        }
        int utf8Sequence = firstUtf8Sequence(body);
        if (utf8Sequence >= 0) {
            throw ProblemException.invalid("rows[" + lineOf(body, notUtf8) + "]", "is not UTF-8 while line "
                    + lineOf(body, utf8Sequence) + " is: the file mixes two encodings. Save it as \"CSV UTF-8\" and send it again");
        }
        return new Decoded(new String(body, WINDOWS_1252), "windows-1252");
    }

    /** Where the first well-formed multi-byte UTF-8 sequence starts, or -1. */
    private static int firstUtf8Sequence(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            int lead = body[i] & 0xff;
            int continuation = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
            if (continuation == 0 || i + continuation >= body.length) {
                continue;
            }
            boolean sequence = true;
            for (int k = 1; k <= continuation; k++) {
                sequence &= (body[i + k] & 0xc0) == 0x80;
            }
            if (sequence) {
                return i;
            }
        }
        return -1;
    }

    /** The line of a byte, numbered as a spreadsheet numbers rows (the header is 1). */
    private static int lineOf(byte[] body, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < body.length; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
