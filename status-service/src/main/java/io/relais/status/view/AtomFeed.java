package io.relais.status.view;

import io.relais.status.config.StatusConfig;
import io.relais.status.incident.CachedIncident;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The incident history as an Atom 1.0 feed (RFC 4287): one entry per incident or maintenance,
 * its timeline as the entry's text content, ids as {@code urn:uuid:} URIs, RFC 3339 times.
 */
public final class AtomFeed {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private AtomFeed() {
    }

    public static String render(Snapshot s, StatusConfig.Page page) {
        List<CachedIncident> entries = new ArrayList<>(s.incidents());
        entries.addAll(s.maintenances());
        entries.sort(Comparator.comparing(CachedIncident::updatedAt).reversed());
        Instant updated = entries.stream().map(CachedIncident::updatedAt).max(Comparator.naturalOrder())
                .orElse(s.dataLoadedAt() != null ? s.dataLoadedAt() : s.builtAt());
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            xml.writeAttribute("xml", javax.xml.XMLConstants.XML_NS_URI, "lang", "fr");
            element(xml, "id", "tag:relais," + "2026:" + page.id() + ":history");
            element(xml, "title", page.name() + " — historique des incidents");
            element(xml, "updated", time(updated));
            link(xml, "alternate", page.url() + "/", "text/html");
            link(xml, "self", page.url() + "/history.atom", "application/atom+xml");
            xml.writeStartElement("author");
            element(xml, "name", page.name());
            xml.writeEndElement();
            for (CachedIncident i : entries) {
                xml.writeStartElement("entry");
                element(xml, "id", "urn:uuid:" + i.id());
                element(xml, "title", i.name());
                element(xml, "published", time(i.createdAt()));
                element(xml, "updated", time(i.updatedAt()));
                link(xml, "alternate", page.url() + "/#incident-" + i.id(), "text/html");
                StringBuilder text = new StringBuilder();
                for (CachedIncident.Update u : i.updates()) {
                    text.append(time(u.createdAt())).append(" — ").append(u.status()).append(" : ").append(u.body()).append('\n');
                }
                xml.writeStartElement("content");
                xml.writeAttribute("type", "text");
                xml.writeCharacters(text.toString());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("href", href);
        xml.writeAttribute("type", type);
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
