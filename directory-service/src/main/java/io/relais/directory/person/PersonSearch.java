package io.relais.directory.person;

import io.relais.common.paging.PageRequest;

import java.util.UUID;

/** A people search: free text and filters, each optional. */
public record PersonSearch(String text, UUID siteId, UUID departmentId, String profession, PageRequest page) {
}
