package io.relais.directory.imports;

/** What an import did: every row is exactly one of created, updated or unchanged. */
public record ImportReport(int rows, int created, int updated, int unchanged, String encoding) {
}
