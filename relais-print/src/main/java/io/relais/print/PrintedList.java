package io.relais.print;

import java.time.Instant;
import java.util.List;

/**
 * A list meant for paper and spreadsheets: the phone book and the on-call list are both this,
 * and one PDF and one CSV renderer print either.
 *
 * @param dataAsOf  the newest data the export reflects (null when the standby cannot tell)
 * @param readOnly  printed from a read-only copy (the primary site is down)
 * @param widths    relative column widths on paper
 * @param notice    printed on every page after the freshness (e.g. "COPIE DE SECOURS"), or null
 */
public record PrintedList(String title, String siteName, String siteCode, String fileName, Instant generatedAt,
                          Instant dataAsOf, boolean readOnly, String sectionColumn, List<String> columns,
                          float[] widths, List<Section> sections, String notice) {

    public record Section(String heading, List<List<String>> rows) {
    }

    public int rowCount() {
        return sections.stream().mapToInt(s -> s.rows().size()).sum();
    }
}
