package io.relais.status;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

import static io.relais.status.Api.anyone;
import static io.relais.status.Api.createIncident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incident history feed, checked against the requirements of RFC 4287. */
@QuarkusTest
@QuarkusTestResource(HealthEndpoints.class)
class AtomFeedTest {

    static final String ATOM = "http://www.w3.org/2005/Atom";

    @Test
    void theFeedIsValidAtom() throws Exception {
        createIncident("""
                {"name":"Coupure <réseau> & \\"DNS\\"","status":"investigating","impact":"minor","body":"Analyse : 1 < 2 & 3 > 2."}""");
        byte[] body = anyone().get("/history.atom").then().statusCode(200)
                .contentType("application/atom+xml").extract().asByteArray();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        Element feed = doc.getDocumentElement();
        assertEquals(ATOM, feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());
        // atom:feed MUST contain exactly one id, title and updated, and an author unless every entry has one (§4.1.1).
        for (String required : new String[]{"id", "title", "updated", "author"}) {
            assertEquals(1, children(feed, required).getLength(), "feed/" + required);
        }
        URI.create(text(feed, "id"));
        OffsetDateTime.parse(text(feed, "updated"));
        assertNotNull(text((Element) children(feed, "author").item(0), "name"));
        boolean self = false;
        NodeList links = children(feed, "link");
        for (int i = 0; i < links.getLength(); i++) {
            self |= "self".equals(((Element) links.item(i)).getAttribute("rel"));
        }
        assertTrue(self, "a feed SHOULD link to itself");

        NodeList entries = children(feed, "entry");
        assertTrue(entries.getLength() >= 1);
        Set<String> ids = new HashSet<>();
        boolean found = false;
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            for (String required : new String[]{"id", "title", "updated", "content"}) {
                assertEquals(1, children(entry, required).getLength(), "entry/" + required);
            }
            assertTrue(ids.add(text(entry, "id")), "entry ids are unique");
            assertTrue(URI.create(text(entry, "id")).isAbsolute(), "atom:id is an IRI");
            OffsetDateTime.parse(text(entry, "updated"));
            found |= text(entry, "title").equals("Coupure <réseau> & \"DNS\"")
                    && text(entry, "content").contains("Analyse : 1 < 2 & 3 > 2.");
        }
        assertTrue(found, "special characters survive escaping");
    }

    private static NodeList children(Element parent, String name) {
        org.w3c.dom.NodeList all = parent.getChildNodes();
        java.util.List<org.w3c.dom.Node> matching = new java.util.ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element e && ATOM.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                matching.add(e);
            }
        }
        return new NodeList() {
            public org.w3c.dom.Node item(int index) {
                return matching.get(index);
            }

            public int getLength() {
                return matching.size();
            }
        };
    }

    private static String text(Element parent, String name) {
        return children(parent, name).item(0).getTextContent();
    }
}
