package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The file form of a document: header comment, then the text verbatim. */
class DocumentFileTest {

    @Test
    void aRenderedDocumentReadsBackTheSame() {
        ClusterDocument document = new ClusterDocument("settings", 7, "# comment\na: 1\n\n", "admin@192.0.2.1 (api)",
                1_795_000_000_123L);

        String file = DocumentFile.render(document);

        assertEquals("# moat-document name=settings version=7 updated-by=admin%40192.0.2.1+%28api%29"
                + " updated-at=2026-11-18T11:06:40.123Z\n# comment\na: 1\n\n", file);
        assertEquals(document, DocumentFile.parse("settings", file, "nobody"));
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of(Named.of("text without a header is version 0", "a: 1\n"), 0L, "a: 1\n", "cluster-config"),
                Arguments.of(Named.of("a header gives the version", "# moat-document version=3\na: 1\n"), 3L, "a: 1\n",
                        "cluster-config"),
                Arguments.of(Named.of("a CRLF header", "# moat-document version=4\r\na: 1\r\n"), 4L, "a: 1\r\n",
                        "cluster-config"),
                Arguments.of(Named.of("a header alone is an empty text", "# moat-document version=2"), 2L, "",
                        "cluster-config"),
                Arguments.of(Named.of("another comment is text", "# moat-documents version=3\n"), 0L,
                        "# moat-documents version=3\n", "cluster-config"),
                Arguments.of(Named.of("updated-by is decoded", "# moat-document version=1 updated-by=a%20b\n"), 1L, "",
                        "a b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void aTextReadsAsItsHeaderSays(String content, long version, String text, String updatedBy) {
        ClusterDocument document = DocumentFile.parse("settings", content, "cluster-config");

        assertEquals(version, document.version());
        assertEquals(text, document.text());
        assertEquals(updatedBy, document.updatedBy());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "# moat-document name=router version=1\n",
        "# moat-document version=seven\n",
        "# moat-document version=-1\n",
        "# moat-document version=1 updated-at=yesterday\n",
    })
    void aMalformedHeaderIsRefused(String content) {
        assertThrows(IllegalArgumentException.class, () -> DocumentFile.parse("settings", content, ""));
    }
}
